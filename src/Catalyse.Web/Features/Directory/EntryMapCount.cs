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
        await db.Database.ExecuteSqlRawAsync("DELETE FROM entry_map_cells", ct);
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO entry_map_cells ("Kind", "Y", "X", "Count", "SumLatitude", "SumLongitude")
                SELECT "Kind", {EntryMapCell.RowSql("\"Latitude\"", db)}, {EntryMapCell.ColumnSql("\"Longitude\"", db)}, COUNT(*), SUM("Latitude"), SUM("Longitude") FROM entries
                WHERE "Status" = 1 AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY 1, 2, 3
                UNION ALL
                SELECT 0, {EntryMapCell.RowSql("\"Latitude\"", db)}, {EntryMapCell.ColumnSql("\"Longitude\"", db)}, COUNT(*), SUM("Latitude"), SUM("Longitude") FROM entries
                WHERE "Status" = 1 AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY 1, 2, 3
            """, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }
}

/// <summary>
/// Published entries with coordinates, aggregated per cell of a fixed grid (the map's cells at zoom <see cref="Zoom"/>,
/// <see cref="Size"/> degrees) and kind (<see cref="EntryMapCount.AllKinds"/> = every kind). The city-zoom map (9 to
/// <see cref="Zoom"/>) groups these cells into its own (2, 4, 8 … of them per side) instead of every entry in view (62,000
/// over Paris). Kept exact by triggers on <c>entries</c> like <see cref="EntryMapCount"/> (migration DirectoryMapCells).
/// </summary>
public sealed class EntryMapCell
{
    public const int Zoom = 12;
    /// <summary>The cell's side in degrees: the map's cell at <see cref="Zoom"/> (360° / 2^zoom / 4, a binary fraction).</summary>
    public const double Size = 360.0 / (1 << Zoom) / 4;

    /// <summary>An <see cref="EntryKind"/> value, or <see cref="EntryMapCount.AllKinds"/>.</summary>
    public int Kind { get; set; }
    /// <summary>Row of the grid: floor((latitude + 90) / <see cref="Size"/>).</summary>
    public int Y { get; set; }
    /// <summary>Column of the grid: floor((longitude + 180) / <see cref="Size"/>).</summary>
    public int X { get; set; }
    public int Count { get; set; }
    public double SumLatitude { get; set; }
    public double SumLongitude { get; set; }

    public static int RowOf(double latitude) => (int)Math.Floor((latitude + 90) / Size);
    public static int ColumnOf(double longitude) => (int)Math.Floor((longitude + 180) / Size);

    /// <summary>The SQL of <see cref="RowOf"/> (values are never negative: truncation is the floor on both databases).</summary>
    internal static string RowSql(string latitude, Infrastructure.Data.CatalyseDb db) => Floor($"({latitude} + 90) / {Size.ToString(System.Globalization.CultureInfo.InvariantCulture)}", db);
    internal static string ColumnSql(string longitude, Infrastructure.Data.CatalyseDb db) => Floor($"({longitude} + 180) / {Size.ToString(System.Globalization.CultureInfo.InvariantCulture)}", db);
    private static string Floor(string value, Infrastructure.Data.CatalyseDb db) => db.Database.IsNpgsql() ? $"floor({value})::int" : $"CAST({value} AS INTEGER)";
}

internal sealed class EntryMapCellConfiguration : IEntityTypeConfiguration<EntryMapCell>
{
    public void Configure(EntityTypeBuilder<EntryMapCell> b)
    {
        b.ToTable("entry_map_cells");
        // Kind, then row: a view reads one range of rows per kind, its columns filtered.
        b.HasKey(x => new { x.Kind, x.Y, x.X });
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
