using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using CsvHelper;

namespace Catalyse.Tests.DirectoryExport;

/// <summary>Exports of a filtered view: CSV, GeoJSON, JSON-LD and the GoGoCarto feed say the same thing.</summary>
public abstract class ExportTests(CatalyseFactory factory)
{
    private async Task<(string Marker, List<int> Ids)> SeedAsync()
    {
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var marker = "export" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<int>();
        foreach (var (name, kind, commune) in new[] { ($"Fablab {marker}", "place", "23096"), ($"Association {marker} \"Les Amis\", Guéret", "actor", "23096") })
        {
            var response = await api.Http.PostAsJsonAsync("/api/v1/territories/grand-gueret/actors",
                new { kind, name, communeCode = commune, themes = new[] { marker }, siret = "73282932000074" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        }
        return (marker, ids);
    }

    [Fact]
    public async Task Csv_export_of_a_filtered_view_parses_and_holds_exactly_the_view()
    {
        var (marker, ids) = await SeedAsync();
        using var client = factory.Client();
        var response = await client.GetAsync($"/api/v1/territories/grand-gueret/export.csv?theme={marker}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        using var csv = new CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(ids.Order(), rows.Select(r => int.Parse((string)r["id"])).Order());
        var quoted = rows.Single(r => ((string)r["nom"]).StartsWith("Association"));
        Assert.Equal($"Association {marker} \"Les Amis\", Guéret", quoted["nom"]);
        Assert.Equal("23096", quoted["code_insee"]);
        Assert.Equal("Guéret", quoted["commune"]);

        var onlyPlaces = await client.GetAsync($"/api/v1/territories/grand-gueret/export.csv?theme={marker}&kind=place");
        Assert.Equal(2, (await onlyPlaces.Content.ReadAsStringAsync()).Trim().Split('\n').Length); // header + 1 row
        // Another territory's view does not contain them.
        Assert.DoesNotContain(marker, await (await client.GetAsync($"/api/v1/territories/grenoble-alpes/export.csv?theme={marker}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GeoJson_JsonLd_and_GoGoCarto_exports_parse_and_carry_the_attribution()
    {
        var (marker, ids) = await SeedAsync();
        using var client = factory.Client();

        var geo = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/directory/export.geojson?theme={marker}");
        Assert.Equal("FeatureCollection", geo.GetProperty("type").GetString());
        Assert.Contains("Licence Ouverte", geo.GetProperty("attribution").GetString());
        var features = geo.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(ids.Order(), features.Select(f => f.GetProperty("id").GetInt32()).Order());
        var coordinates = features[0].GetProperty("geometry").GetProperty("coordinates");
        Assert.InRange(coordinates[0].GetDouble(), 1.5, 2.2); // RFC 7946: longitude first (Guéret ≈ 1.87)
        Assert.InRange(coordinates[1].GetDouble(), 46.0, 46.4);

        var ld = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/grand-gueret/export.jsonld?theme={marker}");
        Assert.Equal("https://schema.org", ld.GetProperty("@context").GetString());
        var graph = ld.GetProperty("@graph").EnumerateArray().ToList();
        Assert.Contains(graph, n => n.GetProperty("@type").GetString() == "Place");
        Assert.Contains(graph, n => n.GetProperty("@type").GetString() == "Organization"
            && n.GetProperty("identifier").GetProperty("value").GetString() == "73282932000074");
        Assert.All(graph, n => Assert.False(n.TryGetProperty("description", out _))); // nulls are left out

        var gogo = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/grand-gueret/gogocarto.json?theme={marker}");
        Assert.Equal("gogofull", gogo.GetProperty("ontology").GetString());
        var data = gogo.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, data.Count);
        Assert.All(data, d => Assert.Equal("Guéret", d.GetProperty("address").GetProperty("addressLocality").GetString()));
    }

    [Theory]
    [InlineData("bbox=1,2,3", "bbox")]
    [InlineData("kind=bateau", "kind")]
    [InlineData("sdg=18", "sdg")]
    public async Task A_bad_filter_is_a_400_naming_the_parameter(string query, string field)
    {
        using var client = factory.Client();
        var response = await client.GetAsync($"/api/v1/directory/export.geojson?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ExportSqliteTests(CatalyseFactory factory) : ExportTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ExportPostgresTests(PostgresFactory factory) : ExportTests(factory);
