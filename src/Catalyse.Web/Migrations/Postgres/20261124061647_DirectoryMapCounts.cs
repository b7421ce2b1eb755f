using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// Per-commune, per-kind aggregates of published entries with coordinates for the low-zoom map
    /// (<c>Features/Directory/EntryMapCount.cs</c>), filled from the entries and kept exact by row triggers on entries.
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
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    SumLatitude = table.Column<double>(type: "double precision", nullable: false),
                    SumLongitude = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entry_map_counts", x => new { x.Kind, x.CommuneCode });
                });

            migrationBuilder.Sql("""
                CREATE FUNCTION entry_map_counts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- An entry counts when published (Status 1) with a commune and coordinates; Kind 0 rows count every kind.
                    IF TG_OP <> 'INSERT' AND OLD."Status" = 1 AND OLD."CommuneCode" IS NOT NULL AND OLD."Latitude" IS NOT NULL AND OLD."Longitude" IS NOT NULL THEN
                        UPDATE entry_map_counts SET "Count" = "Count" - 1,
                            "SumLatitude" = "SumLatitude" - OLD."Latitude", "SumLongitude" = "SumLongitude" - OLD."Longitude"
                            WHERE "Kind" IN (OLD."Kind", 0) AND "CommuneCode" = OLD."CommuneCode";
                        DELETE FROM entry_map_counts WHERE "Kind" IN (OLD."Kind", 0) AND "CommuneCode" = OLD."CommuneCode" AND "Count" <= 0;
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW."Status" = 1 AND NEW."CommuneCode" IS NOT NULL AND NEW."Latitude" IS NOT NULL AND NEW."Longitude" IS NOT NULL THEN
                        INSERT INTO entry_map_counts ("Kind", "CommuneCode", "Count", "SumLatitude", "SumLongitude")
                            VALUES (NEW."Kind", NEW."CommuneCode", 1, NEW."Latitude", NEW."Longitude"), (0, NEW."CommuneCode", 1, NEW."Latitude", NEW."Longitude")
                            ON CONFLICT ("Kind", "CommuneCode") DO UPDATE SET "Count" = entry_map_counts."Count" + 1,
                                "SumLatitude" = entry_map_counts."SumLatitude" + EXCLUDED."SumLatitude",
                                "SumLongitude" = entry_map_counts."SumLongitude" + EXCLUDED."SumLongitude";
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entry_map_counts_insert_delete AFTER INSERT OR DELETE ON entries
                    FOR EACH ROW EXECUTE FUNCTION entry_map_counts_sync();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entry_map_counts_update AFTER UPDATE OF "Status", "Kind", "CommuneCode", "Latitude", "Longitude" ON entries
                    FOR EACH ROW EXECUTE FUNCTION entry_map_counts_sync();
                """);
            migrationBuilder.Sql("""
                INSERT INTO entry_map_counts ("Kind", "CommuneCode", "Count", "SumLatitude", "SumLongitude")
                    SELECT "Kind", "CommuneCode", COUNT(*), SUM("Latitude"), SUM("Longitude") FROM entries
                    WHERE "Status" = 1 AND "CommuneCode" IS NOT NULL AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY "Kind", "CommuneCode"
                    UNION ALL
                    SELECT 0, "CommuneCode", COUNT(*), SUM("Latitude"), SUM("Longitude") FROM entries
                    WHERE "Status" = 1 AND "CommuneCode" IS NOT NULL AND "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL GROUP BY "CommuneCode";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_counts_update ON entries;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entry_map_counts_insert_delete ON entries;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS entry_map_counts_sync();");
            migrationBuilder.DropTable(
                name: "entry_map_counts");
        }
    }
}
