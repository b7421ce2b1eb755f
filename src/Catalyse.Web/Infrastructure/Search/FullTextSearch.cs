using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Infrastructure.Search;

/// <summary>
/// The directory's full-text index, the one place with provider-specific search SQL (the index itself is created
/// by the DirectoryFullText migrations). Same meaning on both databases as the portable <c>LIKE '% token%'</c>:
/// every query token (folded and stemmed by <see cref="FrenchText"/>) is the start of a word of
/// <see cref="Entry.SearchText"/>. SQLite: FTS5 table <c>entries_fts</c>, prefix query <c>"creche"*</c>.
/// PostgreSQL: GIN index on <c>to_tsvector('simple', "SearchText")</c>, query <c>'creche':*</c>.
/// </summary>
public static class FullTextSearch
{
    /// <summary>At most this many tokens of a query are used (a longer query only narrows the result).</summary>
    public const int MaxTokens = 8;

    /// <summary>The query's tokens, as the index stores them (letters and digits only, so no operator gets through).</summary>
    public static List<string> Tokens(string? q) => FrenchText.Tokens(q).Distinct().Take(MaxTokens).ToList();

    /// <summary>Entries whose search text holds a word starting with each token.</summary>
    public static IQueryable<Entry> Matching(CatalyseDb db, IQueryable<Entry> entries, IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 0) return entries;
        if (db.Database.IsNpgsql())
        {
            // Quoted lexemes: whatever a token holds, it is one term, never an operator.
            var query = string.Join(" & ", tokens.Select(t => "'" + t.Replace("\\", "\\\\").Replace("'", "''") + "':*"));
            return entries.Where(e => EF.Functions.ToTsVector("simple", e.SearchText).Matches(EF.Functions.ToTsQuery("simple", query)));
        }
        // FTS5 strings in double quotes are plain terms (NEAR, OR, - or : inside them are text); * makes a prefix query.
        var match = string.Join(" ", tokens.Select(t => "\"" + t.Replace("\"", "\"\"") + "\"*"));
        var ids = db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM entries_fts WHERE entries_fts MATCH {match}");
        return entries.Where(e => ids.Contains(e.Id));
    }
}
