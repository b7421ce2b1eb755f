using System.Net;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;

namespace Catalyse.Tests.Directory;

/// <summary>The map API: compact points when few, server-side clusters when many, bounding box and kind filters.</summary>
public abstract class DirectoryMapTests(CatalyseFactory factory)
{
    private async Task<JsonElement> MapAsync(string url)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<JsonElement> Cells(JsonElement map) => map.GetProperty("cells").EnumerateArray().ToList();

    [Fact]
    public async Task Few_entries_come_as_points_with_id_name_and_kind()
    {
        var token = DirectoryData.Token();
        var actor = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Acteur {token}", communeCode = DirectoryData.Gueret, latitude = 46.16, longitude = 1.85 });
        var place = await DirectoryData.CreateAsync(factory, new { kind = "place", name = $"Lieu {token}", communeCode = DirectoryData.Gueret, latitude = 46.19, longitude = 1.89 });
        foreach (var url in new[] { $"/api/v1/territories/grand-gueret/map?q={token}&zoom=12", $"/api/v1/directory/map?q={token}&zoom=12", $"/api/v1/territories/grand-gueret/map?q={token}" })
        {
            var map = await MapAsync(url);
            Assert.False(map.GetProperty("clustered").GetBoolean(), url);
            Assert.Equal(2, map.GetProperty("count").GetInt32());
            var cells = Cells(map).OrderBy(c => c[3].GetInt32()).ToList();
            Assert.Equal(2, cells.Count);
            Assert.All(cells, c => Assert.Equal(6, c.GetArrayLength()));
            Assert.Equal((46.16, 1.85, 1, actor, $"Acteur {token}", "actor"),
                (cells[0][0].GetDouble(), cells[0][1].GetDouble(), cells[0][2].GetInt32(), cells[0][3].GetInt32(), cells[0][4].GetString(), cells[0][5].GetString()));
            Assert.Equal((46.19, 1.89, 1, place, $"Lieu {token}", "place"),
                (cells[1][0].GetDouble(), cells[1][1].GetDouble(), cells[1][2].GetInt32(), cells[1][3].GetInt32(), cells[1][4].GetString(), cells[1][5].GetString()));
        }
        // Filters: kind, and a box around one of them only.
        Assert.Equal([place], Cells(await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=12&kind=place")).Select(c => c[3].GetInt32()));
        Assert.Equal([actor], Cells(await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=12&bbox=1.84,46.15,1.86,46.17")).Select(c => c[3].GetInt32()));
        Assert.Empty(Cells(await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=12&bbox=5,44,6,45")));
    }

    [Fact]
    public async Task Many_entries_come_as_clusters_whose_counts_add_up()
    {
        const int Total = 600;
        var token = DirectoryData.Token();
        var random = new Random(42);
        await DirectoryData.InsertAsync(factory, Total, i => DirectoryData.Published($"Point {i} {token}",
            lat: 46.13 + random.NextDouble() * 0.08, lon: 1.80 + random.NextDouble() * 0.14, kind: (EntryKind)(i % 4 + 1)));

        foreach (var zoom in new[] { 3, 5, 8, 12, 16, 20 })
        {
            var map = await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom={zoom}");
            var cells = Cells(map);
            // More than MaxPoints: cells on a grid (at zoom 20 each entry may have a cell of its own).
            if (zoom <= 12) Assert.True(map.GetProperty("clustered").GetBoolean(), $"zoom {zoom}: {Total} entries are more than {DirectoryQueries.MaxPoints} points");
            Assert.Equal(Total, cells.Sum(c => c[2].GetInt32()));
            Assert.Equal(Total, map.GetProperty("count").GetInt32());
            Assert.InRange(cells.Count, 1, DirectoryQueries.MaxCells);
            Assert.All(cells, c => Assert.InRange(c[0].GetDouble(), 46.13, 46.21));
            Assert.All(cells, c => Assert.InRange(c[1].GetDouble(), 1.80, 1.94));
            // A cluster has no id; a cell of one entry keeps it.
            Assert.All(cells, c => Assert.Equal(c[2].GetInt32() == 1, c[3].ValueKind == JsonValueKind.Number));
            if (zoom <= 8) Assert.True(cells.Count <= 4, $"zoom {zoom}: {cells.Count} cells for an area of a few km");
        }
        var low = Cells(await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=5"));
        var high = Cells(await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=16"));
        Assert.True(high.Count > low.Count, $"zooming in splits clusters: {low.Count} cells at zoom 5, {high.Count} at zoom 16");

        // The box keeps only what is inside it; the kind filter keeps a quarter.
        var half = await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=12&bbox=1.80,46.13,1.87,46.21");
        var expectedHalf = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.Entries, e => e.SearchText.Contains(" " + token + " ") && e.Longitude <= 1.87));
        Assert.Equal(expectedHalf, half.GetProperty("count").GetInt32());
        Assert.InRange(expectedHalf, 1, Total - 1);
        var places = await MapAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=12&kind=place");
        Assert.Equal(Total / 4, places.GetProperty("count").GetInt32());
        // The network map counts the same entries.
        Assert.Equal(Total, (await MapAsync($"/api/v1/directory/map?q={token}&zoom=6")).GetProperty("count").GetInt32());
        Assert.Equal(0, (await MapAsync($"/api/v1/territories/grenoble-alpes/map?q={token}&zoom=6")).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("bbox=1,2,3", "bbox")]
    [InlineData("bbox=a,b,c,d", "bbox")]
    [InlineData("bbox=3,45,1,47", "bbox")]
    [InlineData("bbox=1,47,3,45", "bbox")]
    [InlineData("bbox=-200,45,3,47", "bbox")]
    [InlineData("bbox=1,45,3,NaN", "bbox")]
    [InlineData("bbox=1,45,3,47,5", "bbox")]
    [InlineData("kind=spaceship", "kind")]
    [InlineData("kind=0", "kind")]
    [InlineData("sdg=0", "sdg")]
    public async Task Bad_parameters_get_problem_details_naming_them(string query, string field)
    {
        using var client = factory.CreateClient();
        foreach (var path in new[] { "/api/v1/territories/grand-gueret/map", "/api/v1/directory/map", "/api/v1/territories/grand-gueret/actors", "/api/v1/directory" })
        {
            using var response = await client.GetAsync($"{path}?{query}&zoom=9");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}?{query}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal([field], errors);
        }
    }

    [Theory]
    [InlineData("zoom=-5")]
    [InlineData("zoom=99")]
    [InlineData("bbox=-180,-90,180,90&zoom=0")]
    public async Task Extreme_zooms_and_the_whole_world_are_fine(string query)
    {
        var map = await MapAsync($"/api/v1/territories/grand-gueret/map?{query}");
        Assert.InRange(map.GetProperty("zoom").GetInt32(), 0, 20);
        Assert.InRange(Cells(map).Count, 0, DirectoryQueries.MaxCells);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryMapSqliteTests(CatalyseFactory factory) : DirectoryMapTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryMapPostgresTests(PostgresFactory factory) : DirectoryMapTests(factory);
