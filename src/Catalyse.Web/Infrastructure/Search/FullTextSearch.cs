using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Catalyse.Web.Infrastructure.Search;

/// <summary>
/// The directory's full-text index, the one place with provider-specific search SQL (the index itself is created
/// by the DirectoryFullText migrations). Same meaning on both databases as the portable <c>LIKE '% token%'</c>:
/// every query token (folded and stemmed by <see cref="FrenchText"/>) is the start of a word of
/// <see cref="Entry.SearchText"/>. SQLite: FTS5 table <c>entries_fts</c>, prefix query <c>"creche"*</c>.
/// PostgreSQL: table <c>entry_search</c> (id, name, the same words as lexemes; GIN and name indexes), query <c>CAST('creche':* AS tsquery)</c>
/// (migrations DirectorySearchTable, DirectorySearchLexemes). Both are kept by triggers on entries and are not in the EF model.
/// </summary>
public static class FullTextSearch
{
    /// <summary>At most this many tokens of a query are used (a longer query only narrows the result).</summary>
    public const int MaxTokens = 8;

    /// <summary>
    /// The index also says which entries are published, and of which kind: a published entry's indexed text ends with
    /// <c>zzpub zzpub{Kind}</c> (migrations DirectorySearchFacets: SQLite triggers and view, PostgreSQL generated column).
    /// A search, and its per-kind counts, are then answered by the index alone. No query token may start with it.
    /// </summary>
    public const string PublishedToken = "zzpub";

    /// <summary>The query's tokens, as the index stores them (letters and digits only, so no operator gets through).</summary>
    public static List<string> Tokens(string? q) =>
        FrenchText.Tokens(q).Where(t => !t.StartsWith(PublishedToken, StringComparison.Ordinal)).Distinct().Take(MaxTokens).ToList();

    private static string PublishedTokenOf(EntryKind? kind) => PublishedToken + (kind is { } k ? ((int)k).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    /// <summary>The provider's full-text query: every token as a word prefix, and the published (kind's) token when asked.</summary>
    private static string QueryText(CatalyseDb db, IReadOnlyList<string> tokens, bool published, EntryKind? kind = null)
    {
        var extra = published ? [PublishedTokenOf(kind)] : Array.Empty<string>();
        return db.Database.IsNpgsql()
            // Quoted lexemes: whatever a token holds, it is one term, never an operator.
            ? string.Join(" & ", tokens.Select(t => "'" + t.Replace("\\", "\\\\").Replace("'", "''") + "':*").Concat(extra))
            // FTS5 strings in double quotes are plain terms (NEAR, OR, - or : inside them are text); * makes a prefix query.
            : string.Join(" ", tokens.Select(t => "\"" + t.Replace("\"", "\"\"") + "\"*").Concat(extra));
    }

    /// <summary>Entries whose search text holds a word starting with each token (whatever their status: the caller checks it).</summary>
    /// <param name="narrowerElsewhere">
    /// SQLite: another condition (a territory's communes) selects fewer rows than a broad text query may: the match
    /// list is then probed (<c>"Id" + 0 IN …</c>) instead of driving the query, which looked up every match
    /// (93,000 for "association") to keep a territory's few hundred.
    /// </param>
    public static IQueryable<Entry> Matching(CatalyseDb db, IQueryable<Entry> entries, IReadOnlyList<string> tokens, bool narrowerElsewhere = false) =>
        tokens.Count == 0 ? entries : Where(db, entries, QueryText(db, tokens, published: false), narrowerElsewhere);

    /// <summary>
    /// Published entries (of the kind, when given) whose search text holds a word starting with each token: status and
    /// kind are answered by the index, no row condition is needed.
    /// </summary>
    public static IQueryable<Entry> MatchingPublished(CatalyseDb db, IQueryable<Entry> entries, IReadOnlyList<string> tokens, EntryKind? kind) =>
        Where(db, entries, QueryText(db, tokens, published: true, kind), narrowerElsewhere: false);

    private static IQueryable<Entry> Where(CatalyseDb db, IQueryable<Entry> entries, string query, bool narrowerElsewhere)
    {
        var ids = db.Database.IsNpgsql()
            ? db.Database.SqlQuery<int>($"SELECT \"Id\" AS \"Value\" FROM entry_search WHERE \"Vector\" @@ CAST({query} AS tsquery)")
            : db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM entries_fts WHERE entries_fts MATCH {query}");
        return narrowerElsewhere ? entries.Where(e => ids.Contains(e.Id + 0)) : entries.Where(e => ids.Contains(e.Id));
    }

    /// <summary>
    /// PostgreSQL: one page of the ids of the published matches, sorted by name (or most recent first) in
    /// <c>entry_search</c> alone; the caller then loads those entries. <paramref name="sortMatches"/>: sort the matches
    /// (few of them) rather than walk the name index (many: a page is found early).
    /// </summary>
    public static Task<List<int>> PageIdsAsync(CatalyseDb db, IReadOnlyList<string> tokens, EntryKind? kind, bool recent, bool sortMatches, int skip, int take,
        CancellationToken ct = default)
    {
        var query = QueryText(db, tokens, published: true, kind);
        // "Name" || '' and "Id" + 0: no index serves them, so the planner sorts the matches instead of walking an index.
        var order = (recent, sortMatches) switch
        {
            (true, false) => "\"Id\" DESC",
            (true, true) => "\"Id\" + 0 DESC",
            (false, false) => "\"Name\", \"Id\"",
            (false, true) => "\"Name\" || '', \"Id\"",
        };
        return db.Database.SqlQueryRaw<int>(
            $"SELECT \"Id\" AS \"Value\" FROM entry_search WHERE \"Vector\" @@ CAST({{0}} AS tsquery) ORDER BY {order} LIMIT {{1}} OFFSET {{2}}",
            query, take, skip).ToListAsync(ct);
    }

    /// <summary>
    /// Published entries of each kind that match the tokens, every count stopping at <paramref name="cap"/>: from the
    /// index alone (no entry row is read), in one SQL command.
    /// </summary>
    public static async Task<Dictionary<EntryKind, int>> CountByKindAsync(CatalyseDb db, IReadOnlyList<string> tokens, int cap, CancellationToken ct = default)
    {
        var kinds = Enum.GetValues<EntryKind>();
        var parameters = kinds.Select(k => (object)QueryText(db, tokens, published: true, k)).Append(cap).ToArray();
        var limit = "{" + kinds.Length + "}";
        var parts = kinds.Select((k, i) => db.Database.IsNpgsql()
            ? $"(SELECT count(*) FROM (SELECT 1 FROM entry_search WHERE \"Vector\" @@ CAST({{{i}}} AS tsquery) LIMIT {limit}) AS m)::int AS \"{k}\""
            : $"(SELECT count(*) FROM (SELECT 1 FROM entries_fts WHERE entries_fts MATCH {{{i}}} LIMIT {limit})) AS \"{k}\"");
        // PostgreSQL: through the GIN index always. The planner scans the table for a LIMIT when the text matches many
        // rows, expecting to stop early, and reads all of it when the kind has none of them ("fablab" actors: 110 ms).
        // SET LOCAL holds for the statement that follows it in the same batch (one implicit transaction).
        var sql = (db.Database.IsNpgsql() ? "SET LOCAL enable_seqscan = off; " : "") + "SELECT " + string.Join(", ", parts);
        var row = (await db.Database.SqlQueryRaw<KindCounts>(sql, parameters).ToListAsync(ct)).Single();
        return new Dictionary<EntryKind, int>
        {
            [EntryKind.Actor] = row.Actor, [EntryKind.Place] = row.Place, [EntryKind.Initiative] = row.Initiative, [EntryKind.Policy] = row.Policy,
        };
    }

    /// <summary>
    /// PostgreSQL: the planner's estimate of the published matches (from the tsvector statistics, no row read), or
    /// null on SQLite. Good enough to choose between sorting the matches and walking the name index.
    /// </summary>
    public static async Task<double?> EstimateAsync(CatalyseDb db, IReadOnlyList<string> tokens, EntryKind? kind, CancellationToken ct = default)
    {
        if (!db.Database.IsNpgsql() || tokens.Count == 0) return null;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "EXPLAIN (FORMAT JSON) SELECT 1 FROM entry_search WHERE \"Vector\" @@ CAST(@q AS tsquery)";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "q";
            parameter.Value = QueryText(db, tokens, published: true, kind);
            command.Parameters.Add(parameter);
            var json = (string?)await command.ExecuteScalarAsync(ct);
            using var plan = System.Text.Json.JsonDocument.Parse(json ?? "[]");
            return plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class KindCounts
    {
        public int Actor { get; init; }
        public int Place { get; init; }
        public int Initiative { get; init; }
        public int Policy { get; init; }
    }
}
