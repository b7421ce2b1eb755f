using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Directory;

/// <summary>
/// Published entries with coordinates, aggregated per commune and kind (<see cref="AllKinds"/> = every kind): their
/// number and the sums of their latitudes and longitudes (mean position = sum / count). The low-zoom map groups these
/// ~35,000 rows at most instead of every entry (<see cref="DirectoryQueries.MapAsync"/>).
/// Kept exact by triggers on <c>entries</c> (migration DirectoryMapCounts, both providers): any INSERT, UPDATE or
/// DELETE of entries, from EF or raw SQL, updates it in the same transaction; a row whose count falls to 0 is
/// deleted. Entries without a commune are not in it (the map adds them from <c>entries</c>).
/// </summary>
public sealed class EntryMapCount
{
    /// <summary>The <see cref="Kind"/> of the rows that count every kind.</summary>
    public const int AllKinds = 0;

    public required string CommuneCode { get; set; }
    /// <summary>An <see cref="EntryKind"/> value, or <see cref="AllKinds"/>.</summary>
    public int Kind { get; set; }
    public int Count { get; set; }
    public double SumLatitude { get; set; }
    public double SumLongitude { get; set; }

    /// <summary>
    /// Recomputes every aggregate from the entries, in one transaction: after a load that bypassed the triggers
    /// (PostgreSQL session_replication_role = replica, a SQLite table rebuild that dropped them) or to repair.
    /// </summary>
    public static async Task RebuildAsync(Infrastructure.Data.CatalyseDb db, CancellationToken ct = default)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync("DELETE FROM entry_map_counts", ct);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO entry_map_counts ("Kind", "CommuneCode", "Count", "SumLatitude", "SumLongitude")
                SELECT "Kind", "CommuneCode", COUNT(*), SUM("Latitude"), SUM("Longitude") FROM entries
                WHERE "Status" = 1 AND "CommuneCode" IS NOT NULL AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY "Kind", "CommuneCode"
                UNION ALL
                SELECT 0, "CommuneCode", COUNT(*), SUM("Latitude"), SUM("Longitude") FROM entries
                WHERE "Status" = 1 AND "CommuneCode" IS NOT NULL AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY "CommuneCode"
            """, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }
}

internal sealed class EntryMapCountConfiguration : IEntityTypeConfiguration<EntryMapCount>
{
    public void Configure(EntityTypeBuilder<EntryMapCount> b)
    {
        b.ToTable("entry_map_counts");
        // Kind first: a map filtered by kind (or not: AllKinds) reads one range.
        b.HasKey(x => new { x.Kind, x.CommuneCode });
        b.Property(x => x.CommuneCode).HasMaxLength(5);
    }
}
