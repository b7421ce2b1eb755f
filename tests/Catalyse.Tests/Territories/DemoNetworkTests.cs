using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;

namespace Catalyse.Tests.Territories;

/// <summary>The demo network is built from the official geography: figures come from epci.json.</summary>
public abstract class DemoNetworkTests(CatalyseFactory factory)
{
    [Theory]
    [InlineData("grand-gueret", 29526, 25)]
    [InlineData("grenoble-alpes", 455590, 49)]
    [InlineData("mirecourt-dompaire", 19396, 76)]
    public async Task Demo_territories_have_population_and_communes_of_their_EPCI(string slug, long population, int communes)
    {
        using var client = factory.Client();
        var json = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{slug}");
        Assert.Equal(population, json.GetProperty("population").GetInt64());
        Assert.Equal(communes, json.GetProperty("communeCount").GetInt32());
        Assert.Equal(communes, json.GetProperty("perimeter").GetArrayLength());
        Assert.Equal(7, json.GetProperty("programme").GetArrayLength());
    }

    [Fact]
    public async Task Home_page_lists_the_three_demo_territories_with_links()
    {
        using var client = factory.Client();
        var doc = await client.GetDocumentAsync("/");
        var links = doc.QuerySelectorAll("a[href^='/t/']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/t/grand-gueret", links);
        Assert.Contains("/t/grenoble-alpes", links);
        Assert.Contains("/t/mirecourt-dompaire", links);
        Assert.Equal("fr", doc.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Unknown_territory_is_a_friendly_404()
    {
        using var client = factory.Client();
        var response = await client.GetAsync("/t/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DemoNetworkSqliteTests(CatalyseFactory factory) : DemoNetworkTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DemoNetworkPostgresTests(PostgresFactory factory) : DemoNetworkTests(factory);
