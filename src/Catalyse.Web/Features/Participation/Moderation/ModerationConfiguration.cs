using Catalyse.Web.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Participation.Moderation;

internal sealed class ModerationConfiguration : IEntityTypeConfiguration<ContentReport>, IEntityTypeConfiguration<ParticipationBlock>
{
    public void Configure(EntityTypeBuilder<ContentReport> b)
    {
        b.ToTable("content_reports");
        b.Property(x => x.Details).HasMaxLength(1000);
        // One report per person and content.
        b.HasIndex(x => new { x.Kind, x.SubjectId, x.ReporterId }).IsUnique();
        b.HasIndex(x => new { x.TerritoryId, x.Status, x.CreatedAt });
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ParticipationBlock> b)
    {
        b.ToTable("participation_blocks");
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => new { x.TerritoryId, x.UserId }).IsUnique();
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
