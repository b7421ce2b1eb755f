using Catalyse.Web.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Marketplace;

internal sealed class MarketplaceConfiguration :
    IEntityTypeConfiguration<Need>, IEntityTypeConfiguration<NeedSupport>, IEntityTypeConfiguration<NeedFollower>, IEntityTypeConfiguration<NeedComment>,
    IEntityTypeConfiguration<Offer>, IEntityTypeConfiguration<PioneerDayUse>, IEntityTypeConfiguration<Solution>, IEntityTypeConfiguration<SolutionAdoption>,
    IEntityTypeConfiguration<Introduction>, IEntityTypeConfiguration<SynonymGroup>, IEntityTypeConfiguration<NeedLeadAlert>,
    IEntityTypeConfiguration<MatchDocument>, IEntityTypeConfiguration<MatchPosting>, IEntityTypeConfiguration<MatchSync>
{
    public void Configure(EntityTypeBuilder<Need> b)
    {
        b.ToTable("needs");
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(10000);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.AffectedGroup).HasMaxLength(300);
        b.Property(x => x.StatusNote).HasMaxLength(2000);
        b.Property(x => x.ProjectTitle).HasMaxLength(200);
        b.Property(x => x.ProjectUrl).HasMaxLength(500);
        b.HasIndex(x => new { x.TerritoryId, x.Status, x.Id });
        b.HasIndex(x => x.AuthorId);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NeedSupport> b)
    {
        b.ToTable("need_supports").HasKey(x => new { x.NeedId, x.UserId });
        b.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NeedLeadAlert> b)
    {
        b.ToTable("need_lead_alerts").HasKey(x => new { x.NeedId, x.Kind, x.DocId });
        b.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NeedFollower> b)
    {
        b.ToTable("need_followers").HasKey(x => new { x.NeedId, x.UserId });
        b.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NeedComment> b)
    {
        b.ToTable("need_comments");
        b.Property(x => x.Body).HasMaxLength(5000);
        b.HasIndex(x => new { x.NeedId, x.Id });
        b.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Offer> b)
    {
        b.ToTable("offers");
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(10000);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.Quantity).HasPrecision(12, 2);
        b.Property(x => x.DaysUsed).HasPrecision(12, 2);
        b.HasIndex(x => new { x.TerritoryId, x.Status, x.Id });
        b.HasIndex(x => new { x.Kind, x.Status, x.Id });
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Directory.Entry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<PioneerDayUse> b)
    {
        b.ToTable("pioneer_day_uses");
        b.Property(x => x.Days).HasPrecision(12, 2);
        b.Property(x => x.Purpose).HasMaxLength(1000);
        b.Property(x => x.RecordedBy).HasMaxLength(450);
        b.HasIndex(x => new { x.OfferId, x.Id });
        b.HasOne<Offer>().WithMany().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Solution> b)
    {
        b.ToTable("solutions");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Summary).HasMaxLength(10000);
        b.Property(x => x.ForWhom).HasMaxLength(1000);
        b.Property(x => x.Results).HasMaxLength(5000);
        b.Property(x => x.Cost).HasMaxLength(500);
        b.Property(x => x.Conditions).HasMaxLength(5000);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.CreatedById).HasMaxLength(450);
        b.HasIndex(x => new { x.AdoptionCount, x.Id });
        b.HasIndex(x => x.OriginTerritoryId);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.OriginTerritoryId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Directory.Entry>().WithMany().HasForeignKey(x => x.ContactEntryId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<SolutionAdoption> b)
    {
        b.ToTable("solution_adoptions");
        b.Property(x => x.Changes).HasMaxLength(5000);
        b.Property(x => x.RecordedBy).HasMaxLength(450);
        // One adoption per territory and solution.
        b.HasIndex(x => new { x.SolutionId, x.TerritoryId }).IsUnique();
        b.HasIndex(x => new { x.TerritoryId, x.Id });
        b.HasOne<Solution>().WithMany().HasForeignKey(x => x.SolutionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Introduction> b)
    {
        b.ToTable("introductions");
        b.Property(x => x.TargetName).HasMaxLength(200);
        b.Property(x => x.ProposedBy).HasMaxLength(450);
        b.Property(x => x.NeedPartyId).HasMaxLength(450);
        b.Property(x => x.TargetPartyId).HasMaxLength(450);
        b.Property(x => x.Message).HasMaxLength(2000);
        b.Property(x => x.OutcomeNote).HasMaxLength(2000);
        // One introduction per need and target.
        b.HasIndex(x => new { x.NeedId, x.TargetKind, x.TargetId }).IsUnique();
        b.HasIndex(x => new { x.TerritoryId, x.Id });
        b.HasIndex(x => new { x.TargetPartyId, x.Id });
        b.HasIndex(x => new { x.NeedPartyId, x.Id });
        b.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SynonymGroup> b)
    {
        b.ToTable("synonym_groups");
        b.Property(x => x.Terms).HasMaxLength(1000);
        b.HasIndex(x => new { x.TerritoryId, x.Id });
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<MatchDocument> b)
    {
        b.ToTable("match_documents").HasKey(x => new { x.Kind, x.DocId });
        b.Property(x => x.Area).HasMaxLength(3);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.Themes).HasMaxLength(2000);
        b.HasIndex(x => new { x.Kind, x.Area });
    }

    public void Configure(EntityTypeBuilder<MatchPosting> b)
    {
        // The key holds the weight too (migration MatchPostingsCovering): SQLite, a WITHOUT ROWID table; PostgreSQL,
        // INCLUDE ("Weight"). EF Core's model says neither: a migration that rebuilds this table or key must keep it.
        b.ToTable("match_postings").HasKey(x => new { x.Kind, x.Area, x.Term, x.DocId });
        b.Property(x => x.Area).HasMaxLength(3);
        b.Property(x => x.Term).HasMaxLength(40);
        b.HasIndex(x => new { x.Kind, x.DocId });
    }

    public void Configure(EntityTypeBuilder<MatchSync> b)
    {
        b.ToTable("match_sync").HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(40);
    }
}
