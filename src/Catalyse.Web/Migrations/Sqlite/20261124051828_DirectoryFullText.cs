using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Sqlite
{
    /// <summary>
    /// Full-text index of the directory: an FTS5 table over entries.SearchText (external content: the text is not
    /// stored twice), kept in sync by triggers, with prefix indexes for the 2- to 4-letter prefixes users type.
    /// Queried by <c>Infrastructure/Search/FullTextSearch.cs</c>. Note: a later migration that rebuilds the entries
    /// table (SQLite table rebuild) drops these triggers and must recreate them.
    /// </summary>
    public partial class DirectoryFullText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE entries_fts USING fts5(SearchText, content='entries', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
                    INSERT INTO entries_fts(rowid, SearchText) VALUES (new.Id, new.SearchText);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
                    INSERT INTO entries_fts(entries_fts, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entries_fts_update AFTER UPDATE OF SearchText ON entries BEGIN
                    INSERT INTO entries_fts(entries_fts, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
                    INSERT INTO entries_fts(rowid, SearchText) VALUES (new.Id, new.SearchText);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entries_fts_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entries_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entries_fts_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS entries_fts;");
        }
    }
}
