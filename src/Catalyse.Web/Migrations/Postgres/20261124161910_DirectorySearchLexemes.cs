using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// <c>entry_search."Vector"</c> holds the words of "SearchText" as they are (already folded and stemmed by FrenchText),
    /// not as PostgreSQL's text parser splits them: it cut "1e5abc12" into "1e5" and "abc12", and a query for that word
    /// became a phrase (<c>'1e5':* &lt;-&gt; 'abc12':*</c>) that a stripped vector never matches. Queries are now
    /// <c>CAST(… AS tsquery)</c> of the same words (FullTextSearch), so both sides hold exactly FrenchText's tokens, as
    /// SQLite's FTS5 table does. Words of 2,046 bytes or more (PostgreSQL's limit) are left out, as to_tsvector did.
    /// </summary>
    public partial class DirectorySearchLexemes : Migration
    {
        private const string Vector = """
            array_to_tsvector(ARRAY(SELECT DISTINCT w FROM unnest(string_to_array({0}."SearchText"::text
                || CASE WHEN {0}."Status" = 1 THEN ' zzpub zzpub' || {0}."Kind"::text ELSE '' END, ' ')) AS w
                WHERE w <> '' AND octet_length(w) < 2046))
            """;

        private const string OldVector = """
            strip(to_tsvector('simple'::regconfig, {0}."SearchText"::text || CASE WHEN {0}."Status" = 1 THEN ' zzpub zzpub' || {0}."Kind"::text ELSE '' END))
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Sync(migrationBuilder, Vector);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Sync(migrationBuilder, OldVector);

        private static void Sync(MigrationBuilder migrationBuilder, string vector)
        {
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION entry_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM entry_search WHERE "Id" = OLD."Id";
                    ELSE
                        INSERT INTO entry_search ("Id", "Name", "Vector") VALUES (NEW."Id", NEW."Name", {{string.Format(vector, "NEW")}})
                            ON CONFLICT ("Id") DO UPDATE SET "Name" = EXCLUDED."Name", "Vector" = EXCLUDED."Vector";
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql($"""UPDATE entry_search AS s SET "Vector" = {string.Format(vector, "e")} FROM entries AS e WHERE e."Id" = s."Id";""");
        }
    }
}
