using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Directory;

internal sealed class EntryConfiguration : IEntityTypeConfiguration<Entry>
{
    public void Configure(EntityTypeBuilder<Entry> b)
    {
        b.ToTable("entries");
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(5000);
        b.Property(x => x.Website).HasMaxLength(500);
        b.Property(x => x.ContactEmail).HasMaxLength(256);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.Address).HasMaxLength(300);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.Siret).HasMaxLength(14);
        b.Property(x => x.Siren).HasMaxLength(9);
        b.Property(x => x.Rna).HasMaxLength(10);
        b.Property(x => x.Offers).HasMaxLength(5000);
        b.Property(x => x.OpeningHours).HasMaxLength(500);
        b.Property(x => x.SpottedBy).HasMaxLength(200);
        b.Property(x => x.SpottedThrough).HasMaxLength(200);
        b.Property(x => x.FollowUp).HasMaxLength(1000);
        b.Property(x => x.RunBy).HasMaxLength(200);
        b.Property(x => x.ForWhom).HasMaxLength(1000);
        b.Property(x => x.HowToApply).HasMaxLength(2000);
        b.Property(x => x.RejectionReason).HasMaxLength(1000);
        b.Property(x => x.SourceKey).HasMaxLength(100);
        b.Property(x => x.Source).HasMaxLength(300);
        b.Property(x => x.SearchText).HasMaxLength(12000);
        b.HasIndex(x => x.SourceKey).IsUnique();
        // Status trails: nearly every entry is published, so it never narrows a search; leading with it made SQLite
        // (no statistics) scan all entries instead of following the full-text matches.
        b.HasIndex(x => new { x.CommuneCode, x.Status });
        // Covering for the map (with the id): clusters are computed from the index alone.
        b.HasIndex(x => new { x.Latitude, x.Longitude, x.Status });
        // Covering for the kind facet counts.
        b.HasIndex(x => new { x.Kind, x.Status });
        b.HasIndex(x => new { x.OriginTerritoryId, x.Status });
        b.HasIndex(x => x.Siret);
        b.HasIndex(x => x.Name);
        // Indexes kept by other capabilities (the matcher) read the changes in this order.
        b.HasIndex(x => new { x.UpdatedAt, x.Id });
    }
}
