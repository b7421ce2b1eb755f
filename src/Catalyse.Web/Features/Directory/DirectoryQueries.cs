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

/// <summary>
/// A page of the directory with its kind facets. When <see cref="CountsCapped"/>, counting stopped at
/// <see cref="DirectoryQueries.CountCap"/> rows: a count equal to it means "at least that many" (<see cref="IsAtLeast"/>),
/// and <see cref="TotalIsCapped"/> says whether the page's total is such a lower bound.
/// </summary>
public sealed record DirectoryPage(Page<EntrySummary> Entries, Dictionary<EntryKind, int> KindCounts, bool CountsCapped = false)
{
    public bool IsAtLeast(int count) => CountsCapped && count >= DirectoryQueries.CountCap;
    public bool TotalIsCapped => IsAtLeast(Entries.Total);
    /// <summary>All kinds together (at most <see cref="DirectoryQueries.CountCap"/> when capped).</summary>
    public int AllKinds => CountsCapped ? Math.Min(KindCounts.Values.Sum(), DirectoryQueries.CountCap) : KindCounts.Values.Sum();
}

/// <summary>One point or cluster of the map: compact, as GoGoCarto does.</summary>
public sealed record MapCell(double Lat, double Lon, int Count, int? Id, string? Name, EntryKind? Kind);

/// <summary>Read side of the directory: search with facets, map clusters, detail.</summary>
public sealed class DirectoryQueries(CatalyseDb db)
{
    public const int MaxPoints = 500;
    public const int MaxCells = 2000;

    /// <summary>Published entries of a territory (commune in its perimeter), or of the whole network when null.</summary>
    public IQueryable<Entry> Published(int? territoryId) => Published(db.Entries, territoryId);

    private IQueryable<Entry> Published(IQueryable<Entry> entries, int? territoryId) =>
        territoryId is { } id
            ? entries.Where(e => e.Status == EntryStatus.Published
                && db.TerritoryCommunes.Where(tc => tc.TerritoryId == id).Select(tc => tc.CommuneCode).Contains(e.CommuneCode!))
            : entries.Where(e => e.Status == EntryStatus.Published);

    /// <summary>Published entries of a territory (or the network) that pass the filter, text search through the full-text index.</summary>
    public IQueryable<Entry> Filtered(int? territoryId, EntryFilter f, bool withKind = true) => Filtered(db.Entries, territoryId, f, withKind);

    /// <summary>
    /// A text query over the network is answered by the full-text index alone, status and kind included (its published
    /// tokens): row conditions would only add reads (SQLite) or mislead the planner's estimates (PostgreSQL). In a
    /// territory, the perimeter's rows are read anyway: status and kind are checked on them.
    /// </summary>
    private IQueryable<Entry> Filtered(IQueryable<Entry> entries, int? territoryId, EntryFilter f, bool withKind)
    {
        var tokens = FullTextSearch.Tokens(f.Q);
        var kind = withKind ? f.Kind : null;
        return tokens.Count > 0 && territoryId is null
            ? ApplyFields(FullTextSearch.MatchingPublished(db, entries, tokens, kind), f, kind: null)
            : ApplyFields(FullTextSearch.Matching(db, Published(entries, territoryId), tokens, narrowerElsewhere: territoryId is not null), f, kind,
                kindIndexed: territoryId is null);
    }

    /// <param name="kindIndexed">
    /// False: the kind is checked on rows found otherwise (<c>"Kind" + 0</c>, no index serves it). A territory's communes
    /// select far fewer rows than a kind (SQLite, without statistics, preferred the kind's index: 126,000 actors read to
    /// keep a territory's 2,000).
    /// </param>
    private static IQueryable<Entry> ApplyFields(IQueryable<Entry> entries, EntryFilter f, EntryKind? kind, bool kindIndexed = true)
    {
        if (kind is { } k) entries = kindIndexed ? entries.Where(e => e.Kind == k) : entries.Where(e => (int)e.Kind + 0 == (int)k);
        if (!string.IsNullOrWhiteSpace(f.Theme)) entries = entries.Where(e => e.Themes.Contains(f.Theme));
        if (f.Sdg is { } sdg) entries = entries.Where(e => e.Sdgs.Contains(sdg));
        if (f.Box is { } b)
            entries = entries.Where(e => e.Latitude >= b.South && e.Latitude <= b.North && e.Longitude >= b.West && e.Longitude <= b.East);
        return entries;
    }

    /// <summary>
    /// Text, theme, SDG and box filters may match a large part of the directory ("association": 40 % of it): their
    /// counts stop at this many rows, as counting 80,000 matches per kind takes longer than a whole page may, and the
    /// page says "at least". Without them (kind and territory only), counts come from indexes and stay exact.
    /// </summary>
    public const int CountCap = 1_000;

    /// <summary>PostgreSQL: below this estimated number of matches, a search sorts them instead of walking the name index.</summary>
    public const int SortBelowEstimate = 30_000;

    public async Task<DirectoryPage> SearchAsync(int? territoryId, EntryFilter filter, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<EntrySummary>.Clamp(page, pageSize);
        var tokens = FullTextSearch.Tokens(filter.Q);
        var otherFilters = !string.IsNullOrWhiteSpace(filter.Theme) || filter.Sdg is not null || filter.Box is not null;
        var capped = tokens.Count > 0 || otherFilters;
        // Text over the network, nothing else but the kind: the full-text index answers alone.
        var indexOnly = tokens.Count > 0 && territoryId is null && !otherFilters;
        var kindCounts = indexOnly
            ? await FullTextSearch.CountByKindAsync(db, tokens, CountCap, ct)
            : await KindCountsAsync(Filtered(territoryId, filter, withKind: false), capped, ct);
        var total = filter.Kind is { } kk ? kindCounts.GetValueOrDefault(kk) : capped ? Math.Min(kindCounts.Values.Sum(), CountCap) : kindCounts.Values.Sum();
        var filtered = Filtered(territoryId, filter);
        // Fewer matches than the cap: sort them, by an expression no index serves, so that no plan walks the name index
        // looking for them (PostgreSQL did, for 0.5 s, when they sort late: "crèche"). More: follow the name (or id)
        // index and stop after one page, as at least one row in 200 matches.
        var sortMatches = capped && total < CountCap;
        if (indexOnly && db.Database.IsNpgsql())
        {
            // PostgreSQL, text over the network: the page's ids come from the narrow search table alone. More matches than
            // the cap, but not many more (the planner's estimate, from the tsvector statistics): sorted too, as walking
            // the name index takes long when the matches' names sort late ("Recyclerie").
            if (!sortMatches && await FullTextSearch.EstimateAsync(db, tokens, filter.Kind, ct) is { } estimate && estimate < SortBelowEstimate)
                sortMatches = true;
            var ids = await FullTextSearch.PageIdsAsync(db, tokens, filter.Kind, filter.Sort == "recent", sortMatches, (p - 1) * size, size, ct);
            var found = (await Summaries(db.Entries.Where(e => ids.Contains(e.Id))).ToListAsync(ct)).ToDictionary(e => e.Id);
            var inOrder = ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
            return new DirectoryPage(new Page<EntrySummary>(inOrder, p, size, total), kindCounts, capped);
        }
        if (capped && !sortMatches && filter.Sort != "recent" && territoryId is null && db.Database.IsSqlite())
            // SQLite would sort all the matches (93,000 for "association": 0.4 s). Walk the name index. (In a territory,
            // its communes' entries are fewer: they drive the query and are sorted.)
            filtered = Filtered(db.Entries.FromSqlRaw("SELECT * FROM entries INDEXED BY \"IX_entries_Name\""), territoryId, filter, withKind: true);
        var ordered = filter.Sort == "recent"
            ? sortMatches ? filtered.OrderByDescending(e => e.Id + 0) : filtered.OrderByDescending(e => e.Id)
            : sortMatches ? filtered.OrderBy(e => e.Name.Substring(0)).ThenBy(e => e.Id) : filtered.OrderBy(e => e.Name).ThenBy(e => e.Id);
        var items = await Summaries(ordered.Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new DirectoryPage(new Page<EntrySummary>(items, p, size, total), kindCounts, capped);
    }

    /// <summary>
    /// Entries per kind: exact (from indexes) without text, theme, SDG or box filter; otherwise each count stops at
    /// <see cref="CountCap"/> (the first rows, then, when there are more, each kind up to the cap, in one query).
    /// </summary>
    private static async Task<Dictionary<EntryKind, int>> KindCountsAsync(IQueryable<Entry> all, bool capped, CancellationToken ct)
    {
        if (!capped)
            return await all.GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.Key, c => c.Count, ct);
        var counts = await all.Select(e => e.Kind).Take(CountCap).GroupBy(k => k).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.Key, c => c.Count, ct);
        if (counts.Values.Sum() < CountCap) return counts;
        // More than the cap together: the first rows tell nothing of each kind's share, so count each kind up to the cap.
        IQueryable<EntryKind>? perKind = null;
        foreach (var kind in Enum.GetValues<EntryKind>())
        {
            var part = all.Where(e => e.Kind == kind).Select(e => e.Kind).Take(CountCap);
            perKind = perKind is null ? part : perKind.Concat(part);
        }
        return await perKind!.GroupBy(k => k).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.Key, c => c.Count, ct);
    }

    private IQueryable<EntrySummary> Summaries(IQueryable<Entry> entries) =>
        from e in entries
        join c in db.Communes on e.CommuneCode equals c.Code into cs
        from c in cs.DefaultIfEmpty()
        select new EntrySummary(e.Id, e.Kind, e.Category, e.Name, e.CommuneCode, c == null ? null : c.Name, e.Latitude, e.Longitude, e.Themes);

    /// <summary>Below this zoom, a map without text, theme or SDG filter is clustered from <see cref="EntryMapCount"/>.</summary>
    public const int AggregatesBelowZoom = 9;

    /// <summary>
    /// Points of the visible box when there are few, otherwise clusters on a grid that depends on the zoom
    /// (about 64 px cells), computed by the database; never more than <see cref="MaxCells"/> cells.
    /// Below <see cref="AggregatesBelowZoom"/> and without text, theme or SDG filter, clusters come from the
    /// per-commune aggregates (each commune's entries at their mean position: cells of at least 0.35°, a commune is
    /// much smaller) instead of every entry.
    /// </summary>
    public async Task<List<MapCell>> MapAsync(int? territoryId, EntryFilter filter, int zoom, CancellationToken ct = default)
    {
        zoom = Math.Clamp(zoom, 0, 20);
        // Without text, theme or SDG filter, the map's aggregates (kept per commune and per grid cell) hold every count.
        var aggregated = FullTextSearch.Tokens(filter.Q).Count == 0 && string.IsNullOrWhiteSpace(filter.Theme) && filter.Sdg is null;
        if (zoom < AggregatesBelowZoom && aggregated)
        {
            var clusters = await ClustersFromAggregatesAsync(territoryId, filter, zoom, ct);
            if (clusters.Sum(c => c.Count) > 50) return clusters;
            return await PointsAsync(territoryId, filter, ct);
        }
        // City zooms of the network without text, theme or SDG filter: the grid says how many entries are in view (a dense
        // view no longer reads its entries just to learn that there are more than can be shown as points).
        if (zoom <= EntryMapCell.Zoom && territoryId is null && aggregated)
            return await ClustersFromCellsAsync(filter, zoom, ct) ?? await PointsAsync(territoryId, filter, ct);
        var points = await PointsAsync(territoryId, filter, ct);
        if (points.Count <= MaxPoints && zoom >= 9) return points;
        if (points.Count <= 50) return points;
        return await ClustersFromEntriesAsync(territoryId, filter, zoom, ct);
    }

    /// <summary>Single-entry cells whose entry is looked up by its cell (queries of 100 parts); beyond, a cell of one without name.</summary>
    public const int MaxSinglesLookedUp = 400;

    /// <summary>
    /// The clusters of zooms 9 to <see cref="EntryMapCell.Zoom"/> from the grid aggregates (<see cref="EntryMapCell"/>):
    /// the view's grid cells (those the box touches) grouped by 2^(12 - zoom) per side, the very cells
    /// <see cref="ClustersFromEntriesAsync"/> makes (same origin and size), without reading the entries in view.
    /// </summary>
    /// <returns>Null when the view holds no more than <see cref="MaxPoints"/> entries: they are shown as points.</returns>
    internal async Task<List<MapCell>?> ClustersFromCellsAsync(EntryFilter filter, int zoom, CancellationToken ct = default)
    {
        var factor = 1 << (EntryMapCell.Zoom - Math.Clamp(zoom, 0, EntryMapCell.Zoom));
        var kind = filter.Kind is { } k ? (int)k : EntryMapCount.AllKinds;
        var grid = db.EntryMapCells.Where(c => c.Kind == kind);
        if (filter.Box is { } b)
        {
            int south = EntryMapCell.RowOf(b.South), north = EntryMapCell.RowOf(b.North), west = EntryMapCell.ColumnOf(b.West), east = EntryMapCell.ColumnOf(b.East);
            grid = grid.Where(c => c.Y >= south && c.Y <= north && c.X >= west && c.X <= east);
        }
        var cells = await grid.GroupBy(c => new { Y = c.Y / factor, X = c.X / factor })
            .Select(g => new { g.Key.Y, g.Key.X, Count = g.Sum(c => c.Count), SumLat = g.Sum(c => c.SumLatitude), SumLon = g.Sum(c => c.SumLongitude) })
            .OrderByDescending(g => g.Count).Take(MaxCells).ToListAsync(ct);
        if (cells.Sum(c => c.Count) <= MaxPoints) return null;
        // A cell of one entry is that entry (name and kind for its popup): each looked up within its cell's bounds, in
        // queries of 100 parts (SQLite takes 500 at most in one compound SELECT).
        var size = EntryMapCell.Size * factor;
        var singles = new Dictionary<(int, int), MapCell>();
        foreach (var chunk in cells.Where(c => c.Count == 1).Take(MaxSinglesLookedUp).Chunk(100))
        {
            IQueryable<Entry>? lookups = null;
            foreach (var one in chunk)
            {
                double s = one.Y * size - 90, n = (one.Y + 1) * size - 90, w = one.X * size - 180, e = (one.X + 1) * size - 180;
                // The cell's bounds drive (latitude index); the kind is checked on its rows, not through its own index.
                var part = db.Entries.Where(x => x.Status == EntryStatus.Published && x.Latitude >= s && x.Latitude < n && x.Longitude >= w && x.Longitude < e
                        && (kind == EntryMapCount.AllKinds || (int)x.Kind + 0 == kind))
                    .Take(1);
                lookups = lookups is null ? part : lookups.Concat(part);
            }
            foreach (var x in await lookups!.Select(x => new { x.Id, x.Name, x.Kind, Lat = x.Latitude!.Value, Lon = x.Longitude!.Value }).ToListAsync(ct))
                singles.TryAdd(((int)Math.Floor((x.Lat + 90) / size), (int)Math.Floor((x.Lon + 180) / size)), new MapCell(x.Lat, x.Lon, 1, x.Id, x.Name, x.Kind));
        }
        return cells.Select(c => c.Count == 1 && singles.TryGetValue((c.Y, c.X), out var one)
            ? one
            : new MapCell(c.SumLat / c.Count, c.SumLon / c.Count, c.Count, null, null, null)).ToList();
    }

    private IQueryable<Entry> Located(int? territoryId, EntryFilter filter) =>
        Filtered(territoryId, filter).Where(e => e.Latitude != null && e.Longitude != null);

    /// <summary>Up to <see cref="MaxPoints"/> + 1 entries of the view, as points.</summary>
    private Task<List<MapCell>> PointsAsync(int? territoryId, EntryFilter filter, CancellationToken ct)
    {
        var located = Located(territoryId, filter);
        // With a box or a territory, "Id + 0": no index serves it, so the box (or the communes) drives the query; ordered
        // by the primary key, SQLite walked every entry looking for the box's few hundred (a small city: all 200,000).
        var ordered = filter.Box is not null || territoryId is not null ? located.OrderBy(e => e.Id + 0) : located.OrderBy(e => e.Id);
        return ordered.Take(MaxPoints + 1).Select(e => new MapCell(e.Latitude!.Value, e.Longitude!.Value, 1, e.Id, e.Name, e.Kind)).ToListAsync(ct);
    }

    private static double CellSize(int zoom) => 360.0 / Math.Pow(2, Math.Clamp(zoom, 0, 20)) / 4;

    internal async Task<List<MapCell>> ClustersFromEntriesAsync(int? territoryId, EntryFilter filter, int zoom, CancellationToken ct = default)
    {
        var cell = CellSize(zoom);
        var cells = await Located(territoryId, filter)
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

    /// <summary>
    /// The same clusters from <see cref="EntryMapCount"/> (kind and territory filters, box on each commune's mean
    /// position), plus the few published entries with coordinates but no commune, straight from entries.
    /// </summary>
    internal async Task<List<MapCell>> ClustersFromAggregatesAsync(int? territoryId, EntryFilter filter, int zoom, CancellationToken ct = default)
    {
        var cell = CellSize(zoom);
        var kind = filter.Kind is { } k ? (int)k : EntryMapCount.AllKinds;
        var counts = db.EntryMapCounts.Where(m => m.Kind == kind);
        if (territoryId is { } id)
            counts = counts.Where(m => db.TerritoryCommunes.Where(tc => tc.TerritoryId == id).Select(tc => tc.CommuneCode).Contains(m.CommuneCode));
        if (filter.Box is { } b)
            counts = counts.Where(m => m.SumLatitude / m.Count >= b.South && m.SumLatitude / m.Count <= b.North
                && m.SumLongitude / m.Count >= b.West && m.SumLongitude / m.Count <= b.East);
        var parts = counts.Select(m => new MapPart { Lat = m.SumLatitude / m.Count, Lon = m.SumLongitude / m.Count, Count = m.Count, SumLat = m.SumLatitude, SumLon = m.SumLongitude, Commune = m.CommuneCode, Id = 0 });
        if (territoryId is null)
            parts = parts.Concat(Located(null, filter with { Q = null, Theme = null, Sdg = null }).Where(e => e.CommuneCode == null)
                .Select(e => new MapPart { Lat = e.Latitude!.Value, Lon = e.Longitude!.Value, Count = 1, SumLat = e.Latitude!.Value, SumLon = e.Longitude!.Value, Commune = null, Id = e.Id }));
        var cells = await parts
            .GroupBy(p => new { Y = (int)((p.Lat + 90) / cell), X = (int)((p.Lon + 180) / cell) })
            .Select(g => new { Count = g.Sum(p => p.Count), SumLat = g.Sum(p => p.SumLat), SumLon = g.Sum(p => p.SumLon), Commune = g.Max(p => p.Commune), Id = g.Max(p => p.Id) })
            .OrderByDescending(g => g.Count).Take(MaxCells).ToListAsync(ct);
        // A cell of one entry is that entry: the only one of its commune (or without commune), in one query.
        var communes = cells.Where(c => c.Count == 1 && c.Id == 0 && c.Commune is not null).Select(c => c.Commune!).ToList();
        var ids = cells.Where(c => c.Count == 1 && c.Id != 0).Select(c => c.Id).ToList();
        // Two parts of one command: an OR of both lists kept SQLite from using either index (a scan of every entry).
        // The kind is checked on the communes' rows (not through its index: every place of France for a few communes).
        var located = Located(null, filter with { Q = null, Theme = null, Sdg = null, Box = null, Kind = null });
        if (filter.Kind is { } only) located = located.Where(e => (int)e.Kind + 0 == (int)only);
        var singles = communes.Count + ids.Count == 0 ? [] : await located.Where(e => communes.Contains(e.CommuneCode!))
            .Concat(located.Where(e => ids.Contains(e.Id)))
            .Select(e => new { e.Id, e.Name, e.Kind, e.CommuneCode }).ToListAsync(ct);
        var byCommune = singles.Where(e => e.CommuneCode is not null).GroupBy(e => e.CommuneCode!).ToDictionary(g => g.Key, g => g.First());
        var byId = singles.ToDictionary(e => e.Id);
        return cells.Select(c =>
        {
            var (lat, lon) = (c.SumLat / c.Count, c.SumLon / c.Count);
            var one = c.Count != 1 ? null : c.Id != 0 ? byId.GetValueOrDefault(c.Id) : byCommune.GetValueOrDefault(c.Commune!);
            return one is null ? new MapCell(lat, lon, c.Count, null, null, null) : new MapCell(lat, lon, 1, one.Id, one.Name, one.Kind);
        }).ToList();
    }

    private sealed class MapPart
    {
        public double Lat { get; init; }
        public double Lon { get; init; }
        public int Count { get; init; }
        public double SumLat { get; init; }
        public double SumLon { get; init; }
        public string? Commune { get; init; }
        public int Id { get; init; }
    }

    public Task<Entry?> FindAsync(int id, CancellationToken ct = default) =>
        db.Entries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>Is the entry's commune in the territory's perimeter?</summary>
    public Task<bool> BelongsToAsync(Entry entry, int territoryId, CancellationToken ct = default) =>
        db.TerritoryCommunes.AnyAsync(tc => tc.TerritoryId == territoryId && tc.CommuneCode == entry.CommuneCode, ct);

    public Task<string?> CommuneNameAsync(string? code, CancellationToken ct = default) =>
        code is null ? Task.FromResult<string?>(null) : db.Communes.Where(c => c.Code == code).Select(c => c.Name).FirstOrDefaultAsync(ct);
}
