using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>What a match or an introduction points at.</summary>
public enum MatchKind { Solution = 1, Actor = 2, Place = 3, Offer = 4, Need = 5 }

/// <summary>proposed → accepted by both, or declined by one.</summary>
public enum IntroductionStatus { Proposed = 1, Accepted = 2, Declined = 3 }

/// <summary>What came of an accepted introduction: it feeds the ranking (past success).</summary>
public enum IntroductionOutcome { None = 0, MeetingHeld = 1, Partnership = 2, ProjectLaunched = 3, NoFollowUp = 4 }

/// <summary>
/// A mise en relation about a need: between the need's author and the person answering for a solution, an actor, a place
/// or an offer. Proposed by the catalyst or the need's author; both parties accept or decline; the outcome is tracked.
/// One per need and target (unique index).
/// </summary>
public sealed class Introduction : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public int NeedId { get; set; }
    public MatchKind TargetKind { get; set; }
    public int TargetId { get; set; }
    /// <summary>The target's name when proposed (an entry may be renamed later).</summary>
    public required string TargetName { get; set; }
    public required string ProposedBy { get; set; }
    /// <summary>The need's side (its author).</summary>
    public required string NeedPartyId { get; set; }
    /// <summary>The target's side: the offer's author, the solution's author, the person answering for the entry.</summary>
    public required string TargetPartyId { get; set; }
    public string Message { get; set; } = "";
    public bool? NeedPartyAccepted { get; set; }
    public bool? TargetPartyAccepted { get; set; }
    public IntroductionStatus Status { get; set; } = IntroductionStatus.Proposed;
    public IntroductionOutcome Outcome { get; set; }
    public string? OutcomeNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? OutcomeAt { get; set; }
}

/// <summary>A group of words that mean the same for matching ("personnes âgées ~ seniors ~ aînés"); per territory, editable by its catalysts.</summary>
public sealed class SynonymGroup : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    /// <summary>The terms as written, separated by " ~ ".</summary>
    public required string Terms { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
