using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory.Import;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Directory.Import;

/// <summary>GeoJSON import: a FeatureCollection of Points through the same preview, checks and report as CSV; bad files refused whole.</summary>
public abstract class GeoJsonImportTests(CatalyseFactory factory)
{
    private const string Grenoble = "grenoble-alpes";

    private async Task<HttpClient> ApiAsync()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Tokens.OfDemoAccountAsync(factory, DirectoryData.GrenobleCatalyst));
        return http;
    }

    private static MultipartFormDataContent Multipart(byte[] file, string source)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        content.Add(part, "file", "lieux.geojson");
        content.Add(new StringContent(source), "source");
        return content;
    }

    private static string Feature(string name, string insee, string geometry) =>
        $$$"""{"type":"Feature","geometry":{{{geometry}}},"properties":{"nom":"{{{name}}}","insee":"{{{insee}}}","site":"https://exemple.org/{{{insee}}}"}}""";

    [Fact]
    public async Task A_feature_collection_is_imported_with_point_coordinates_and_row_level_report()
    {
        var token = DirectoryData.Token();
        var features = new[]
        {
            Feature($"Fablab {token} un", "38185", """{"type":"Point","coordinates":[5.7245,45.1885]}"""),
            Feature($"Fablab {token} deux", "38185", """{"type":"Point","coordinates":[5.73,45.19]}"""),
            Feature($"Fablab {token} trois", "38185", """{"type":"LineString","coordinates":[[5.7,45.1],[5.8,45.2]]}"""),
            """{"type":"Nope"}""",
            Feature("", "38185", """{"type":"Point","coordinates":[5.7,45.2]}"""),
        };
        var json = $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";
        using var http = await ApiAsync();
        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports", Multipart(Encoding.UTF8.GetBytes(json), "geo-" + token));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var created = JsonDocument.Parse(body).RootElement;
        Assert.Equal("geojson", created.GetProperty("format").GetString());
        Assert.Contains(GeoJsonFile.LatitudeColumn, created.GetProperty("header").EnumerateArray().Select(h => h.GetString()));
        var done = await ImportTests.WaitAsync(http, created.GetProperty("id").GetInt32());
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal((5, 3, 2, 3), (done.GetProperty("rows").GetInt32(), done.GetProperty("valid").GetInt32(), done.GetProperty("invalid").GetInt32(), done.GetProperty("created").GetInt32()));
        var errorLines = done.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).Distinct().Order().ToList();
        Assert.Equal([4, 5], errorLines);
        var warning = Assert.Single(done.GetProperty("warnings").EnumerateArray());
        Assert.Equal(3, warning.GetProperty("line").GetInt32());

        var stored = await factory.WithDbAsync(db => db.Entries.AsNoTracking().Where(e => e.Name.Contains(token)).OrderBy(e => e.Name).ToListAsync());
        Assert.Equal(3, stored.Count);
        var one = stored.Single(e => e.Name.EndsWith(" un"));
        Assert.Equal((45.1885, 5.7245, "https://exemple.org/38185"), (one.Latitude!.Value, one.Longitude!.Value, one.Website));
        // The line was not a point: the entry is at the commune's centre, not at the line's first vertex.
        var three = stored.Single(e => e.Name.EndsWith(" trois"));
        var centre = await factory.WithDbAsync(db => db.Communes.Where(c => c.Code == "38185").Select(c => new { c.Latitude, c.Longitude }).SingleAsync());
        Assert.Equal((centre.Latitude, centre.Longitude), (three.Latitude, three.Longitude));
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "broken JSON", """{"type":"FeatureCollection","features":[{"type":"Feature",}""", "GeoJSON illisible" },
        { "a Feature, not a collection", """{"type":"Feature","geometry":null,"properties":{"nom":"x"}}""", "FeatureCollection" },
        { "no features array", """{"type":"FeatureCollection","features":{}}""", "features" },
        { "empty features", """{"type":"FeatureCollection","features":[]}""", "aucun objet" },
        { "an array", """[1,2,3]""", "FeatureCollection" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_geojson_file_is_refused_clearly_and_nothing_is_stored(string what, string json, string message)
    {
        using var http = await ApiAsync();
        var (entries, imports) = await factory.WithDbAsync(async db => (await db.Entries.CountAsync(), await db.DirectoryImports.CountAsync()));
        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports", Multipart(Encoding.UTF8.GetBytes(json), "mauvais-geo"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty("file")[0].GetString());
        Assert.Equal((entries, imports), await factory.WithDbAsync(async db => (await db.Entries.CountAsync(), await db.DirectoryImports.CountAsync())));
    }

    [Fact]
    public async Task A_geojson_file_over_10_MB_is_refused()
    {
        var feature = Feature("Lieu", "38185", """{"type":"Point","coordinates":[5.7,45.2]}""");
        var sb = new StringBuilder("""{"type":"FeatureCollection","features":[""").Append(feature);
        while (sb.Length <= DirectoryImport.MaxBytes) sb.Append(',').Append(feature);
        sb.Append("]}");
        using var http = await ApiAsync();
        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports", Multipart(Encoding.UTF8.GetBytes(sb.ToString()), "geo-gros"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10 Mo", await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GeoJsonImportSqliteTests(CatalyseFactory factory) : GeoJsonImportTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class GeoJsonImportPostgresTests(PostgresFactory factory) : GeoJsonImportTests(factory);
