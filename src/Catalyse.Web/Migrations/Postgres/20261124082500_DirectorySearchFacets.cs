using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// The stored tsvector also says which entries are published, and of which kind: a published entry's vector holds
    /// the lexemes <c>zzpub</c> and <c>zzpub{Kind}</c> (<c>FullTextSearch.PublishedToken</c>), so that a search and its
    /// per-kind counts are one GIN condition; and a covering name index with the vector, for searches sorted by name.
    /// </summary>
    public partial class DirectorySearchFacets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_entries_SearchVector";""");
            migrationBuilder.Sql("""ALTER TABLE entries DROP COLUMN IF EXISTS "SearchVector";""");
            migrationBuilder.Sql("""
                ALTER TABLE entries ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig,
                    "SearchText"::text || CASE WHEN "Status" = 1 THEN ' zzpub zzpub' || "Kind"::text ELSE '' END)) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_entries_SearchVector" ON entries USING GIN ("SearchVector");""");
            // A search sorted by name walks this index and checks each row's vector in it (index-only, no heap fetch).
            migrationBuilder.Sql("""CREATE INDEX "IX_entries_Name_Id_SearchVector" ON entries ("Name", "Id") INCLUDE ("SearchVector");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_entries_Name_Id_SearchVector";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_entries_SearchVector";""");
            migrationBuilder.Sql("""ALTER TABLE entries DROP COLUMN IF EXISTS "SearchVector";""");
            migrationBuilder.Sql("""
                ALTER TABLE entries ADD COLUMN "SearchVector" tsvector
                    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "SearchText")) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_entries_SearchVector" ON entries USING GIN ("SearchVector");""");
        }
    }
}
