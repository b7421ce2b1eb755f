using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>nouveau → qualifié → en cours (a project is on it) → satisfait, or abandonné with a reason.</summary>
public enum NeedStatus { New = 1, Qualified = 2, InProgress = 3, Satisfied = 4, Abandoned = 5 }

public enum NeedUrgency { Low = 1, Medium = 2, High = 3, Critical = 4 }

/// <summary>An unmet local need (besoin non couvert), posted by a resident, an actor or the catalyst.</summary>
public sealed class Need : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string AuthorId { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public List<string> Themes { get; set; } = [];
    public string? CommuneCode { get; set; }
    /// <summary>Who is affected ("personnes âgées isolées des hameaux").</summary>
    public string AffectedGroup { get; set; } = "";
    /// <summary>How many people, as far as known.</summary>
    public int? AffectedCount { get; set; }
    public NeedUrgency Urgency { get; set; } = NeedUrgency.Medium;
    public NeedStatus Status { get; set; } = NeedStatus.New;
    /// <summary>Why it was abandoned, or what the catalyst noted when qualifying it.</summary>
    public string? StatusNote { get; set; }
    /// <summary>The project that took it on (a title and, when it exists, its address).</summary>
    public string? ProjectTitle { get; set; }
    public string? ProjectUrl { get; set; }
    /// <summary>"Me too" count, kept in the same transaction as each row of <see cref="NeedSupport"/>.</summary>
    public int SupportCount { get; set; }
    public int CommentCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>"Moi aussi": one per person and need (primary key).</summary>
public sealed class NeedSupport
{
    public int NeedId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>People told about new matches and introductions of a need (its author, those who said "me too", who asked).</summary>
public sealed class NeedFollower
{
    public int NeedId { get; set; }
    public required string UserId { get; set; }
}

/// <summary>
/// A directory actor or place the followers of a need have been told about as a new lead: each is announced once,
/// whatever its later edits.
/// </summary>
public sealed class NeedLeadAlert
{
    public int NeedId { get; set; }
    public MatchKind Kind { get; set; }
    public int DocId { get; set; }
    public DateTimeOffset At { get; set; }
}

public sealed class NeedComment
{
    public int Id { get; set; }
    public int NeedId { get; set; }
    public required string AuthorId { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
