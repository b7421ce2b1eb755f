using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Sqlite
{
    /// <summary>
    /// Per-commune, per-kind aggregates of published entries with coordinates for the low-zoom map
    /// (<c>Features/Directory/EntryMapCount.cs</c>), filled from the entries and kept exact by three triggers on
    /// entries. Note: a later migration that rebuilds the entries table (SQLite table rebuild) drops these triggers,
    /// like the full-text ones, and must recreate them (then <c>EntryMapCount.RebuildAsync</c> refills the table).
    /// </summary>
    public partial class DirectoryMapCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "entry_map_counts",
                columns: table => new
                {
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    SumLatitude = table.Column<double>(type: "REAL", nullable: false),
                    SumLongitude = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entry_map_counts", x => new { x.Kind, x.CommuneCode });
                });

            // An entry counts when published (Status 1) with a commune and coordinates; Kind 0 rows count every kind.
            const string Counts = "NEW.Status = 1 AND NEW.CommuneCode IS NOT NULL AND NEW.Latitude IS NOT NULL AND NEW.Longitude IS NOT NULL";
            const string Add = """
                INSERT INTO entry_map_counts (Kind, CommuneCode, Count, SumLatitude, SumLongitude)
                    SELECT NEW.Kind, NEW.CommuneCode, 1, NEW.Latitude, NEW.Longitude WHERE {0}
                    UNION ALL SELECT 0, NEW.CommuneCode, 1, NEW.Latitude, NEW.Longitude WHERE {0}
                    ON CONFLICT (Kind, CommuneCode) DO UPDATE SET Count = Count + 1,
                        SumLatitude = SumLatitude + excluded.SumLatitude, SumLongitude = SumLongitude + excluded.SumLongitude;
                """;
            const string Remove = """
                UPDATE entry_map_counts SET Count = Count - 1, SumLatitude = SumLatitude - OLD.Latitude, SumLongitude = SumLongitude - OLD.Longitude
                    WHERE Kind IN (OLD.Kind, 0) AND CommuneCode = OLD.CommuneCode AND {0};
                DELETE FROM entry_map_counts WHERE Kind IN (OLD.Kind, 0) AND CommuneCode = OLD.CommuneCode AND Count <= 0;
                """;
            var add = string.Format(Add, Counts);
            var remove = string.Format(Remove, Counts.Replace("NEW.", "OLD."));
            migrationBuilder.Sql($"CREATE TRIGGER entry_map_counts_insert AFTER INSERT ON entries BEGIN {add} END;");
            migrationBuilder.Sql($"CREATE TRIGGER entry_map_counts_delete AFTER DELETE ON entries BEGIN {remove} END;");
            migrationBuilder.Sql($"CREATE TRIGGER entry_map_counts_update AFTER UPDATE OF Status, Kind, CommuneCode, Latitude, Longitude ON entries BEGIN {remove} {add} END;");
            migrationBuilder.Sql("""
                INSERT INTO entry_map_counts (Kind, CommuneCode, Count, SumLatitude, SumLongitude)
                    SELECT Kind, CommuneCode, COUNT(*), SUM(Latitude), SUM(Longitude) FROM entries
                    WHERE Status = 1 AND CommuneCode IS NOT NULL AND Latitude IS NOT NULL AND Longitude IS NOT NULL GROUP BY Kind, CommuneCode
                    UNION ALL
                    SELECT 0, CommuneCode, COUNT(*), SUM(Latitude), SUM(Longitude) FROM entries
                    WHERE Status = 1 AND CommuneCode IS NOT NULL AND Latitude IS NOT NULL AND Longitude IS NOT NULL GROUP BY CommuneCode;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_counts_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_counts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_counts_insert;");
            migrationBuilder.DropTable(
                name: "entry_map_counts");
        }
    }
}
