using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// The matcher reads, for each query term, the documents and weights of its postings: with the weight in the primary
    /// key's index (INCLUDE) these reads are index-only scans. EF Core's model has no INCLUDE for a key: a later
    /// migration that recreates this key must keep it.
    /// </summary>
    public partial class MatchPostingsCovering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE match_postings DROP CONSTRAINT "PK_match_postings";
                ALTER TABLE match_postings ADD CONSTRAINT "PK_match_postings" PRIMARY KEY ("Kind", "Area", "Term", "DocId") INCLUDE ("Weight");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE match_postings DROP CONSTRAINT "PK_match_postings";
                ALTER TABLE match_postings ADD CONSTRAINT "PK_match_postings" PRIMARY KEY ("Kind", "Area", "Term", "DocId");
                """);
        }
    }
}
