using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// The directory's tsvector stored once per row: a generated column "SearchVector" = to_tsvector('simple',
    /// "SearchText") with its GIN index, replacing the GIN expression index. A plan that filters rows one by one
    /// (walking the name index for ORDER BY "Name" LIMIT n) no longer recomputes to_tsvector for each of them.
    /// The column is not in the EF model (never loaded with entries); <c>FullTextSearch.StoredVector</c> names it in
    /// queries. Generated: raw INSERTs and UPDATEs of entries need not (and cannot) set it.
    /// </summary>
    public partial class DirectorySearchVector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE entries ADD COLUMN "SearchVector" tsvector
                    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "SearchText")) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_entries_SearchVector" ON entries USING GIN ("SearchVector");""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_entries_SearchText_fts";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_entries_SearchText_fts" ON entries USING GIN (to_tsvector('simple'::regconfig, "SearchText"));
                """);
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_entries_SearchVector";""");
            migrationBuilder.Sql("""ALTER TABLE entries DROP COLUMN IF EXISTS "SearchVector";""");
        }
    }
}
