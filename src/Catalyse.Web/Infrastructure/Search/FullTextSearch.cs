using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Catalyse.Web.Infrastructure.Search;

/// <summary>
/// The directory's full-text index, the one place with provider-specific search SQL (the index itself is created
/// by the DirectoryFullText migrations). Same meaning on both databases as the portable <c>LIKE '% token%'</c>:
/// every query token (folded and stemmed by <see cref="FrenchText"/>) is the start of a word of
/// <see cref="Entry.SearchText"/>. SQLite: FTS5 table <c>entries_fts</c>, prefix query <c>"creche"*</c>.
/// PostgreSQL: stored generated column <c>"SearchVector" = to_tsvector('simple', "SearchText")</c> with a GIN index,
/// query <c>'creche':*</c> (migration DirectorySearchVector). The column is not part of the EF model, so loading
/// entries never reads it; <see cref="StoredVector"/> names it in a query.
/// </summary>
public static class FullTextSearch
{
    /// <summary>At most this many tokens of a query are used (a longer query only narrows the result).</summary>
    public const int MaxTokens = 8;

    /// <summary>The query's tokens, as the index stores them (letters and digits only, so no operator gets through).</summary>
    public static List<string> Tokens(string? q) => FrenchText.Tokens(q).Distinct().Take(MaxTokens).ToList();

    /// <summary>Entries whose search text holds a word starting with each token.</summary>
    /// <param name="narrowerElsewhere">
    /// SQLite: another condition (a territory's communes) selects fewer rows than a broad text query may: the match
    /// list is then probed (<c>"Id" + 0 IN …</c>) instead of driving the query, which looked up every match
    /// (93,000 for "association") to keep a territory's few hundred.
    /// </param>
    public static IQueryable<Entry> Matching(CatalyseDb db, IQueryable<Entry> entries, IReadOnlyList<string> tokens, bool narrowerElsewhere = false)
    {
        if (tokens.Count == 0) return entries;
        if (db.Database.IsNpgsql())
        {
            // Quoted lexemes: whatever a token holds, it is one term, never an operator.
            var query = string.Join(" & ", tokens.Select(t => "'" + t.Replace("\\", "\\\\").Replace("'", "''") + "':*"));
            return entries.Where(e => StoredVector(e.SearchText).Matches(EF.Functions.ToTsQuery("simple", query)));
        }
        // FTS5 strings in double quotes are plain terms (NEAR, OR, - or : inside them are text); * makes a prefix query.
        var match = string.Join(" ", tokens.Select(t => "\"" + t.Replace("\"", "\"\"") + "\"*"));
        var ids = db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM entries_fts WHERE entries_fts MATCH {match}");
        return narrowerElsewhere ? entries.Where(e => ids.Contains(e.Id + 0)) : entries.Where(e => ids.Contains(e.Id));
    }

    /// <summary>
    /// PostgreSQL: the stored <c>"SearchVector"</c> column of the same row as the given <c>"SearchText"</c> column
    /// (translated by <see cref="MapStoredVector"/>, never run in memory).
    /// </summary>
    public static NpgsqlTypes.NpgsqlTsVector StoredVector(string searchText) =>
        throw new InvalidOperationException("FullTextSearch.StoredVector is translated to SQL only.");

    /// <summary>Maps <see cref="StoredVector"/> to the <c>"SearchVector"</c> column of the entries table alias of its argument.</summary>
    public static void MapStoredVector(ModelBuilder b)
    {
#pragma warning disable EF1001 // the provider's tsvector type mapping (public, marked internal API)
        var mapping = new Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping.NpgsqlTsVectorTypeMapping();
#pragma warning restore EF1001
        b.HasDbFunction(typeof(FullTextSearch).GetMethod(nameof(StoredVector))!).HasTranslation(args =>
            args[0] is ColumnExpression { Name: nameof(Entry.SearchText) } column
                ? new ColumnExpression("SearchVector", column.TableAlias, typeof(NpgsqlTypes.NpgsqlTsVector), mapping, nullable: false)
                : throw new InvalidOperationException("FullTextSearch.StoredVector takes the SearchText column of entries."));
    }
}
