using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// Full-text index of the directory: a GIN index over to_tsvector('simple', "SearchText") (SearchText is already
    /// folded and stemmed, so the 'simple' configuration only splits words), queried with prefix terms ('creche':*)
    /// by <c>Infrastructure/Search/FullTextSearch.cs</c>; the query must use the very same expression.
    /// </summary>
    public partial class DirectoryFullText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_entries_SearchText_fts" ON entries USING GIN (to_tsvector('simple'::regconfig, "SearchText"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_entries_SearchText_fts";""");
        }
    }
}
