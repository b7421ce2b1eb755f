using System.Net;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;

namespace Catalyse.Tests.Directory;

/// <summary>The public page of an entry and its schema.org JSON-LD.</summary>
public abstract class DirectoryDetailsTests(CatalyseFactory factory)
{
    private async Task<(AngleSharp.Html.Dom.IHtmlDocument Doc, string RawJsonLd, JsonElement JsonLd)> PageAsync(string url)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        var doc = TestClient.Parse(html);
        var scripts = doc.QuerySelectorAll("script[type='application/ld+json']").ToList();
        Assert.Single(scripts);
        var raw = scripts[0].TextContent;
        return (doc, raw, JsonDocument.Parse(raw).RootElement.Clone());
    }

    [Fact]
    public async Task An_association_is_an_Organization_with_its_coordinates_and_siret()
    {
        var name = $"Association des jardins {DirectoryData.Token()}";
        var id = await DirectoryData.CreateAsync(factory, new
        {
            kind = "actor", category = "association", name, communeCode = DirectoryData.Gueret, latitude = 46.1712, longitude = 1.8714,
            siret = "73282932000074", website = "https://jardins.example.org/", description = "Jardins partagés.", themes = new[] { "alimentation" },
            address = "2 rue des Jardins",
        });
        var (doc, _, ld) = await PageAsync($"/t/grand-gueret/directory/{id}");
        Assert.Equal(name, doc.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal("https://schema.org", ld.GetProperty("@context").GetString());
        Assert.Equal("Organization", ld.GetProperty("@type").GetString());
        Assert.Equal(name, ld.GetProperty("name").GetString());
        Assert.EndsWith($"/t/grand-gueret/directory/{id}", ld.GetProperty("@id").GetString());
        Assert.Equal("https://jardins.example.org/", ld.GetProperty("url").GetString());
        Assert.Equal("GeoCoordinates", ld.GetProperty("geo").GetProperty("@type").GetString());
        Assert.Equal(46.1712, ld.GetProperty("geo").GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(1.8714, ld.GetProperty("geo").GetProperty("longitude").GetDouble(), 6);
        var identifier = ld.GetProperty("identifier");
        Assert.Equal(("SIRET", "73282932000074"), (identifier.GetProperty("propertyID").GetString(), identifier.GetProperty("value").GetString()));
        var address = ld.GetProperty("address");
        Assert.Equal(("2 rue des Jardins", "Guéret", "FR"),
            (address.GetProperty("streetAddress").GetString(), address.GetProperty("addressLocality").GetString(), address.GetProperty("addressCountry").GetString()));
        Assert.Equal("alimentation", ld.GetProperty("keywords").GetString());
        // The network page describes the same entry.
        var (_, _, network) = await PageAsync($"/directory/{id}");
        Assert.EndsWith($"/directory/{id}", network.GetProperty("@id").GetString());
        Assert.DoesNotContain("/t/", network.GetProperty("@id").GetString());
    }

    [Fact]
    public async Task A_place_is_a_Place_and_without_coordinates_takes_its_communes()
    {
        var name = $"Fablab {DirectoryData.Token()}";
        var id = await DirectoryData.CreateAsync(factory, new
        {
            kind = "place", category = "fablab", name, communeCode = DirectoryData.Gueret, rna = "W751234567", openingHours = "Mo-Fr 09:00-18:00",
        });
        var (_, _, ld) = await PageAsync($"/t/grand-gueret/directory/{id}");
        Assert.Equal("Place", ld.GetProperty("@type").GetString());
        Assert.Equal("Mo-Fr 09:00-18:00", ld.GetProperty("openingHours").GetString());
        Assert.Equal("RNA", ld.GetProperty("identifier").GetProperty("propertyID").GetString());
        var (lat, lon) = await factory.WithDbAsync(async db =>
        {
            var c = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Communes, c => c.Code == DirectoryData.Gueret);
            return (c.Latitude, c.Longitude);
        });
        Assert.Equal(lat!.Value, ld.GetProperty("geo").GetProperty("latitude").GetDouble(), 4);
        Assert.Equal(lon!.Value, ld.GetProperty("geo").GetProperty("longitude").GetDouble(), 4);
        // Absent fields are left out, not written as null.
        foreach (var field in new[] { "email", "telephone", "description", "keywords" })
            Assert.False(ld.TryGetProperty(field, out _), $"{field} is absent and should be left out");
        Assert.False(ld.GetProperty("address").TryGetProperty("streetAddress", out _), "streetAddress is absent and should be left out");
    }

    [Theory]
    [InlineData("initiative", "Project")]
    [InlineData("policy", "GovernmentService")]
    public async Task Initiatives_and_policies_have_their_own_types(string kind, string type)
    {
        var id = await DirectoryData.CreateAsync(factory, new { kind, name = $"Fiche {kind} {DirectoryData.Token()}", communeCode = DirectoryData.Gueret });
        var (_, _, ld) = await PageAsync($"/t/grand-gueret/directory/{id}");
        Assert.Equal(type, ld.GetProperty("@type").GetString());
    }

    [Theory]
    [InlineData("A < B et C > D")]
    [InlineData("Arts & Métiers \"du\" Limousin")]
    [InlineData("Fin </ script")]
    public async Task Special_characters_in_the_name_are_escaped_inside_the_json_ld(string prefix)
    {
        var name = $"{prefix} {DirectoryData.Token()}";
        using var response = await DirectoryData.PostAsync(factory, new { kind = "actor", name, communeCode = DirectoryData.Gueret, description = "x < y & z" });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            // The input rules refuse what looks like a tag ("</"): then it never reaches a page.
            Assert.StartsWith("Fin </", name);
            Assert.Contains("\"name\"", text);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
        var (doc, raw, ld) = await PageAsync($"/t/grand-gueret/directory/{id}");
        Assert.DoesNotContain("<", raw);
        Assert.DoesNotContain(">", raw);
        Assert.DoesNotContain("&", raw);
        Assert.Equal(name, ld.GetProperty("name").GetString());
        Assert.Equal("x < y & z", ld.GetProperty("description").GetString());
        Assert.Equal(name, doc.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains(name, doc.Title);
    }

    [Theory]
    [InlineData("/t/grand-gueret/directory/999999999")]
    [InlineData("/directory/999999999")]
    [InlineData("/t/pas-un-territoire/directory/1")]
    public async Task An_unknown_entry_is_a_404(string url)
    {
        using var client = factory.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryDetailsSqliteTests(CatalyseFactory factory) : DirectoryDetailsTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryDetailsPostgresTests(PostgresFactory factory) : DirectoryDetailsTests(factory);
