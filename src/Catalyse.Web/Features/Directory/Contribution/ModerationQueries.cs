using System.Linq.Expressions;
using System.Text.Json;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Directory.Contribution;

public sealed record DuplicateCandidate(int Id, string Name, string? CommuneCode);

public sealed record SuggestionItem(EntrySuggestion Suggestion, string EntryName, string? AuthorName, List<FieldChange> Changes);

public sealed record FieldChange(string Key, string? Before, string? After);

public sealed record ReportItem(EntryReport Report, string EntryName, string? ReporterName);

public sealed record HistoryItem(EntryChange Change, string? AuthorName, string? ModeratorName);

/// <summary>What the moderators of a territory (null: the network's coordinators) have to look at, and the history of an entry.</summary>
public sealed class ModerationQueries(CatalyseDb db)
{
    public const int PageSize = 20;

    public sealed record Counts(int NewEntries, int Suggestions, int Reports, int Hidden);

    public async Task<Counts> CountsAsync(int? territoryId, CancellationToken ct = default)
    {
        var pending = await db.Entries.CountAsync(e => e.OriginTerritoryId == territoryId && e.Status == EntryStatus.Pending, ct);
        var hidden = await Hidden(territoryId).CountAsync(ct);
        var suggestions = await db.EntrySuggestions.CountAsync(s => s.TerritoryId == territoryId && s.Status == SuggestionStatus.Pending, ct);
        var reports = await db.EntryReports.CountAsync(r => r.TerritoryId == territoryId && r.Status == ReportStatus.Open, ct);
        return new Counts(pending, suggestions, reports, hidden);
    }

    /// <summary>New entries suggested in the territory and waiting, oldest first.</summary>
    public Task<Page<Entry>> PendingEntriesAsync(int? territoryId, int? page, CancellationToken ct = default) =>
        PageOf(db.Entries.Where(e => e.OriginTerritoryId == territoryId && e.Status == EntryStatus.Pending).OrderBy(e => e.Id).AsNoTracking(), page, ct);

    /// <summary>Hidden entries, latest first.</summary>
    public Task<Page<Entry>> HiddenEntriesAsync(int? territoryId, int? page, CancellationToken ct = default) =>
        PageOf(Hidden(territoryId).OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.Id).AsNoTracking(), page, ct);

    /// <summary>Hidden entries in the territory's charge (suggested there or in its perimeter); for the network, all of them.</summary>
    private IQueryable<Entry> Hidden(int? territoryId) =>
        db.Entries.Where(e => e.Status == EntryStatus.Hidden && (territoryId == null
            || e.OriginTerritoryId == territoryId || db.TerritoryCommunes.Any(tc => tc.TerritoryId == territoryId && tc.CommuneCode == e.CommuneCode)));

    private static Task<Page<T>> PageOf<T>(IQueryable<T> query, int? page, CancellationToken ct) => PageOf(query, rows => rows, page, ct);

    /// <summary>One page of an ordered query: the count, then the page's rows with what <paramref name="project"/> joins to them.</summary>
    private static async Task<Page<T>> PageOf<TRow, T>(IQueryable<TRow> ordered, Func<IQueryable<TRow>, IQueryable<T>> project, int? page, CancellationToken ct)
    {
        var (p, size) = Page<T>.Clamp(page, PageSize);
        var total = await ordered.CountAsync(ct);
        var items = await project(ordered.Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new Page<T>(items, p, size, total);
    }

    /// <summary>The folded name as it starts the search text: " creche le petit ".</summary>
    private static string NamePrefix(string name) => FrenchText.Index(name);

    /// <summary>
    /// Published entries that look like the given ones — same SIRET, same RNA, or the same folded name in the same commune —
    /// in one query for the whole list.
    /// </summary>
    public async Task<Dictionary<int, List<DuplicateCandidate>>> LikelyDuplicatesAsync(IReadOnlyCollection<Entry> entries, CancellationToken ct = default)
    {
        var result = entries.ToDictionary(e => e.Id, _ => new List<DuplicateCandidate>());
        if (entries.Count == 0) return result;
        var ids = entries.Select(e => e.Id).ToList();
        var e = Expression.Parameter(typeof(Entry), "e");
        Expression? any = null;
        foreach (var entry in entries)
        {
            Expression<Func<Entry, bool>> same = x => (entry.Siret != null && x.Siret == entry.Siret) || (entry.Rna != null && x.Rna == entry.Rna)
                || (x.CommuneCode == entry.CommuneCode && EF.Functions.Like(x.SearchText, NamePrefix(entry.Name) + "%"));
            var body = new Rebind(same.Parameters[0], e).Visit(same.Body);
            any = any is null ? body : Expression.OrElse(any, body);
        }
        var predicate = Expression.Lambda<Func<Entry, bool>>(any!, e);
        var candidates = await db.Entries.Where(x => x.Status == EntryStatus.Published && !ids.Contains(x.Id)).Where(predicate)
            .OrderBy(x => x.Id).Take(200).Select(x => new { x.Id, x.Name, x.CommuneCode, x.Siret, x.Rna, x.SearchText }).ToListAsync(ct);
        foreach (var entry in entries)
        {
            var prefix = NamePrefix(entry.Name);
            result[entry.Id].AddRange(candidates.Where(c => (entry.Siret != null && c.Siret == entry.Siret) || (entry.Rna != null && c.Rna == entry.Rna)
                    || (c.CommuneCode == entry.CommuneCode && c.SearchText.StartsWith(prefix, StringComparison.Ordinal)))
                .Take(10).Select(c => new DuplicateCandidate(c.Id, c.Name, c.CommuneCode)));
        }
        return result;
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>Pending edit suggestions with the values before and after, oldest first.</summary>
    public async Task<Page<SuggestionItem>> SuggestionsAsync(int? territoryId, int? page, CancellationToken ct = default)
    {
        var rows = await PageOf(db.EntrySuggestions.Where(s => s.TerritoryId == territoryId && s.Status == SuggestionStatus.Pending).OrderBy(s => s.Id),
            pageRows => (from s in pageRows
                         join e in db.Entries on s.EntryId equals e.Id
                         join u in db.Users on s.AuthorId equals u.Id into us
                         from u in us.DefaultIfEmpty()
                         select new { s, e, Author = u == null ? null : u.DisplayName }).AsNoTracking(), page, ct);
        var items = rows.Items.Select(r =>
        {
            var proposed = EntryFields.Preview(JsonSerializer.Deserialize<EntryInput>(r.s.ProposedJson, ContributionService.Json)!);
            var changes = r.s.Fields.Select(k => new FieldChange(k, EntryFields.Show(k, r.e), EntryFields.Show(k, proposed))).ToList();
            return new SuggestionItem(r.s, r.e.Name, r.Author, changes);
        }).ToList();
        return new Page<SuggestionItem>(items, rows.PageNumber, rows.PageSize, rows.Total);
    }

    /// <summary>Open reports, oldest first.</summary>
    public Task<Page<ReportItem>> ReportsAsync(int? territoryId, int? page, CancellationToken ct = default) =>
        PageOf(db.EntryReports.Where(r => r.TerritoryId == territoryId && r.Status == ReportStatus.Open).OrderBy(r => r.Id),
            pageRows => (from r in pageRows
                         join e in db.Entries on r.EntryId equals e.Id
                         join u in db.Users on r.ReporterId equals u.Id into us
                         from u in us.DefaultIfEmpty()
                         select new ReportItem(r, e.Name, u == null ? null : u.DisplayName)).AsNoTracking(), page, ct);

    /// <summary>The history of an entry, latest first, with the names of authors and moderators.</summary>
    public Task<Page<HistoryItem>> HistoryAsync(int entryId, int? page, CancellationToken ct = default) =>
        PageOf(db.EntryChanges.Where(c => c.EntryId == entryId).OrderByDescending(c => c.Id),
            pageRows => (from c in pageRows
                         join a in db.Users on c.AuthorId equals a.Id into authors
                         from a in authors.DefaultIfEmpty()
                         join m in db.Users on c.ModeratorId equals m.Id into moderators
                         from m in moderators.DefaultIfEmpty()
                         select new HistoryItem(c, a == null ? null : a.DisplayName, m == null ? null : m.DisplayName)).AsNoTracking(), page, ct);

    /// <summary>Who created the entry (the first line of its history).</summary>
    public Task<string?> AuthorNameAsync(string? userId, CancellationToken ct = default) =>
        userId is null ? Task.FromResult<string?>(null) : db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
}
