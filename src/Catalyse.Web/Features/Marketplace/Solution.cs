namespace Catalyse.Web.Features.Marketplace;

/// <summary>
/// A solution that worked somewhere, shared by the whole network: what it is, where, for whom, its results with figures,
/// its cost and the conditions to replicate it, and the actor to contact.
/// </summary>
public sealed class Solution
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public string ForWhom { get; set; } = "";
    public string Results { get; set; } = "";
    public string Cost { get; set; } = "";
    public string Conditions { get; set; } = "";
    public List<string> Themes { get; set; } = [];
    /// <summary>Where it worked.</summary>
    public string? CommuneCode { get; set; }
    /// <summary>The territory of the network it comes from, when it is one.</summary>
    public int? OriginTerritoryId { get; set; }
    /// <summary>The directory entry (actor) to contact.</summary>
    public int? ContactEntryId { get; set; }
    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Territories that adapted it (rows of <see cref="SolutionAdoption"/>), kept with each row.</summary>
    public int AdoptionCount { get; set; }
}

/// <summary>Essaimage: territory B adapted solution S (from territory A), with what changed. One per territory and solution.</summary>
public sealed class SolutionAdoption
{
    public int Id { get; set; }
    public int SolutionId { get; set; }
    public int TerritoryId { get; set; }
    public required string Changes { get; set; }
    public DateOnly StartedOn { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
