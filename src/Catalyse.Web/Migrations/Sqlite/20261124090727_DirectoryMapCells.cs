using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Sqlite
{
    /// <summary>
    /// Per-cell, per-kind aggregates of published entries with coordinates on the zoom-12 grid
    /// (<c>Features/Directory/EntryMapCount.cs</c>, <c>EntryMapCell</c>) for the city-zoom map, filled from the entries and
    /// kept exact by three triggers on entries, as <c>entry_map_counts</c>. A migration that rebuilds the entries table
    /// drops these triggers too and must recreate them (then <c>EntryMapCount.RebuildAsync</c> refills both tables).
    /// </summary>
    public partial class DirectoryMapCells : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "entry_map_cells",
                columns: table => new
                {
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Y = table.Column<int>(type: "INTEGER", nullable: false),
                    X = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    SumLatitude = table.Column<double>(type: "REAL", nullable: false),
                    SumLongitude = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entry_map_cells", x => new { x.Kind, x.Y, x.X });
                });
            // An entry counts when published (Status 1) with coordinates; Kind 0 rows count every kind. Cell = floor((coordinate + origin) / size):
            // values are never negative, so SQLite's CAST truncation is the floor.
            const string Counts = "NEW.Status = 1 AND NEW.Latitude IS NOT NULL AND NEW.Longitude IS NOT NULL";
            const string Y = "CAST((NEW.Latitude + 90) / 0.02197265625 AS INTEGER)", X = "CAST((NEW.Longitude + 180) / 0.02197265625 AS INTEGER)";
            var add = $"""
                INSERT INTO entry_map_cells (Kind, Y, X, Count, SumLatitude, SumLongitude)
                    SELECT NEW.Kind, {Y}, {X}, 1, NEW.Latitude, NEW.Longitude WHERE {Counts}
                    UNION ALL SELECT 0, {Y}, {X}, 1, NEW.Latitude, NEW.Longitude WHERE {Counts}
                    ON CONFLICT (Kind, Y, X) DO UPDATE SET Count = Count + 1,
                        SumLatitude = SumLatitude + excluded.SumLatitude, SumLongitude = SumLongitude + excluded.SumLongitude;
                """;
            var remove = $"""
                UPDATE entry_map_cells SET Count = Count - 1, SumLatitude = SumLatitude - OLD.Latitude, SumLongitude = SumLongitude - OLD.Longitude
                    WHERE Kind IN (OLD.Kind, 0) AND Y = {Y} AND X = {X} AND {Counts};
                DELETE FROM entry_map_cells WHERE Kind IN (OLD.Kind, 0) AND Y = {Y} AND X = {X} AND Count <= 0;
                """.Replace("NEW.", "OLD.");
            migrationBuilder.Sql($"CREATE TRIGGER entry_map_cells_insert AFTER INSERT ON entries BEGIN {add} END;");
            migrationBuilder.Sql($"CREATE TRIGGER entry_map_cells_delete AFTER DELETE ON entries BEGIN {remove} END;");
            migrationBuilder.Sql($"CREATE TRIGGER entry_map_cells_update AFTER UPDATE OF Status, Kind, Latitude, Longitude ON entries BEGIN {remove} {add} END;");
            migrationBuilder.Sql("""
                INSERT INTO entry_map_cells (Kind, Y, X, Count, SumLatitude, SumLongitude)
                    SELECT Kind, CAST((Latitude + 90) / 0.02197265625 AS INTEGER), CAST((Longitude + 180) / 0.02197265625 AS INTEGER), COUNT(*), SUM(Latitude), SUM(Longitude)
                    FROM entries WHERE Status = 1 AND Latitude IS NOT NULL AND Longitude IS NOT NULL GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT 0, CAST((Latitude + 90) / 0.02197265625 AS INTEGER), CAST((Longitude + 180) / 0.02197265625 AS INTEGER), COUNT(*), SUM(Latitude), SUM(Longitude)
                    FROM entries WHERE Status = 1 AND Latitude IS NOT NULL AND Longitude IS NOT NULL GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_cells_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_cells_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_cells_insert;");
            migrationBuilder.DropTable(
                name: "entry_map_cells");
        }
    }
}
