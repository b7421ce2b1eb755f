using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Sqlite
{
    /// <summary>
    /// The full-text index also says which entries are published, and of which kind: a published entry's indexed text
    /// ends with the tokens <c>zzpub zzpub{Kind}</c> (<c>FullTextSearch.PublishedToken</c>), so that a search and its
    /// per-kind counts are answered by the index alone, without reading each match's row. The FTS5 table's external
    /// content becomes the view <c>entries_fts_source</c> (the same text with those tokens, for 'rebuild'); the
    /// triggers index the same text and follow changes of SearchText, Status and Kind.
    /// A migration that rebuilds <c>entries</c> must recreate these triggers (SQLite drops them with the old table).
    /// </summary>
    public partial class DirectorySearchFacets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entries_fts_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entries_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS entries_fts_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS entries_fts;");
            migrationBuilder.Sql("""
                CREATE VIEW entries_fts_source AS
                    SELECT "Id", "SearchText" || CASE WHEN "Status" = 1 THEN ' zzpub zzpub' || "Kind" ELSE '' END AS "SearchText" FROM entries;
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE entries_fts USING fts5(SearchText, content='entries_fts_source', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
                    INSERT INTO entries_fts(rowid, SearchText)
                        VALUES (new.Id, new.SearchText || CASE WHEN new.Status = 1 THEN ' zzpub zzpub' || new.Kind ELSE '' END);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
                    INSERT INTO entries_fts(entries_fts, rowid, SearchText)
                        VALUES ('delete', old.Id, old.SearchText || CASE WHEN old.Status = 1 THEN ' zzpub zzpub' || old.Kind ELSE '' END);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER entries_fts_update AFTER UPDATE OF SearchText, Status, Kind ON entries BEGIN
                    INSERT INTO entries_fts(entries_fts, rowid, SearchText)
                        VALUES ('delete', old.Id, old.SearchText || CASE WHEN old.Status = 1 THEN ' zzpub zzpub' || old.Kind ELSE '' END);
                    INSERT INTO entries_fts(rowid, SearchText)
                        VALUES (new.Id, new.SearchText || CASE WHEN new.Status = 1 THEN ' zzpub zzpub' || new.Kind ELSE '' END);
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
            migrationBuilder.Sql("DROP VIEW IF EXISTS entries_fts_source;");
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
    }
}
