using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>What one document of the index says: its place, its themes and its weighted texts.</summary>
public sealed record IndexedText(MatchKind Kind, int DocId, string Title, string? CommuneCode, double? Latitude, double? Longitude,
    IReadOnlyList<string> Themes, int? TerritoryId, bool NetworkWide, int Successes, (string? Text, short Weight)[] Texts, DateTimeOffset SourceUpdatedAt = default);

/// <summary>
/// Keeps the matcher's index: needs, offers and solutions are indexed when they are saved; actors and places are read
/// from the directory's changes (<see cref="DirectoryFeed"/>), in (UpdatedAt, Id) order, by <see cref="CatchUpAsync"/>.
/// Two instances catching up at once: the watermark moves by a conditional UPDATE, the loser's batch is rolled back.
/// </summary>
public sealed class MatchIndexer(CatalyseDb db, DirectoryFeed directory, ILogger<MatchIndexer> log)
{
    public const string EntriesSync = "entries";
    public const int Batch = 500;

    public static MatchKind KindOf(EntryKind kind) => kind == EntryKind.Place ? MatchKind.Place : MatchKind.Actor;

    public static IndexedText Of(Need n) => new(MatchKind.Need, n.Id, n.Title, n.CommuneCode, null, null, n.Themes, n.TerritoryId, false, 0,
        [(n.Title, 3), (string.Join(" . ", n.Themes), 2), (n.AffectedGroup, 2), (n.Description, 1)]);

    public static IndexedText Of(Offer o) => new(MatchKind.Offer, o.Id, o.Title, o.CommuneCode, null, null, o.Themes, o.TerritoryId,
        o.Kind == OfferKind.PioneerDays, 0, [(o.Title, 3), (string.Join(" . ", o.Themes), 2), (o.Description, 1)]);

    public static IndexedText Of(Solution s) => new(MatchKind.Solution, s.Id, s.Title, s.CommuneCode, null, null, s.Themes, s.OriginTerritoryId, true,
        s.AdoptionCount, [(s.Title, 3), (string.Join(" . ", s.Themes), 2), (s.ForWhom, 2), (s.Summary, 1), (s.Results, 1), (s.Conditions, 1)]);

    public static IndexedText Of(EntryCard e) => new(KindOf(e.Kind), e.Id, e.Name, e.CommuneCode, e.Latitude, e.Longitude, e.Themes, null, false, 0,
        [(e.Name, 3), (string.Join(" . ", e.Themes), 2), (e.Offers, 2), (e.Category?.Replace('-', ' '), 1), (e.Description, 1)], e.UpdatedAt);

    /// <summary>Indexes (or re-indexes) one need, offer or solution; a closed one leaves the index.</summary>
    public async Task IndexAsync(IndexedText doc, bool active, CancellationToken ct = default)
    {
        await RemoveAsync(doc.Kind, [doc.DocId], ct);
        if (active) await AddAsync([doc], ct);
    }

    public async Task RemoveAsync(MatchKind kind, IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        await db.Set<MatchPosting>().Where(p => p.Kind == kind && ids.Contains(p.DocId)).ExecuteDeleteAsync(ct);
        await db.Set<MatchDocument>().Where(d => d.Kind == kind && ids.Contains(d.DocId)).ExecuteDeleteAsync(ct);
    }

    private async Task AddAsync(IReadOnlyList<IndexedText> docs, CancellationToken ct)
    {
        var codes = docs.Select(d => d.CommuneCode).Where(c => c is not null).Distinct().ToList();
        var communes = await db.Communes.AsNoTracking().Where(c => codes.Contains(c.Code))
            .Select(c => new { c.Code, c.DepartementCode, c.Latitude, c.Longitude }).ToDictionaryAsync(c => c.Code, ct);
        foreach (var doc in docs)
        {
            var commune = doc.CommuneCode is { } code && communes.TryGetValue(code, out var c) ? c : null;
            var area = doc.NetworkWide ? "*" : commune?.DepartementCode ?? "?";
            var terms = new Dictionary<string, short>();
            foreach (var (text, weight) in doc.Texts) MatchText.AddTerms(terms, text, weight);
            db.Add(new MatchDocument
            {
                Length = terms.Count,
                Kind = doc.Kind, DocId = doc.DocId, Area = area, TerritoryId = doc.TerritoryId, Title = doc.Title.Length > 200 ? doc.Title[..200] : doc.Title,
                CommuneCode = doc.CommuneCode, Latitude = doc.Latitude ?? commune?.Latitude, Longitude = doc.Longitude ?? commune?.Longitude,
                Themes = Cut(string.Join('|', doc.Themes.Select(t => t.Replace('|', ' ').Trim()).Where(t => t.Length > 0).Distinct()), 2000), Successes = doc.Successes,
                SourceUpdatedAt = doc.SourceUpdatedAt,
            });
            foreach (var (term, weight) in terms)
                db.Add(new MatchPosting { Kind = doc.Kind, Area = area, Term = term, DocId = doc.DocId, Weight = weight });
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;

    /// <summary>
    /// Entries changed in the <paramref name="window"/> before the watermark are read again and re-indexed when the index
    /// does not hold their current version: a transaction that committed after a later one moved the watermark is not lost.
    /// Returns how many entries were re-indexed.
    /// </summary>
    public async Task<int> RecheckAsync(TimeSpan window, CancellationToken ct = default)
    {
        var sync = await db.Set<MatchSync>().AsNoTracking().FirstOrDefaultAsync(s => s.Name == EntriesSync, ct);
        if (sync is null) return 0;
        var (at, afterId, fixedCount) = (sync.At - window, 0, 0);
        while (true)
        {
            var changed = await directory.ChangedSinceAsync(at, afterId, Batch, ct);
            changed = changed.Where(e => e.UpdatedAt < sync.At || e.UpdatedAt == sync.At && e.Id <= sync.LastId).ToList();
            if (changed.Count == 0) return fixedCount;
            var ids = changed.Select(e => e.Id).ToList();
            var indexed = await db.Set<MatchDocument>().AsNoTracking().Where(d => (d.Kind == MatchKind.Actor || d.Kind == MatchKind.Place) && ids.Contains(d.DocId))
                .ToDictionaryAsync(d => d.DocId, ct);
            var stale = changed.Where(e => e.Published && e.Kind is EntryKind.Actor or EntryKind.Place
                ? !indexed.TryGetValue(e.Id, out var d) || d.SourceUpdatedAt != e.UpdatedAt || d.Kind != KindOf(e.Kind)
                : indexed.ContainsKey(e.Id)).ToList();
            if (stale.Count > 0)
            {
                var staleIds = stale.Select(e => e.Id).ToList();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await RemoveAsync(MatchKind.Actor, staleIds, ct);
                await RemoveAsync(MatchKind.Place, staleIds, ct);
                await AddAsync(stale.Where(e => e.Published && e.Kind is EntryKind.Actor or EntryKind.Place)
                    .Select(e => Of(e) with { Successes = indexed.TryGetValue(e.Id, out var d) ? d.Successes : 0 }).ToList(), ct);
                await tx.CommitAsync(ct);
                fixedCount += stale.Count;
            }
            if (changed.Count < Batch) return fixedCount;
            (at, afterId) = (changed[^1].UpdatedAt, changed[^1].Id);
        }
    }

    /// <summary>
    /// The whole directory compared with the index: actors and places whose version the index does not hold (or that it
    /// holds though they are no longer published) are indexed again, <see cref="Batch"/> at a time. It catches what the
    /// watermark missed whatever the delay (a long import committed after later changes). Returns how many were fixed.
    /// </summary>
    public async Task<int> ReconcileAsync(int maxBatches = 100, CancellationToken ct = default)
    {
        var documents = db.Set<MatchDocument>().Where(d => d.Kind == MatchKind.Actor || d.Kind == MatchKind.Place);
        var (fixedCount, afterId) = (0, 0);
        for (var batch = 0; batch < maxBatches; batch++)
        {
            var missing = await directory.Stamps().Where(e => e.Id > afterId)
                .Where(e => e.Published && (e.Kind == EntryKind.Actor || e.Kind == EntryKind.Place)
                    ? !documents.Any(d => d.DocId == e.Id && d.SourceUpdatedAt == e.UpdatedAt)
                    : documents.Any(d => d.DocId == e.Id))
                .OrderBy(e => e.Id).Select(e => e.Id).Take(Batch).ToListAsync(ct);
            if (missing.Count == 0) break;
            var successes = await documents.AsNoTracking().Where(d => missing.Contains(d.DocId) && d.Successes > 0).ToDictionaryAsync(d => d.DocId, d => d.Successes, ct);
            var cards = new List<EntryCard>();
            foreach (var id in missing) if (await directory.FindAsync(id, ct) is { Published: true, Kind: EntryKind.Actor or EntryKind.Place } card) cards.Add(card);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await RemoveAsync(MatchKind.Actor, missing, ct);
            await RemoveAsync(MatchKind.Place, missing, ct);
            await AddAsync(cards.Select(e => Of(e) with { Successes = successes.GetValueOrDefault(e.Id) }).ToList(), ct);
            await tx.CommitAsync(ct);
            fixedCount += missing.Count;
            afterId = missing[^1];
            if (missing.Count < Batch) break;
        }
        return fixedCount;
    }

    /// <summary>Counts one more success (an introduction that led somewhere, an adoption) for what the ranking proposes.</summary>
    public Task CountSuccessAsync(MatchKind kind, int id, CancellationToken ct = default) =>
        db.Set<MatchDocument>().Where(d => d.Kind == kind && d.DocId == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Successes, d => d.Successes + 1), ct);

    /// <summary>
    /// Indexes the directory's actors and places changed since the last call, <see cref="Batch"/> at a time, until none
    /// is left or <paramref name="maxBatches"/> is reached. Returns how many entries were read.
    /// </summary>
    public async Task<int> CatchUpAsync(int maxBatches = int.MaxValue, CancellationToken ct = default)
    {
        var read = 0;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            var sync = await db.Set<MatchSync>().AsNoTracking().FirstOrDefaultAsync(s => s.Name == EntriesSync, ct);
            if (sync is null)
            {
                try
                {
                    db.Add(new MatchSync { Name = EntriesSync, At = DateTimeOffset.MinValue.ToUniversalTime(), LastId = 0 });
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException) { /* another instance created it */ }
                db.ChangeTracker.Clear();
                continue;
            }
            var changed = await directory.ChangedSinceAsync(sync.At, sync.LastId, Batch, ct);
            if (changed.Count == 0) break;
            read += changed.Count;
            var last = changed[^1];
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var moved = await db.Set<MatchSync>().Where(s => s.Name == EntriesSync && s.At == sync.At && s.LastId == sync.LastId)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.At, last.UpdatedAt).SetProperty(x => x.LastId, last.Id), ct);
                if (moved == 0) { await tx.RollbackAsync(ct); continue; }
                var ids = changed.Select(e => e.Id).ToList();
                // Successes stay with the entry through re-indexing.
                var successes = await db.Set<MatchDocument>().AsNoTracking().Where(d => (d.Kind == MatchKind.Actor || d.Kind == MatchKind.Place) && ids.Contains(d.DocId) && d.Successes > 0)
                    .ToDictionaryAsync(d => d.DocId, d => d.Successes, ct);
                await RemoveAsync(MatchKind.Actor, ids, ct);
                await RemoveAsync(MatchKind.Place, ids, ct);
                await AddAsync(changed.Where(e => e.Published && e.Kind is EntryKind.Actor or EntryKind.Place)
                    .Select(e => Of(e) with { Successes = successes.GetValueOrDefault(e.Id) }).ToList(), ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException e)
            {
                log.LogInformation(e, "Match index: another instance indexed the same entries");
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
            if (changed.Count < Batch) break;
        }
        return read;
    }
}
