using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Directory.Contribution;

public enum ChangeAction
{
    /// <summary>Edited directly by a moderator.</summary>
    Edited = 1,
    /// <summary>A person's suggested edit, applied by a moderator (the author of the change is the suggester).</summary>
    SuggestionApplied = 2,
    Published = 3,
    Rejected = 4,
    /// <summary>This entry was merged into another one.</summary>
    MergedInto = 5,
    /// <summary>Another entry was merged into this one.</summary>
    Absorbed = 6,
    Hidden = 7,
    Restored = 8,
    /// <summary>Updated by re-importing its source.</summary>
    Imported = 9,
}

/// <summary>One line of an entry's history: who did what, when, to which fields.</summary>
public sealed class EntryChange
{
    public long Id { get; set; }
    public int EntryId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The person who made the change (for an applied suggestion: who suggested it).</summary>
    public string? AuthorId { get; set; }
    /// <summary>The moderator who approved it, when not the author.</summary>
    public string? ModeratorId { get; set; }
    public ChangeAction Action { get; set; }
    /// <summary>Names of the changed fields (keys of <see cref="EntryFields"/>).</summary>
    public List<string> Fields { get; set; } = [];
    /// <summary>A reason, or the other entry of a merge ("#12").</summary>
    public string? Note { get; set; }
}

public enum SuggestionStatus { Pending = 0, Applied = 1, Rejected = 2 }

/// <summary>An edit of an existing entry suggested by a signed-in person, waiting for a moderator.</summary>
public sealed class EntrySuggestion
{
    public int Id { get; set; }
    public int EntryId { get; set; }
    /// <summary>The territory where it was suggested (its catalysts moderate it); null: the network (coordinators).</summary>
    public int? TerritoryId { get; set; }
    public required string AuthorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public SuggestionStatus Status { get; set; }
    /// <summary>The whole proposed entry (an <see cref="EntryInput"/> in JSON), applied field by field.</summary>
    public required string ProposedJson { get; set; }
    /// <summary>The fields that differ from the entry when suggested.</summary>
    public List<string> Fields { get; set; } = [];
    public string? Comment { get; set; }
    public string? ModeratedById { get; set; }
    public DateTimeOffset? ModeratedAt { get; set; }
    public string? RejectionReason { get; set; }
}

public enum ReportReason { Incorrect = 1, Closed = 2, Duplicate = 3, Inappropriate = 4, Other = 5 }

public enum ReportStatus { Open = 0, Dismissed = 1, Resolved = 2 }

/// <summary>Anyone's report about an entry (wrong, closed, duplicate, inappropriate).</summary>
public sealed class EntryReport
{
    public int Id { get; set; }
    public int EntryId { get; set; }
    public int? TerritoryId { get; set; }
    /// <summary>"u:{user id}" when signed in, otherwise a hash of the address and the day: one open report per reporter and entry.</summary>
    public required string ReporterKey { get; set; }
    public string? ReporterId { get; set; }
    public ReportReason Reason { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public ReportStatus Status { get; set; }
    public string? ResolvedById { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

internal sealed class EntryChangeConfiguration : IEntityTypeConfiguration<EntryChange>
{
    public void Configure(EntityTypeBuilder<EntryChange> b)
    {
        b.ToTable("entry_changes");
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.EntryId, x.Id });
        b.HasOne<Entry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EntrySuggestionConfiguration : IEntityTypeConfiguration<EntrySuggestion>
{
    public void Configure(EntityTypeBuilder<EntrySuggestion> b)
    {
        b.ToTable("entry_suggestions");
        b.Property(x => x.ProposedJson).HasMaxLength(40000);
        b.Property(x => x.Comment).HasMaxLength(1000);
        b.Property(x => x.RejectionReason).HasMaxLength(1000);
        // One pending suggestion per person and entry: a new one replaces it.
        b.HasIndex(x => new { x.EntryId, x.AuthorId }).IsUnique().HasFilter("\"Status\" = 0").HasDatabaseName("IX_entry_suggestions_one_pending");
        b.HasIndex(x => new { x.TerritoryId, x.Status });
        b.HasOne<Entry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EntryReportConfiguration : IEntityTypeConfiguration<EntryReport>
{
    public void Configure(EntityTypeBuilder<EntryReport> b)
    {
        b.ToTable("entry_reports");
        b.Property(x => x.ReporterKey).HasMaxLength(100);
        b.Property(x => x.Message).HasMaxLength(2000);
        // One open report per reporter and entry.
        b.HasIndex(x => new { x.EntryId, x.ReporterKey }).IsUnique().HasFilter("\"Status\" = 0").HasDatabaseName("IX_entry_reports_one_open");
        b.HasIndex(x => new { x.TerritoryId, x.Status });
        b.HasOne<Entry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}
