using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Directory;

/// <summary>An actor or place as other capabilities see it.</summary>
public sealed record EntryCard(int Id, EntryKind Kind, string? Category, string Name, string Description, string Offers, List<string> Themes,
    string? CommuneCode, double? Latitude, double? Longitude, bool Published, DateTimeOffset UpdatedAt, string? CreatedById, string? ContactEmail);

/// <summary>
/// The directory's small public service for other capabilities: the entries changed since a point (in (UpdatedAt, Id)
/// order, for indexes kept elsewhere) and one entry's card.
/// </summary>
public sealed class DirectoryFeed(CatalyseDb db)
{
    public Task<List<EntryCard>> ChangedSinceAsync(DateTimeOffset at, int afterId, int take, CancellationToken ct = default) =>
        // Ordered before the projection: EF cannot order by a member of a record built by its constructor.
        Cards(db.Entries.AsNoTracking().Where(e => e.UpdatedAt > at || e.UpdatedAt == at && e.Id > afterId)
            .OrderBy(e => e.UpdatedAt).ThenBy(e => e.Id).Take(take)).ToListAsync(ct);

    public Task<EntryCard?> FindAsync(int id, CancellationToken ct = default) =>
        Cards(db.Entries.AsNoTracking().Where(e => e.Id == id)).FirstOrDefaultAsync(ct);

    private static IQueryable<EntryCard> Cards(IQueryable<Entry> entries) =>
        entries.Select(e => new EntryCard(e.Id, e.Kind, e.Category, e.Name, e.Description, e.Offers, e.Themes, e.CommuneCode, e.Latitude, e.Longitude,
            e.Status == EntryStatus.Published, e.UpdatedAt, e.CreatedById, e.ContactEmail));
}
