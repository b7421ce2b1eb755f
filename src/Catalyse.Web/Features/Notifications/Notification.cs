using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Notifications;

/// <summary>What the news is about; its sentence is <see cref="NotificationLabels.Text"/>, in the reader's language.</summary>
public enum NotificationKind
{
    ProposalAnswered = 1, ProposalCommented = 2, ProposalMerged = 3, ProposalStatusChanged = 4,
    NeedCommented = 5, NeedStatusChanged = 6, NeedNewMatch = 7, IntroductionProposed = 8, IntroductionAccepted = 9, IntroductionDeclined = 10,
    IntroductionOutcome = 11,
}

/// <summary>News for one person (an answer to a proposal they follow, a new comment…): shown in the app, sent in an email digest.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public NotificationKind Kind { get; set; }
    /// <summary>What the sentence names (a proposal's title).</summary>
    public required string Subject { get; set; }
    /// <summary>A path inside the app ("/t/grand-gueret/proposals/12").</summary>
    public required string Url { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>When it went out in an email digest (each notification at most once).</summary>
    public DateTimeOffset? EmailedAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Url).HasMaxLength(500);
        b.HasIndex(x => new { x.UserId, x.Id });
        // The digest looks for what has not been emailed yet.
        b.HasIndex(x => new { x.EmailedAt, x.UserId });
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
