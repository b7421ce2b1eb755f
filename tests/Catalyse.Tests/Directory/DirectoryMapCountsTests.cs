using System.Net;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Directory;

/// <summary>
/// The per-commune aggregates behind the low-zoom map stay exact whatever happens to entries (database triggers),
/// and clusters computed from them are the clusters computed from the entries.
/// </summary>
public abstract class DirectoryMapCountsTests(CatalyseFactory factory)
{
    /// <summary>What the aggregates must hold: published entries with commune and coordinates, per commune and kind (0 = all).</summary>
    private static async Task<Dictionary<(int Kind, string Commune), (int Count, double Lat, double Lon)>> ExpectedAsync(CatalyseDb db)
    {
        var located = db.Entries.Where(e => e.Status == EntryStatus.Published && e.CommuneCode != null && e.Latitude != null && e.Longitude != null);
        var perKind = await located.GroupBy(e => new { e.Kind, e.CommuneCode })
            .Select(g => new { Kind = (int)g.Key.Kind, Commune = g.Key.CommuneCode!, Count = g.Count(), Lat = g.Sum(e => e.Latitude!.Value), Lon = g.Sum(e => e.Longitude!.Value) }).ToListAsync();
        var all = perKind.GroupBy(r => r.Commune).Select(g => new { Kind = EntryMapCount.AllKinds, Commune = g.Key, Count = g.Sum(r => r.Count), Lat = g.Sum(r => r.Lat), Lon = g.Sum(r => r.Lon) });
        return perKind.Concat(all).ToDictionary(r => (r.Kind, r.Commune), r => (r.Count, r.Lat, r.Lon));
    }

    /// <summary>What the grid cells must hold: published entries with coordinates, per zoom-12 cell and kind (0 = all).</summary>
    private static async Task<Dictionary<(int Kind, int Y, int X), (int Count, double Lat, double Lon)>> ExpectedCellsAsync(CatalyseDb db)
    {
        var located = await db.Entries.Where(e => e.Status == EntryStatus.Published && e.Latitude != null && e.Longitude != null)
            .Select(e => new { Kind = (int)e.Kind, Lat = e.Latitude!.Value, Lon = e.Longitude!.Value }).ToListAsync();
        return located.SelectMany(e => new[] { e, e with { Kind = EntryMapCount.AllKinds } })
            .GroupBy(e => (e.Kind, EntryMapCell.RowOf(e.Lat), EntryMapCell.ColumnOf(e.Lon)))
            .ToDictionary(g => g.Key, g => (g.Count(), g.Sum(e => e.Lat), g.Sum(e => e.Lon)));
    }

    private async Task AssertExactAsync(string step)
    {
        await AssertCommunesExactAsync(step);
        await factory.WithDbAsync(async db =>
        {
            await using var snapshot = await SnapshotAsync(db);
            var expected = await ExpectedCellsAsync(db);
            var actual = await db.EntryMapCells.AsNoTracking().ToListAsync();
            var missing = expected.Keys.Except(actual.Select(a => (a.Kind, a.Y, a.X))).ToList();
            Assert.True(missing.Count == 0, $"{step}: no grid cell for {string.Join(", ", missing.Take(5))}");
            foreach (var a in actual)
            {
                Assert.True(expected.TryGetValue((a.Kind, a.Y, a.X), out var e), $"{step}: cell ({a.Kind}, {a.Y}, {a.X}) = {a.Count} for no entry");
                Assert.True(e.Count == a.Count, $"{step}: cell ({a.Kind}, {a.Y}, {a.X}) counts {a.Count}, entries {e.Count}");
                Assert.True(Math.Abs((e.Lat / e.Count) - (a.SumLatitude / a.Count)) < 1e-9, "mean position");
                Assert.True(Math.Abs((e.Lon / e.Count) - (a.SumLongitude / a.Count)) < 1e-9, "mean position");
            }
        });
    }

    /// <summary>
    /// One snapshot for the expected and the actual rows (an import of an earlier test may still be running in the
    /// background worker): repeatable read on PostgreSQL, a read transaction on SQLite (WAL).
    /// </summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> SnapshotAsync(CatalyseDb db) =>
        db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead) : await db.Database.BeginTransactionAsync();

    private Task AssertCommunesExactAsync(string step) => factory.WithDbAsync(async db =>
    {
        await using var snapshot = await SnapshotAsync(db);
        var expected = await ExpectedAsync(db);
        var actual = await db.EntryMapCounts.AsNoTracking().ToListAsync();
        var missing = expected.Keys.Except(actual.Select(a => (a.Kind, a.CommuneCode))).ToList();
        Assert.True(missing.Count == 0, $"{step}: no aggregate for {string.Join(", ", missing)}");
        foreach (var a in actual)
        {
            Assert.True(expected.TryGetValue((a.Kind, a.CommuneCode), out var e), $"{step}: aggregate ({a.Kind}, {a.CommuneCode}) = {a.Count} for no entry");
            Assert.True(e.Count == a.Count, $"{step}: ({a.Kind}, {a.CommuneCode}) counts {a.Count}, entries {e.Count}");
            // Sums of thousands of coordinates, added and subtracted in another order: compare the mean positions.
            Assert.True(Math.Abs((e.Lat / e.Count) - (a.SumLatitude / a.Count)) < 1e-9, "mean position");
            Assert.True(Math.Abs((e.Lon / e.Count) - (a.SumLongitude / a.Count)) < 1e-9, "mean position");
        }
    });

    [Fact]
    public async Task Aggregates_stay_exact_through_inserts_edits_status_changes_and_deletes()
    {
        var token = DirectoryData.Token();
        await AssertExactAsync("before");
        var ids = await DirectoryData.InsertAsync(factory, 6, i => DirectoryData.Published($"Agrégat {i} {token}",
            commune: i % 2 == 0 ? DirectoryData.Gueret : DirectoryData.Grenoble, lat: 45.1 + i * 0.01, lon: 5.7 + i * 0.01, kind: (EntryKind)(i % 4 + 1)));
        var pending = await DirectoryData.InsertAsync(factory, 1, _ => Pending(DirectoryData.Published($"En attente {token}")));
        var unlocated = await DirectoryData.InsertAsync(factory, 1, _ => DirectoryData.Published($"Sans coordonnées {token}", lat: null, lon: null));
        await AssertExactAsync("after inserts");

        async Task EditAsync(string step, int id, Action<Entry> change)
        {
            await factory.WithDbAsync(async db =>
            {
                var entry = await db.Entries.SingleAsync(e => e.Id == id);
                change(entry);
                await db.SaveChangesAsync();
            });
            await AssertExactAsync(step);
        }
        await EditAsync("moved to another commune", ids[0], e => { e.CommuneCode = DirectoryData.Grenoble; e.Latitude = 45.19; e.Longitude = 5.72; });
        await EditAsync("kind changed", ids[1], e => e.Kind = EntryKind.Policy);
        await EditAsync("published", pending[0], e => e.Status = EntryStatus.Published);
        await EditAsync("hidden", ids[2], e => e.Status = EntryStatus.Hidden);
        await EditAsync("merged", ids[3], e => { e.Status = EntryStatus.Merged; e.MergedIntoId = ids[4]; });
        await EditAsync("shown again", ids[2], e => e.Status = EntryStatus.Published);
        await EditAsync("located", unlocated[0], e => { e.Latitude = 46.17; e.Longitude = 1.87; });
        await EditAsync("commune removed", ids[5], e => e.CommuneCode = null);
        await EditAsync("name only", ids[4], e => e.Name += " bis");

        // Raw SQL and bulk statements go through the same triggers.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE entries SET \"Status\" = {(int)EntryStatus.Hidden} WHERE \"Id\" = {ids[4]}"));
        await AssertExactAsync("raw update");
        await factory.WithDbAsync(db => db.Entries.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Longitude, e => e.Longitude + 0.001)));
        await AssertExactAsync("bulk update");
        await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == ids[0] || e.Id == pending[0]).ExecuteDeleteAsync());
        await AssertExactAsync("bulk delete");
        await factory.WithDbAsync(async db =>
        {
            db.Entries.RemoveRange(await db.Entries.Where(e => e.Name.Contains(token)).ToListAsync());
            await db.SaveChangesAsync();
        });
        await AssertExactAsync("deletes");
        await factory.WithDbAsync(db => EntryMapCount.RebuildAsync(db));
        await AssertExactAsync("rebuilt");
        // A commune (or cell) whose last entry went has no row left.
        Assert.False(await factory.WithDbAsync(db => db.EntryMapCounts.AnyAsync(m => m.Count <= 0)));
        Assert.False(await factory.WithDbAsync(db => db.EntryMapCells.AnyAsync(m => m.Count <= 0)));
    }

    [Fact]
    public async Task City_zoom_clusters_from_the_grid_count_every_entry_of_their_cell_and_name_lone_entries()
    {
        var token = DirectoryData.Token();
        // An empty area (southern Indian Ocean) that no other test uses: 700 entries (more than a map shows as points),
        // in a few dense spots and scattered, mostly places; and one far from the others, alone in its cell at every zoom.
        var box = new BoundingBox(60, -40, 62, -38);
        Assert.False(await factory.WithDbAsync(db => db.Entries.AnyAsync(e => e.Latitude >= box.South && e.Latitude <= box.North && e.Longitude >= box.West && e.Longitude <= box.East)),
            "Entries from elsewhere in the test box");
        var random = new Random(5);
        var spots = new[] { (-39.5, 60.5), (-38.7, 61.2), (-39.1, 61.7) };
        var placed = Enumerable.Range(0, 700).Select(i =>
        {
            var (lat, lon) = i % 4 == 3 ? (box.South + 0.05 + random.NextDouble() * 1.4, box.West + 0.05 + random.NextDouble() * 1.9)
                : (spots[i % 3].Item1 + random.NextDouble() * 0.05, spots[i % 3].Item2 + random.NextDouble() * 0.05);
            return (Lat: lat, Lon: lon, Kind: i % 7 == 0 ? EntryKind.Actor : EntryKind.Place); // more than 500 places: the kind filter clusters too
        }).ToList();
        var ids = await DirectoryData.InsertAsync(factory, placed.Count, i => DirectoryData.Published($"Grille {i} {token}", lat: placed[i].Lat, lon: placed[i].Lon, kind: placed[i].Kind));
        var lone = (await DirectoryData.InsertAsync(factory, 1, _ => DirectoryData.Published($"Isolée {token}", lat: -38.05, lon: 61.95, kind: EntryKind.Place)))[0];
        placed.Add((-38.05, 61.95, EntryKind.Place));
        ids.Add(lone);
        using var client = factory.Client();
        var bbox = "60,-40,62,-38";

        foreach (var (zoom, kind) in new[] { (9, (EntryKind?)null), (10, null), (11, null), (12, null), (10, EntryKind.Place), (12, EntryKind.Place) })
        {
            using var response = await client.GetAsync($"/api/v1/directory/map?zoom={zoom}&bbox={bbox}{(kind is null ? "" : "&kind=" + kind.ToString()!.ToLowerInvariant())}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var cells = JsonDocument.Parse(body).RootElement.GetProperty("cells").EnumerateArray().ToList();
            var size = EntryMapCell.Size * (1 << (EntryMapCell.Zoom - zoom));
            var expected = placed.Select((p, i) => (p, Id: ids[i])).Where(x => kind is null || x.p.Kind == kind)
                .GroupBy(x => ((int)Math.Floor((x.p.Lat + 90) / size), (int)Math.Floor((x.p.Lon + 180) / size)))
                .ToDictionary(g => g.Key, g => (Count: g.Count(), Lat: g.Average(x => x.p.Lat), Lon: g.Average(x => x.p.Lon), Id: g.First().Id));
            var step = $"zoom {zoom}, kind {kind}";
            Assert.True(cells.Count == expected.Count, $"{step}: {cells.Count} cells, expected {expected.Count}");
            foreach (var c in cells)
            {
                var (lat, lon, count) = (c[0].GetDouble(), c[1].GetDouble(), c[2].GetInt32());
                Assert.True(expected.TryGetValue(((int)Math.Floor((lat + 90) / size), (int)Math.Floor((lon + 180) / size)), out var e), $"{step}: a cell at {lat}, {lon} holds no entry");
                Assert.Equal(e.Count, count);
                Assert.True(Math.Abs(e.Lat - lat) < 1e-4 && Math.Abs(e.Lon - lon) < 1e-4, $"{step}: cell at {lat}, {lon}, entries at {e.Lat}, {e.Lon}"); // the API rounds
                // A lone entry is a point: its id and name for the popup.
                if (count == 1) Assert.Equal(e.Id, c[3].GetInt32());
            }
            var loneCell = cells.Single(c => c[2].GetInt32() == 1 && c[3].GetInt32() == lone);
            Assert.Equal($"Isolée {token}", loneCell[4].GetString());
        }
    }

    private static Entry Pending(Entry e)
    {
        e.Status = EntryStatus.Pending;
        return e;
    }

    [Fact]
    public async Task Clusters_from_aggregates_are_the_clusters_from_entries()
    {
        var token = DirectoryData.Token();
        // Made-up communes (codes no real commune has, no foreign key) in the South Atlantic, where no other test puts
        // entries, away from the grid lines of the zooms compared: each commune's entries then share a cell (an entry far
        // from its commune's other entries may not: the aggregates place it at their mean).
        double[] cells = [DirectoryQueriesCell(5), DirectoryQueriesCell(7), DirectoryQueriesCell(8)];
        // Grid lines at multiples of the cell, or half-way on PostgreSQL (its cast to integer rounds where SQLite truncates).
        static bool Clear(double value, double origin, double cell) => Math.Abs(((value + origin) / cell * 2) - Math.Round((value + origin) / cell * 2)) * cell / 2 > 0.002;
        var box = new BoundingBox(-31, -46, -25, -40);
        var places = new Random(11);
        var communes = Enumerable.Range(0, 300)
            .Select(i => new { Code = $"Z{i:D4}", Lat = box.South + 0.1 + places.NextDouble() * 5.8, Lon = box.West + 0.1 + places.NextDouble() * 5.8 }).ToList();
        Assert.False(await factory.WithDbAsync(db => db.Entries.AnyAsync(e => e.Latitude >= box.South && e.Latitude <= box.North && e.Longitude >= box.West && e.Longitude <= box.East)),
            "Entries from elsewhere in the test box");
        var clear = communes.Where(c => cells.All(cell => Clear(c.Lat, 90, cell) && Clear(c.Lon, 180, cell))).ToList();
        communes = clear.Take(60).ToList();
        Assert.True(communes.Count >= 30, $"{communes.Count} communes clear of the grid lines");
        // A commune alone in its zoom-8 cell, with one entry: a cell of one entry, found through its commune.
        (int, int)[] Cell8(double lat, double lon) => [((int)((lat + 90) / cells[2]), (int)((lon + 180) / cells[2])),
            (100_000 + (int)Math.Round((lat + 90) / cells[2]), (int)Math.Round((lon + 180) / cells[2]))];
        var taken = communes.SelectMany(c => Cell8(c.Lat, c.Lon)).ToHashSet();
        var alone = (from i in Enumerable.Range(0, 20) from j in Enumerable.Range(0, 20)
                     let p = (Lat: box.South + (box.North - box.South) * (i + 0.5) / 20, Lon: box.West + (box.East - box.West) * (j + 0.5) / 20)
                     where !Cell8(p.Lat, p.Lon).Any(taken.Contains) select p).First();
        taken.UnionWith(Cell8(alone.Lat, alone.Lon));
        var lone = clear.Skip(60).First(c => !Cell8(c.Lat, c.Lon).Any(taken.Contains));
        var random = new Random(7);
        await DirectoryData.InsertAsync(factory, 400, i =>
        {
            var c = communes[random.Next(communes.Count) % (i % 3 == 0 ? 5 : communes.Count)];
            return DirectoryData.Published($"Grille {i} {token}", commune: c.Code, lat: c.Lat + (random.NextDouble() - 0.5) * 0.001,
                lon: c.Lon + (random.NextDouble() - 0.5) * 0.001, kind: (EntryKind)(i % 4 + 1));
        });
        // One entry without commune: not in the aggregates, added from entries.
        await DirectoryData.InsertAsync(factory, 1, _ => DirectoryData.Published($"Sans commune {token}", commune: null!, lat: alone.Lat, lon: alone.Lon, kind: EntryKind.Place));
        await DirectoryData.InsertAsync(factory, 1, _ => DirectoryData.Published($"Seule {token}", commune: lone.Code, lat: lone.Lat, lon: lone.Lon, kind: EntryKind.Place));

        using var scope = factory.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<DirectoryQueries>();
        foreach (var zoom in new[] { 5, 7, 8 })
            foreach (var kind in new EntryKind?[] { null, EntryKind.Place })
            {
                var filter = new EntryFilter(Kind: kind, Box: box);
                var fromEntries = await queries.ClustersFromEntriesAsync(null, filter, zoom);
                var fromAggregates = await queries.ClustersFromAggregatesAsync(null, filter, zoom);
                static List<string> Shape(List<MapCell> cells) => cells
                    .Select(c => $"{c.Count} {c.Lat:F6} {c.Lon:F6} {c.Id} {c.Name} {c.Kind}").Order().ToList();
                var (a, e) = (Shape(fromAggregates), Shape(fromEntries));
                Assert.True(a.SequenceEqual(e), $"zoom {zoom} kind {kind}: from aggregates only [{string.Join("; ", a.Except(e))}], from entries only [{string.Join("; ", e.Except(a))}]");
                Assert.Equal(kind is null ? 402 : 102, fromAggregates.Sum(c => c.Count));
                if (zoom == 8)
                {
                    Assert.Contains(fromAggregates, c => c.Count == 1 && c.Name == $"Sans commune {token}" && c.Kind == EntryKind.Place && c.Id is not null);
                    Assert.True(fromAggregates.Any(c => c.Count == 1 && c.Name == $"Seule {token}" && c.Kind == EntryKind.Place && c.Id is not null),
                        $"{lone} {kind}: " + string.Join("; ", fromAggregates.Where(c => Math.Abs(c.Lat - lone.Lat) < 0.4 && Math.Abs(c.Lon - lone.Lon) < 0.4).Select(c => $"{c.Count} {c.Lat} {c.Lon} {c.Name}")));
                }
            }
    }

    private static double DirectoryQueriesCell(int zoom) => 360.0 / Math.Pow(2, zoom) / 4;

    [Fact]
    public async Task The_low_zoom_map_of_a_territory_counts_its_published_located_entries()
    {
        var token = DirectoryData.Token();
        await DirectoryData.InsertAsync(factory, 60, i => DirectoryData.Published($"Territoire {i} {token}", lat: 46.1 + i * 0.001, lon: 1.8, kind: (EntryKind)(i % 4 + 1)));
        var expected = await factory.WithDbAsync(db => db.Entries.CountAsync(e => e.Status == EntryStatus.Published && e.Latitude != null && e.Longitude != null
            && db.TerritoryCommunes.Any(tc => db.Territories.Any(t => t.Slug == "grand-gueret" && t.Id == tc.TerritoryId) && tc.CommuneCode == e.CommuneCode)));
        using var client = factory.CreateClient();
        foreach (var zoom in new[] { 3, 6, 8 })
        {
            using var response = await client.GetAsync($"/api/v1/territories/grand-gueret/map?zoom={zoom}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var map = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(expected, map.GetProperty("count").GetInt32());
            Assert.Equal(expected, map.GetProperty("cells").EnumerateArray().Sum(c => c[2].GetInt32()));
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryMapCountsSqliteTests(CatalyseFactory factory) : DirectoryMapCountsTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryMapCountsPostgresTests(PostgresFactory factory) : DirectoryMapCountsTests(factory);
