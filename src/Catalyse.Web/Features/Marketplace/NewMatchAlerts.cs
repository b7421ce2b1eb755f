using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Notifications;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>
/// When a solution or an offer is added, or an actor or a place appears in the directory, the followers of the open needs
/// it answers best hear of it (in the app and in their next email digest). A need counts as answered when they share two
/// words or a word and a theme.
/// </summary>
public sealed class NewMatchAlerts(CatalyseDb db, Matcher matcher, NotificationService notifications, DirectoryFeed directory, TimeProvider clock,
    ILogger<NewMatchAlerts> log)
{
    public const int NeedsPerAlert = 5;
    public const string EntriesSync = "entry-alerts";
    public const int EntriesPerPass = 200;

    public async Task AnnounceAsync(IndexedText doc, int? territoryId, CancellationToken ct = default)
    {
        var needs = Answered(await matcher.NeedsAnywhereAsync(doc, territoryId, NeedsPerAlert, ct));
        await NotifyFollowersAsync(needs, ct);
    }

    /// <summary>One "new lead" notification to each follower of each of these needs.</summary>
    private async Task NotifyFollowersAsync(List<int> needs, CancellationToken ct)
    {
        if (needs.Count == 0) return;
        var targets = await db.Set<Need>().IgnoreQueryFilters().AsNoTracking().Where(n => needs.Contains(n.Id))
            .Join(db.Territories, n => n.TerritoryId, t => t.Id, (n, t) => new { n.Id, n.Title, t.Slug }).ToListAsync(ct);
        var followers = await db.Set<NeedFollower>().AsNoTracking().Where(f => needs.Contains(f.NeedId)).ToListAsync(ct);
        foreach (var need in targets.OrderBy(n => n.Id))
            await notifications.NotifyAsync(followers.Where(f => f.NeedId == need.Id).Select(f => f.UserId), NotificationKind.NeedNewMatch,
                need.Title, $"/t/{need.Slug}/needs/{need.Id}#matches", null, ct);
    }

    private static List<int> Answered(IEnumerable<Match> needs) =>
        needs.Where(m => m.Words.Count + m.Synonyms.Count >= 2 || m.Words.Count + m.Synonyms.Count >= 1 && m.SharedThemes.Count >= 1).Select(m => m.Id).ToList();

    /// <summary>
    /// The directory's actors and places changed since the last pass (published ones, at most <see cref="EntriesPerPass"/>):
    /// each is a new lead for the open needs it answers in the territories whose perimeter holds its commune. Each need's
    /// followers get one notification per pass, and never twice for the same lead (<see cref="NeedLeadAlert"/>), however
    /// often the entry is edited. The first pass starts from now: what the directory held before is not announced.
    /// Returns how many entries were read.
    /// </summary>
    public async Task<int> AnnounceEntriesAsync(CancellationToken ct = default)
    {
        var sync = await db.Set<MatchSync>().AsNoTracking().FirstOrDefaultAsync(s => s.Name == EntriesSync, ct);
        if (sync is null)
        {
            try
            {
                db.Add(new MatchSync { Name = EntriesSync, At = clock.GetUtcNow(), LastId = int.MaxValue });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) { /* another instance created it */ }
            db.ChangeTracker.Clear();
            return 0;
        }
        var changed = await directory.ChangedSinceAsync(sync.At, sync.LastId, EntriesPerPass, ct);
        if (changed.Count == 0) return 0;
        var leads = new Dictionary<int, List<int>>(); // need → new entries
        var fresh = changed.Where(e => e.Published && e.Kind is EntryKind.Actor or EntryKind.Place && e.CommuneCode is not null).ToList();
        var communes = fresh.Select(e => e.CommuneCode!).Distinct().ToList();
        var territoriesOf = (await db.TerritoryCommunes.IgnoreQueryFilters().AsNoTracking().Where(t => communes.Contains(t.CommuneCode))
                .Select(t => new { t.CommuneCode, t.TerritoryId }).ToListAsync(ct))
            .GroupBy(t => t.CommuneCode).ToDictionary(g => g.Key, g => g.Select(t => t.TerritoryId).Distinct().Order().ToList());
        foreach (var entry in fresh)
        {
            if (!territoriesOf.TryGetValue(entry.CommuneCode!, out var territories)) continue;
            foreach (var need in Answered(await matcher.NeedsNearAsync(MatchIndexer.Of(entry), territories, NeedsPerAlert, ct)))
                (leads.TryGetValue(need, out var list) ? list : leads[need] = []).Add(entry.Id);
        }
        var last = changed[^1];
        var kinds = changed.ToDictionary(e => e.Id, e => MatchIndexer.KindOf(e.Kind));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var moved = await db.Set<MatchSync>().Where(s => s.Name == EntriesSync && s.At == sync.At && s.LastId == sync.LastId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.At, last.UpdatedAt).SetProperty(x => x.LastId, last.Id), ct);
            if (moved == 0) { await tx.RollbackAsync(ct); return 0; }
            var needIds = leads.Keys.ToList();
            var known = (await db.Set<NeedLeadAlert>().AsNoTracking().Where(a => needIds.Contains(a.NeedId) && (a.Kind == MatchKind.Actor || a.Kind == MatchKind.Place))
                .Select(a => new { a.NeedId, a.DocId }).ToListAsync(ct)).Select(a => (a.NeedId, a.DocId)).ToHashSet();
            var now = clock.GetUtcNow();
            var news = new List<int>();
            foreach (var (need, entries) in leads)
            {
                var unheard = entries.Where(e => !known.Contains((need, e))).ToList();
                if (unheard.Count == 0) continue;
                db.AddRange(unheard.Select(e => new NeedLeadAlert { NeedId = need, Kind = kinds[e], DocId = e, At = now }));
                news.Add(need);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await NotifyFollowersAsync(news, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e)
        {
            log.LogInformation(e, "New-lead alerts: another instance announced the same entries");
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
        }
        return changed.Count;
    }
}
