using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;

namespace Catalyse.Web.Features.Directory.Contribution;

/// <summary>
/// A page about one entry, in a territory (<c>/t/{slug}/directory/{id}/…</c>) or in the network directory
/// (<c>/directory/{id}/…</c>): the entry is found only if published and, in a territory, of its perimeter.
/// </summary>
public abstract class EntryPageModel(TerritoryScope scope, DirectoryQueries queries, ContributionService contributions,
    TerritoryAccess access, UserManager<Accounts.User> users) : FormPageModel
{
    protected ContributionService Contributions { get; } = contributions;
    public Entry Entry { get; private set; } = null!;
    public string? Slug => scope.Slug;
    public int? TerritoryId => scope.TerritoryId;
    public string BasePath => scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory";
    public string EntryPath => $"{BasePath}/{Entry.Id}";
    protected string? UserId => users.GetUserId(User);

    protected async Task<bool> LoadAsync(int id, CancellationToken ct, params EntryStatus[] statuses)
    {
        statuses = statuses.Length == 0 ? [EntryStatus.Published] : statuses;
        var entry = await queries.FindAsync(id, ct);
        if (entry is null || !statuses.Contains(entry.Status)) return false;
        if (scope.TerritoryId is { } tid && entry.Status == EntryStatus.Published && !await queries.BelongsToAsync(entry, tid, ct)) return false;
        if (entry.Status != EntryStatus.Published && !await Contributions.IsModeratedByAsync(entry, scope.TerritoryId, ct)) return false;
        Entry = entry;
        return true;
    }

    /// <summary>A catalyst of this territory (or a coordinator) in charge of this entry.</summary>
    protected async Task<bool> IsModeratorAsync(CancellationToken ct) =>
        await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct) && await Contributions.IsModeratedByAsync(Entry, scope.TerritoryId, ct);
}
