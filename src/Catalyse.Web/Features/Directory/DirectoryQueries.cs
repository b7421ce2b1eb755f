using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Directory;

/// <summary>A bounding box "west,south,east,north" in degrees (WGS 84).</summary>
public sealed record BoundingBox(double West, double South, double East, double North)
{
    public static bool TryParse(string? text, out BoundingBox? box)
    {
        box = null;
        var parts = (text ?? "").Split(',');
        if (parts.Length != 4) return false;
        var n = new double[4];
        for (var i = 0; i < 4; i++)
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out n[i]) || !double.IsFinite(n[i]))
                return false;
        if (n[0] < -180 || n[2] > 180 || n[1] < -90 || n[3] > 90 || n[0] > n[2] || n[1] > n[3]) return false;
        box = new BoundingBox(n[0], n[1], n[2], n[3]);
        return true;
    }
}

public sealed record EntryFilter(string? Q = null, EntryKind? Kind = null, string? Theme = null, int? Sdg = null, BoundingBox? Box = null, string? Sort = null);

public sealed record EntrySummary(int Id, EntryKind Kind, string? Category, string Name, string? CommuneCode, string? CommuneName,
    double? Latitude, double? Longitude, List<string> Themes);

public sealed record DirectoryPage(Page<EntrySummary> Entries, Dictionary<EntryKind, int> KindCounts);

/// <summary>One point or cluster of the map: compact, as GoGoCarto does.</summary>
public sealed record MapCell(double Lat, double Lon, int Count, int? Id, string? Name, EntryKind? Kind);

/// <summary>Read side of the directory: search with facets, map clusters, detail.</summary>
public sealed class DirectoryQueries(CatalyseDb db)
{
    public const int MaxPoints = 500;
    public const int MaxCells = 2000;

    /// <summary>Published entries of a territory (commune in its perimeter), or of the whole network when null.</summary>
    public IQueryable<Entry> Published(int? territoryId) =>
        territoryId is { } id
            ? db.Entries.Where(e => e.Status == EntryStatus.Published
                && db.TerritoryCommunes.Where(tc => tc.TerritoryId == id).Select(tc => tc.CommuneCode).Contains(e.CommuneCode!))
            : db.Entries.Where(e => e.Status == EntryStatus.Published);

    /// <summary>
    /// The filter in portable LINQ (text search by <c>LIKE</c>, a full scan). Pages, API and exports use
    /// <see cref="Filtered"/>, which searches through the full-text index with the same meaning.
    /// </summary>
    public static IQueryable<Entry> Apply(IQueryable<Entry> entries, EntryFilter f, bool withKind = true)
    {
        foreach (var token in FullTextSearch.Tokens(f.Q))
        {
            var pattern = $"% {token}%";
            entries = entries.Where(e => EF.Functions.Like(e.SearchText, pattern));
        }
        return ApplyFields(entries, f, withKind);
    }

    /// <summary>Published entries of a territory (or the network) that pass the filter, text search through the full-text index.</summary>
    public IQueryable<Entry> Filtered(int? territoryId, EntryFilter f, bool withKind = true) =>
        ApplyFields(FullTextSearch.Matching(db, Published(territoryId), FullTextSearch.Tokens(f.Q)), f, withKind);

    private static IQueryable<Entry> ApplyFields(IQueryable<Entry> entries, EntryFilter f, bool withKind)
    {
        if (withKind && f.Kind is { } kind) entries = entries.Where(e => e.Kind == kind);
        if (!string.IsNullOrWhiteSpace(f.Theme)) entries = entries.Where(e => e.Themes.Contains(f.Theme));
        if (f.Sdg is { } sdg) entries = entries.Where(e => e.Sdgs.Contains(sdg));
        if (f.Box is { } b)
            entries = entries.Where(e => e.Latitude >= b.South && e.Latitude <= b.North && e.Longitude >= b.West && e.Longitude <= b.East);
        return entries;
    }

    public async Task<DirectoryPage> SearchAsync(int? territoryId, EntryFilter filter, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<EntrySummary>.Clamp(page, pageSize);
        var all = Filtered(territoryId, filter, withKind: false);
        var counts = await all.GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var kindCounts = counts.ToDictionary(c => c.Key, c => c.Count);
        var filtered = filter.Kind is { } k ? all.Where(e => e.Kind == k) : all;
        var total = filter.Kind is { } kk ? kindCounts.GetValueOrDefault(kk) : kindCounts.Values.Sum();
        var ordered = filter.Sort == "recent"
            ? filtered.OrderByDescending(e => e.Id)
            : filtered.OrderBy(e => e.Name).ThenBy(e => e.Id);
        var items = await Summaries(ordered.Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new DirectoryPage(new Page<EntrySummary>(items, p, size, total), kindCounts);
    }

    private IQueryable<EntrySummary> Summaries(IQueryable<Entry> entries) =>
        from e in entries
        join c in db.Communes on e.CommuneCode equals c.Code into cs
        from c in cs.DefaultIfEmpty()
        select new EntrySummary(e.Id, e.Kind, e.Category, e.Name, e.CommuneCode, c == null ? null : c.Name, e.Latitude, e.Longitude, e.Themes);

    /// <summary>
    /// Points of the visible box when there are few, otherwise clusters on a grid that depends on the zoom
    /// (about 64 px cells), computed by the database; never more than <see cref="MaxCells"/> cells.
    /// </summary>
    public async Task<List<MapCell>> MapAsync(int? territoryId, EntryFilter filter, int zoom, CancellationToken ct = default)
    {
        var entries = Filtered(territoryId, filter).Where(e => e.Latitude != null && e.Longitude != null);
        var points = await entries.OrderBy(e => e.Id).Take(MaxPoints + 1)
            .Select(e => new MapCell(e.Latitude!.Value, e.Longitude!.Value, 1, e.Id, e.Name, e.Kind)).ToListAsync(ct);
        if (points.Count <= MaxPoints && zoom >= 9) return points;
        if (points.Count <= 50) return points;
        var cell = 360.0 / Math.Pow(2, Math.Clamp(zoom, 0, 20)) / 4;
        var cells = await entries
            .GroupBy(e => new { Y = (int)((e.Latitude!.Value + 90) / cell), X = (int)((e.Longitude!.Value + 180) / cell) })
            .Select(g => new { g.Key.Y, g.Key.X, Count = g.Count(), Lat = g.Average(e => e.Latitude!.Value), Lon = g.Average(e => e.Longitude!.Value), Id = g.Min(e => e.Id) })
            .OrderByDescending(g => g.Count).Take(MaxCells).ToListAsync(ct);
        // A cell holding one entry is that entry: name and kind for its popup, fetched in one query.
        var singles = cells.Where(c => c.Count == 1).Select(c => c.Id).ToList();
        var names = singles.Count == 0 ? [] : await db.Entries.Where(e => singles.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.Kind }).ToDictionaryAsync(e => e.Id, ct);
        return cells.Select(c => c.Count == 1 && names.TryGetValue(c.Id, out var one)
            ? new MapCell(c.Lat, c.Lon, 1, one.Id, one.Name, one.Kind)
            : new MapCell(c.Lat, c.Lon, c.Count, null, null, null)).ToList();
    }

    public Task<Entry?> FindAsync(int id, CancellationToken ct = default) =>
        db.Entries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>Is the entry's commune in the territory's perimeter?</summary>
    public Task<bool> BelongsToAsync(Entry entry, int territoryId, CancellationToken ct = default) =>
        db.TerritoryCommunes.AnyAsync(tc => tc.TerritoryId == territoryId && tc.CommuneCode == entry.CommuneCode, ct);

    public Task<string?> CommuneNameAsync(string? code, CancellationToken ct = default) =>
        code is null ? Task.FromResult<string?>(null) : db.Communes.Where(c => c.Code == code).Select(c => c.Name).FirstOrDefaultAsync(ct);
}
