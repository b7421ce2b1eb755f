using System.Globalization;
using System.Text;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Security;

/// <summary>
/// The content of every table of the app (row counts for the reference geography), to prove that a
/// refused or invalid request wrote nothing. Tests of a collection run one after the other, so nothing
/// else writes between two fingerprints of the same test. Ignored: data-protection keys (created lazily
/// by the framework), the matcher's index (derived from the directory, brought up to date by reads) and the "last used" time of API tokens (refreshed by any authenticated API call).
/// </summary>
public static class DbFingerprint
{
    private static readonly Type[] CountOnly = [typeof(Region), typeof(Departement), typeof(Epci), typeof(Commune), typeof(ReferenceDataVersion)];
    /// <summary>Data-protection keys, and the matcher's index: derived data that any read may bring up to date with the directory.</summary>
    private static readonly Type[] Skipped =
    [
        typeof(DataProtectionKey), typeof(Catalyse.Web.Features.Marketplace.MatchDocument), typeof(Catalyse.Web.Features.Marketplace.MatchPosting),
        typeof(Catalyse.Web.Features.Marketplace.MatchSync),
    ];
    private static readonly string[] VolatileColumns = ["LastUsedAt"];

    /// <summary>What the last fingerprint of a factory's database read, and how to tell cheaply whether it is still true.</summary>
    private sealed class Cache
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        /// <summary>SQLite: the connection that installed the change-counting triggers and reads their counts.</summary>
        public Microsoft.Data.Sqlite.SqliteConnection? Probe;
        /// <summary>PostgreSQL: the change-counting triggers are installed.</summary>
        public bool Installed;
        /// <summary>Per table: its change signature (how many writes its triggers counted) and its content.</summary>
        public readonly Dictionary<string, (string Signature, string Content)> Tables = new(StringComparer.Ordinal);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CatalyseFactory, Cache> Caches = new();

    /// <summary>
    /// The fingerprint, re-reading only what may have changed since the last one: every row of every table is read
    /// once, then again only when its table changed (a count of its writes kept by triggers of the tests' own, installed
    /// by the first call: PostgreSQL, a sequence per table; SQLite, a table of counts). Reading everything each
    /// time grew with the data the other tests leave behind (seconds per case on a full run).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(CatalyseFactory factory)
    {
        var cache = Caches.GetValue(factory, _ => new Cache());
        await cache.Gate.WaitAsync();
        try
        {
            return await factory.WithDbAsync<IReadOnlyDictionary<string, string>>(async db =>
            {
                var tables = db.Model.GetEntityTypes()
                    .Where(t => t.GetTableName() is not null && t.FindOwnership() is null && !Skipped.Contains(t.ClrType))
                    .Select(t => (Table: t.GetTableName()!, CountOnly: CountOnly.Contains(t.ClrType)))
                    .Distinct().OrderBy(t => t.Table).ToList();
                var connection = db.Database.GetDbConnection();
                await db.Database.OpenConnectionAsync();
                try
                {
                    var signatures = await SignaturesAsync(db, cache, tables.Select(t => t.Table).ToList());
                    foreach (var (table, countOnly) in tables)
                    {
                        var signature = signatures[table];
                        if (cache.Tables.TryGetValue(table, out var known) && known.Signature == signature) continue;
                        cache.Tables[table] = (signature, await ContentAsync(connection, table, countOnly));
                    }
                    var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (table, _) in tables) result[table] = cache.Tables[table].Content;
                    return result;
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });
        }
        finally
        {
            cache.Gate.Release();
        }
    }

    /// <summary>
    /// A signature per table that changes whenever the table's rows do.
    /// </summary>
    private static async Task<Dictionary<string, string>> SignaturesAsync(Catalyse.Web.Infrastructure.Data.CatalyseDb db, Cache cache, List<string> tables)
    {
        if (db.Database.IsNpgsql())
        {
            // A sequence per table, advanced by a statement-level trigger of the tests' own on any write: sequences never
            // wait for another transaction, so the concurrency the tests check is the app's alone. Counting the rows and
            // their newest xmin instead read every table twice per case.
            if (!cache.Installed)
            {
                var install = new StringBuilder("""
                    CREATE OR REPLACE FUNCTION test_count_change() RETURNS trigger LANGUAGE plpgsql
                    AS $$ BEGIN PERFORM nextval(TG_ARGV[0]::regclass); RETURN NULL; END $$;
                    """);
                foreach (var t in tables)
                    install.Append($"CREATE SEQUENCE IF NOT EXISTS \"tc_{t}\";CREATE OR REPLACE TRIGGER test_count_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \"{t}\" " +
                        $"FOR EACH STATEMENT EXECUTE FUNCTION test_count_change('\"tc_{t}\"');");
                await using var create = db.Database.GetDbConnection().CreateCommand();
                create.CommandText = install.ToString();
                await create.ExecuteNonQueryAsync();
                cache.Installed = true;
            }
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', last_value::text || ':' || is_called::text FROM \"tc_{t}\""));
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) result[reader.GetString(0)] = reader.GetString(1);
            return result;
        }
        // SQLite has no row version: the first call installs, on each table, triggers that count its inserts, updates and
        // deletes in a table of the tests' own (not in the app's model); a table is read again only when its count moved.
        if (cache.Probe is null)
        {
            cache.Probe = new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetDbConnection().ConnectionString);
            await cache.Probe.OpenAsync();
            var install = new StringBuilder("BEGIN IMMEDIATE;CREATE TABLE IF NOT EXISTS test_table_changes (name TEXT PRIMARY KEY, n INTEGER NOT NULL);");
            foreach (var t in tables)
            {
                install.Append($"INSERT OR IGNORE INTO test_table_changes (name, n) VALUES ('{t}', 0);");
                foreach (var operation in new[] { "INSERT", "UPDATE", "DELETE" })
                    install.Append($"CREATE TRIGGER IF NOT EXISTS \"test_changes_{t}_{operation}\" AFTER {operation} ON \"{t}\" " +
                        $"BEGIN UPDATE test_table_changes SET n = n + 1 WHERE name = '{t}'; END;");
            }
            install.Append("COMMIT;");
            await using var command = cache.Probe.CreateCommand();
            command.CommandText = install.ToString();
            await command.ExecuteNonQueryAsync();
        }
        await using var read = cache.Probe.CreateCommand();
        read.CommandText = "SELECT name, n FROM test_table_changes";
        var counts = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        return tables.ToDictionary(t => t, t => counts.GetValueOrDefault(t, "?"), StringComparer.Ordinal);
    }

    private static async Task<string> ContentAsync(System.Data.Common.DbConnection connection, string table, bool countOnly)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = countOnly ? $"SELECT COUNT(*) FROM \"{table}\"" : $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (VolatileColumns.Contains(reader.GetName(i))) continue;
                var value = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                row.Append(reader.GetName(i)).Append('=').Append(value).Append('|');
            }
            rows.Add(row.ToString());
        }
        rows.Sort(StringComparer.Ordinal);
        return $"{rows.Count} rows\n" + string.Join("\n", rows);
    }

    /// <summary>Fails with the tables that changed.</summary>
    public static void AssertUnchanged(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, string what)
    {
        var changed = before.Keys.Union(after.Keys)
            .Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).ToList();
        if (changed.Count == 0) return;
        var detail = string.Join("\n", changed.Select(t =>
        {
            var b = (before.GetValueOrDefault(t) ?? "").Split('\n').ToHashSet();
            var a = (after.GetValueOrDefault(t) ?? "").Split('\n').ToHashSet();
            var added = a.Except(b).Take(3).Select(r => "  + " + Truncate(r));
            var removed = b.Except(a).Take(3).Select(r => "  - " + Truncate(r));
            return t + ":\n" + string.Join("\n", removed.Concat(added));
        }));
        Assert.Fail($"{what} wrote to the database:\n{detail}");
    }

    /// <summary>Fails when a stored text holds U+FFFD (a decoding accident) or a lone surrogate.</summary>
    public static void AssertWellFormed(IReadOnlyDictionary<string, string> fingerprint, string what)
    {
        foreach (var (table, rows) in fingerprint)
            for (var i = 0; i < rows.Length; i++)
            {
                var c = rows[i];
                if (char.IsHighSurrogate(c) && i + 1 < rows.Length && char.IsLowSurrogate(rows[i + 1])) { i++; continue; }
                if (c == '\uFFFD' || char.IsSurrogate(c))
                {
                    var start = rows.LastIndexOf('\n', i) + 1;
                    var end = rows.IndexOf('\n', i);
                    Assert.Fail($"{what}: malformed text stored in {table}: {Truncate(rows[start..(end < 0 ? rows.Length : end)])}");
                }
            }
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
