using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>
/// A public authority petitions are addressed to (a commune, an EPCI…), with the competences it declared and its
/// rules: quorum, duration of the signature period, who may sign. Its representatives review eligibility and answer.
/// </summary>
public sealed class PetitionAuthority : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string Name { get; set; }
    /// <summary>The competences the authority declared: a petition outside them is refused.</summary>
    public List<string> Competences { get; set; } = [];
    public int Quorum { get; set; } = 2000;
    public int DurationDays { get; set; } = 90;
    public IdentityLevel SignerLevel { get; set; } = IdentityLevel.Resident;
    public List<AuthorityRepresentative> Representatives { get; set; } = [];
}

/// <summary>A person who reviews and answers the petitions addressed to an authority (an elected official, an officer).</summary>
public sealed class AuthorityRepresentative
{
    public int Id { get; set; }
    public int AuthorityId { get; set; }
    public required string UserId { get; set; }
}

/// <summary>Filed → under review → refused (with a reason) or collecting signatures → answered.</summary>
public enum PetitionStatus { UnderReview = 1, Refused = 2, Collecting = 3, Answered = 4 }

/// <summary>What reaching the quorum leads to.</summary>
public enum PetitionNextStep { Answer = 1, Debate = 2, Vote = 3 }

public sealed class Petition : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public int AuthorityId { get; set; }
    public PetitionAuthority? Authority { get; set; }
    public required string AuthorId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>The competence of the authority the petition falls under, as its author sees it.</summary>
    public required string Competence { get; set; }
    public PetitionStatus Status { get; set; } = PetitionStatus.UnderReview;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewerId { get; set; }
    public string? RefusalReason { get; set; }
    /// <summary>The rules when it was declared eligible (the authority's may change later).</summary>
    public int Quorum { get; set; }
    public IdentityLevel SignerLevel { get; set; }
    public PetitionNextStep NextStep { get; set; } = PetitionNextStep.Answer;
    public DateTimeOffset? OpensAt { get; set; }
    public DateTimeOffset? ClosesAt { get; set; }
    /// <summary>Signatures, kept in the same transaction as each signature (conditional UPDATE).</summary>
    public int SignatureCount { get; set; }
    public DateTimeOffset? QuorumReachedAt { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>Hash of the last line of the public log (the genesis value before the first signature).</summary>
    public string LogHead { get; set; } = Integrity.LogChain.Genesis;
    /// <summary>Key of the log's pseudonyms (random, never shown).</summary>
    public byte[] LogKey { get; set; } = [];

    public string LogSubject => $"petition:{Id}";

    /// <summary>The phase the public sees, from the status and the dates.</summary>
    public PetitionPhase PhaseAt(DateTimeOffset now) => Status switch
    {
        PetitionStatus.UnderReview => PetitionPhase.UnderReview,
        PetitionStatus.Refused => PetitionPhase.Refused,
        PetitionStatus.Answered => PetitionPhase.Answered,
        _ when QuorumReachedAt is not null => PetitionPhase.QuorumReached,
        _ when ClosesAt <= now => PetitionPhase.Closed,
        _ => PetitionPhase.Collecting,
    };
}

public enum PetitionPhase { UnderReview = 1, Refused = 2, Collecting = 3, QuorumReached = 4, Closed = 5, Answered = 6 }

/// <summary>One person's signature: unique per petition and person (index), never updated.</summary>
public sealed class PetitionSignature
{
    public long Id { get; set; }
    public int PetitionId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    public int Seq { get; set; }
    public required string Pseudonym { get; set; }
    /// <summary>The client's Idempotency-Key, when it sent one: the same request again gets the same answer.</summary>
    public string? IdempotencyKey { get; set; }
}
