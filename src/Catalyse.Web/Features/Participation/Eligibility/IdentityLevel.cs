namespace Catalyse.Web.Features.Participation.Eligibility;

/// <summary>What an action asks of the person, configured per action (a petition's signers, a vote's voters).</summary>
public enum IdentityLevel
{
    /// <summary>Signed in with a confirmed email address.</summary>
    EmailConfirmed = 1,
    /// <summary>And living in the perimeter: the declared commune and postal code belong to the territory.</summary>
    Resident = 2,
    /// <summary>Email confirmed and listed in the census file (which stands for the residence) the authority uploaded (stored hashed, each line claimed by one account).</summary>
    Census = 3,
}

/// <summary>A census line (surname, given name, birth date), kept only as a keyed hash; claimed by at most one account.</summary>
public sealed class CensusEntry : Infrastructure.Data.ITerritoryScoped
{
    public long Id { get; set; }
    public int TerritoryId { get; set; }
    public required string Hash { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
}

/// <summary>A territory's participation settings: the key of its census hashes, and the census's date and size.</summary>
public sealed class ParticipationSettings : Infrastructure.Data.ITerritoryScoped
{
    public int TerritoryId { get; set; }
    public byte[] CensusKey { get; set; } = [];
    public DateTimeOffset? CensusUploadedAt { get; set; }
    public int CensusSize { get; set; }
}
