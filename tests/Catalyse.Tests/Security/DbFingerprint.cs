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
/// by the framework) and the "last used" time of API tokens (refreshed by any authenticated API call).
/// </summary>
public static class DbFingerprint
{
    private static readonly Type[] CountOnly = [typeof(Region), typeof(Departement), typeof(Epci), typeof(Commune), typeof(ReferenceDataVersion)];
    private static readonly Type[] Skipped = [typeof(DataProtectionKey)];
    private static readonly string[] VolatileColumns = ["LastUsedAt"];

    public static Task<IReadOnlyDictionary<string, string>> TakeAsync(CatalyseFactory factory) =>
        factory.WithDbAsync<IReadOnlyDictionary<string, string>>(async db =>
        {
            var tables = db.Model.GetEntityTypes()
                .Where(t => t.GetTableName() is not null && t.FindOwnership() is null && !Skipped.Contains(t.ClrType))
                .Select(t => (Table: t.GetTableName()!, CountOnly: CountOnly.Contains(t.ClrType)))
                .Distinct().OrderBy(t => t.Table).ToList();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (table, countOnly) in tables)
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
                    result[table] = $"{rows.Count} rows\n" + string.Join("\n", rows);
                }
                return result;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

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
