using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Infrastructure.Data;

internal sealed class GeoConfiguration :
    IEntityTypeConfiguration<Region>, IEntityTypeConfiguration<Departement>,
    IEntityTypeConfiguration<Epci>, IEntityTypeConfiguration<Commune>,
    IEntityTypeConfiguration<ReferenceDataVersion>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("geo_regions").HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(3);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.SearchName).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<Departement> b)
    {
        b.ToTable("geo_departements").HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(3);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.SearchName).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<Epci> b)
    {
        b.ToTable("geo_epci").HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(9);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Kind).HasMaxLength(10);
        b.Property(x => x.SearchName).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<Commune> b)
    {
        b.ToTable("geo_communes").HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(5);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.SearchName).HasMaxLength(200);
        b.Property(x => x.PostalCodes).HasMaxLength(400);
        b.Property(x => x.DepartementCode).HasMaxLength(3);
        b.Property(x => x.RegionCode).HasMaxLength(3);
        b.Property(x => x.EpciCode).HasMaxLength(9);
        b.HasIndex(x => x.EpciCode);
        b.HasIndex(x => x.DepartementCode);
        b.HasIndex(x => x.RegionCode);
        b.HasIndex(x => x.SearchName);
    }

    public void Configure(EntityTypeBuilder<ReferenceDataVersion> b)
    {
        b.ToTable("reference_data_versions").HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Version).HasMaxLength(100);
    }
}

internal sealed class TerritoryConfiguration :
    IEntityTypeConfiguration<Territory>, IEntityTypeConfiguration<PerimeterItem>,
    IEntityTypeConfiguration<TerritoryCommune>, IEntityTypeConfiguration<ProgrammeStep>
{
    public void Configure(EntityTypeBuilder<Territory> b)
    {
        b.ToTable("territories");
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Slug).HasMaxLength(60);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(5000);
        b.HasMany(x => x.PerimeterItems).WithOne().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.ProgrammeSteps).WithOne().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PerimeterItem> b)
    {
        b.ToTable("territory_perimeter_items");
        b.Property(x => x.Code).HasMaxLength(9);
        b.HasIndex(x => new { x.TerritoryId, x.Kind, x.Code }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<TerritoryCommune> b)
    {
        b.ToTable("territory_communes").HasKey(x => new { x.TerritoryId, x.CommuneCode });
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.HasIndex(x => x.CommuneCode);
        b.HasOne<Territory>().WithMany(t => t.Communes).HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ProgrammeStep> b)
    {
        b.ToTable("programme_steps");
        b.HasIndex(x => new { x.TerritoryId, x.Number }).IsUnique();
        b.Property(x => x.Deliverables).HasMaxLength(5000);
        b.Property(x => x.Notes).HasMaxLength(5000);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
    }
}

internal sealed class AccountConfiguration :
    IEntityTypeConfiguration<User>, IEntityTypeConfiguration<ApiToken>,
    IEntityTypeConfiguration<TerritoryMembership>, IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.Culture).HasMaxLength(5);
        b.Property(x => x.ResidenceCommuneCode).HasMaxLength(5);
        b.Property(x => x.ResidencePostalCode).HasMaxLength(5);
    }

    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.Prefix).HasMaxLength(12);
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TerritoryMembership> b)
    {
        b.ToTable("territory_memberships");
        b.HasIndex(x => new { x.TerritoryId, x.UserId }).IsUnique();
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("invitations");
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
