using Catalyse.Web.Features.Notifications;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>
/// When a solution or an offer is added, the followers of the open needs it answers best hear of it (in the app and in
/// their next email digest). A need counts as answered when they share two words or a word and a theme.
/// </summary>
public sealed class NewMatchAlerts(CatalyseDb db, Matcher matcher, NotificationService notifications)
{
    public const int NeedsPerAlert = 5;

    public async Task AnnounceAsync(IndexedText doc, int? territoryId, CancellationToken ct = default)
    {
        var needs = (await matcher.NeedsAnywhereAsync(doc, territoryId, NeedsPerAlert, ct))
            .Where(m => m.Words.Count + m.Synonyms.Count >= 2 || m.Words.Count + m.Synonyms.Count >= 1 && m.SharedThemes.Count >= 1).Select(m => m.Id).ToList();
        if (needs.Count == 0) return;
        var targets = await db.Set<Need>().IgnoreQueryFilters().AsNoTracking().Where(n => needs.Contains(n.Id))
            .Join(db.Territories, n => n.TerritoryId, t => t.Id, (n, t) => new { n.Id, n.Title, t.Slug }).ToListAsync(ct);
        var followers = await db.Set<NeedFollower>().AsNoTracking().Where(f => needs.Contains(f.NeedId)).ToListAsync(ct);
        foreach (var need in targets)
            await notifications.NotifyAsync(followers.Where(f => f.NeedId == need.Id).Select(f => f.UserId), NotificationKind.NeedNewMatch,
                need.Title, $"/t/{need.Slug}/needs/{need.Id}#matches", null, ct);
    }
}
