using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Participation.Moderation;

/// <summary>What a report is about.</summary>
public enum ReportedKind { Proposal = 1, Comment = 2, Petition = 3 }

public enum ReportReasonKind { Spam = 1, Offensive = 2, OffTopic = 3, PersonalData = 4, Other = 5 }

public enum ContentReportStatus { Open = 0, Dismissed = 1, Hidden = 2 }

/// <summary>A person's report of a proposal, a comment or a petition: one per person and content (unique index).</summary>
public sealed class ContentReport : ITerritoryScoped
{
    public long Id { get; set; }
    public int TerritoryId { get; set; }
    public ReportedKind Kind { get; set; }
    public long SubjectId { get; set; }
    public required string ReporterId { get; set; }
    public ReportReasonKind Reason { get; set; }
    public string? Details { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public ContentReportStatus Status { get; set; }
    public string? ResolvedById { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A person whose participation in a territory is suspended by its catalysts (one line per person and territory).</summary>
public sealed class ParticipationBlock : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string UserId { get; set; }
    public required string Reason { get; set; }
    public required string BlockedById { get; set; }
    public DateTimeOffset BlockedAt { get; set; }
}
