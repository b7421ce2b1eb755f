using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Participation.Consultations;

/// <summary>The phases of a consultation, in order; each switches on what residents can do.</summary>
public enum PhaseKind { Information = 1, Proposals = 2, Deliberation = 3, Vote = 4, Results = 5, FollowUp = 6 }

/// <summary>A consultation of a territory: a question, a calendar of phases, the proposals it gathers.</summary>
public sealed class Consultation : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string Title { get; set; }
    public required string Question { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Supports a proposal needs to be studied by the authority.</summary>
    public int SupportThreshold { get; set; } = 50;
    /// <summary>Supports each person may give in this consultation (0: no limit).</summary>
    public int SupportsPerPerson { get; set; } = 10;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ConsultationPhase> Phases { get; set; } = [];

    public ConsultationPhase? PhaseAt(DateTimeOffset now) => Phases.FirstOrDefault(p => p.StartsAt <= now && now < p.EndsAt);

    /// <summary>New proposals: during the proposals phase. Supports and comments: during proposals and deliberation.</summary>
    public bool Allows(PhaseKind needed, DateTimeOffset now) => PhaseAt(now)?.Kind is { } k
        && (k == needed || (needed == PhaseKind.Deliberation && k == PhaseKind.Proposals));
}

public sealed class ConsultationPhase
{
    public int Id { get; set; }
    public int ConsultationId { get; set; }
    public PhaseKind Kind { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
}

/// <summary>What became of a proposal (accountability).</summary>
public enum ProposalStatus { New = 1, InStudy = 2, Accepted = 3, Rejected = 4, Merged = 5, Done = 6 }

/// <summary>A proposal (also a need or an idea) of a resident, answered by the authority.</summary>
public sealed class Proposal : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public int ConsultationId { get; set; }
    public required string AuthorId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>Where it applies: a commune of the perimeter (INSEE code), and an address or place.</summary>
    public string? CommuneCode { get; set; }
    public string? Place { get; set; }
    /// <summary>Attachments as links (documents, photos, maps elsewhere).</summary>
    public List<string> Links { get; set; } = [];
    public ProposalStatus Status { get; set; } = ProposalStatus.New;
    public string? Answer { get; set; }
    public long? EstimatedCost { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>Accountability: how far its realisation has gone, 0–100.</summary>
    public int Progress { get; set; }
    public int? MergedIntoId { get; set; }
    /// <summary>Supports, kept in the same transaction as each support.</summary>
    public int SupportCount { get; set; }
    public int CommentCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Hidden by moderation (a catalyst's decision, or reported by several people): the public reason.</summary>
    public string? HiddenReason { get; set; }
}

/// <summary>One person's support of a proposal: unique per proposal and person.</summary>
public sealed class ProposalSupport
{
    public long Id { get; set; }
    public int ProposalId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A person's use of their supports in a consultation: the per-person limit, counted atomically.</summary>
public sealed class SupportAllowance
{
    public int ConsultationId { get; set; }
    public required string UserId { get; set; }
    public int Used { get; set; }
}

public sealed class ProposalFollower
{
    public long Id { get; set; }
    public int ProposalId { get; set; }
    public required string UserId { get; set; }
}

/// <summary>A comment in a proposal's thread (a reply names its parent); the catalyst may hide one with a reason.</summary>
public sealed class ProposalComment
{
    public long Id { get; set; }
    public int ProposalId { get; set; }
    public long? ParentId { get; set; }
    public required string AuthorId { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? HiddenReason { get; set; }
}
