using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// Per-cell, per-kind aggregates of published entries with coordinates on the zoom-12 grid
    /// (<c>Features/Directory/EntryMapCount.cs</c>, <c>EntryMapCell</c>) for the city-zoom map, filled from the entries and
    /// kept exact by a trigger function on entries, as <c>entry_map_counts</c>.
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
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Y = table.Column<int>(type: "integer", nullable: false),
                    X = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    SumLatitude = table.Column<double>(type: "double precision", nullable: false),
                    SumLongitude = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entry_map_cells", x => new { x.Kind, x.Y, x.X });
                });
            migrationBuilder.Sql("""
                CREATE FUNCTION entry_map_cells_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- An entry counts when published (Status 1) with coordinates; Kind 0 rows count every kind.
                    IF TG_OP <> 'INSERT' AND OLD."Status" = 1 AND OLD."Latitude" IS NOT NULL AND OLD."Longitude" IS NOT NULL THEN
                        UPDATE entry_map_cells SET "Count" = "Count" - 1,
                            "SumLatitude" = "SumLatitude" - OLD."Latitude", "SumLongitude" = "SumLongitude" - OLD."Longitude"
                            WHERE "Kind" IN (OLD."Kind", 0) AND "Y" = floor((OLD."Latitude" + 90) / 0.02197265625)::int
                                AND "X" = floor((OLD."Longitude" + 180) / 0.02197265625)::int;
                        DELETE FROM entry_map_cells WHERE "Kind" IN (OLD."Kind", 0) AND "Y" = floor((OLD."Latitude" + 90) / 0.02197265625)::int
                            AND "X" = floor((OLD."Longitude" + 180) / 0.02197265625)::int AND "Count" <= 0;
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW."Status" = 1 AND NEW."Latitude" IS NOT NULL AND NEW."Longitude" IS NOT NULL THEN
                        INSERT INTO entry_map_cells ("Kind", "Y", "X", "Count", "SumLatitude", "SumLongitude")
                            SELECT k, floor((NEW."Latitude" + 90) / 0.02197265625)::int, floor((NEW."Longitude" + 180) / 0.02197265625)::int,
                                1, NEW."Latitude", NEW."Longitude" FROM (VALUES (NEW."Kind"), (0)) AS kinds(k)
                            ON CONFLICT ("Kind", "Y", "X") DO UPDATE SET "Count" = entry_map_cells."Count" + 1,
                                "SumLatitude" = entry_map_cells."SumLatitude" + EXCLUDED."SumLatitude",
                                "SumLongitude" = entry_map_cells."SumLongitude" + EXCLUDED."SumLongitude";
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entry_map_cells_insert_delete AFTER INSERT OR DELETE ON entries
                    FOR EACH ROW EXECUTE FUNCTION entry_map_cells_sync();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entry_map_cells_update AFTER UPDATE OF "Status", "Kind", "Latitude", "Longitude" ON entries
                    FOR EACH ROW EXECUTE FUNCTION entry_map_cells_sync();
                """);
            migrationBuilder.Sql("""
                INSERT INTO entry_map_cells ("Kind", "Y", "X", "Count", "SumLatitude", "SumLongitude")
                    SELECT "Kind", floor(("Latitude" + 90) / 0.02197265625)::int, floor(("Longitude" + 180) / 0.02197265625)::int, COUNT(*), SUM("Latitude"), SUM("Longitude")
                    FROM entries WHERE "Status" = 1 AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT 0, floor(("Latitude" + 90) / 0.02197265625)::int, floor(("Longitude" + 180) / 0.02197265625)::int, COUNT(*), SUM("Latitude"), SUM("Longitude")
                    FROM entries WHERE "Status" = 1 AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_cells_update ON entries;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_cells_insert_delete ON entries;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS entry_map_cells_sync();");
            migrationBuilder.DropTable(
                name: "entry_map_cells");
        }
    }
}
