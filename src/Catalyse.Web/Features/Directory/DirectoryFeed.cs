using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Directory;

/// <summary>An actor or place as other capabilities see it.</summary>
public sealed record EntryCard(int Id, EntryKind Kind, string? Category, string Name, string Description, string Offers, List<string> Themes,
    string? CommuneCode, double? Latitude, double? Longitude, bool Published, DateTimeOffset UpdatedAt, string? CreatedById, string? ContactEmail);

/// <summary>An entry's kind, visibility and version.</summary>
public sealed class EntryStamp
{
    public int Id { get; init; }
    public EntryKind Kind { get; init; }
    public bool Published { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// The directory's small public service for other capabilities: the entries changed since a point (in (UpdatedAt, Id)
/// order, for indexes kept elsewhere) and one entry's card.
/// </summary>
public sealed class DirectoryFeed(CatalyseDb db)
{
    public Task<List<EntryCard>> ChangedSinceAsync(DateTimeOffset at, int afterId, int take, CancellationToken ct = default) =>
        Cards(db.Entries.AsNoTracking().Where(e => e.UpdatedAt > at || e.UpdatedAt == at && e.Id > afterId)
            .OrderBy(e => e.UpdatedAt).ThenBy(e => e.Id).Take(take)).ToListAsync(ct);

    /// <summary>Every entry's version, to compose with an index kept elsewhere and find what it misses (read only).</summary>
    public IQueryable<EntryStamp> Stamps() =>
        db.Entries.AsNoTracking().Select(e => new EntryStamp { Id = e.Id, Kind = e.Kind, Published = e.Status == EntryStatus.Published, UpdatedAt = e.UpdatedAt });

    public Task<EntryCard?> FindAsync(int id, CancellationToken ct = default) =>
        Cards(db.Entries.AsNoTracking().Where(e => e.Id == id)).FirstOrDefaultAsync(ct);

    private static IQueryable<EntryCard> Cards(IQueryable<Entry> entries) =>
        entries.Select(e => new EntryCard(e.Id, e.Kind, e.Category, e.Name, e.Description, e.Offers, e.Themes, e.CommuneCode, e.Latitude, e.Longitude,
            e.Status == EntryStatus.Published, e.UpdatedAt, e.CreatedById, e.ContactEmail));
}
