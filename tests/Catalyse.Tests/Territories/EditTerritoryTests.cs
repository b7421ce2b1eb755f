using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Territories;

/// <summary>The catalyst edits the presentation of their territory; nobody else of the territory can.</summary>
public abstract class EditTerritoryTests(CatalyseFactory factory)
{
    private async Task<string> NewTerritoryAsync()
    {
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var slug = "edit-" + Guid.NewGuid().ToString("N")[..10];
        var response = await api.Http.PostAsJsonAsync("/api/v1/territories",
            new { name = "Avant", slug, perimeter = new { communes = new[] { "23096" } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return slug;
    }

    [Fact]
    public async Task Catalyst_edits_name_description_themes_type_and_model()
    {
        var slug = await NewTerritoryAsync();
        using var coordinator = await factory.SignedInAsync("coordination@catalyse.demo");
        var response = await coordinator.PostFormAsync($"/t/{slug}/edit",
            ("Input.Name", "Après"), ("Input.Description", "Une description\nsur deux lignes"),
            ("Input.Themes", "mobilité, alimentation ,mobilité"), ("Input.Type", "VilleMoyenne"), ("Input.Model", "Pepite"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var json = await factory.Client().Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{slug}");
        Assert.Equal("Après", json.GetProperty("name").GetString());
        Assert.Equal(["mobilité", "alimentation"], json.GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("ville-moyenne", json.GetProperty("type").GetString());
        Assert.Equal("pepite", json.GetProperty("model").GetString());
        Assert.Equal(1, json.GetProperty("communeCount").GetInt32());
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_a_field_message_and_changes_nothing()
    {
        var slug = await NewTerritoryAsync();
        using var coordinator = await factory.SignedInAsync("coordination@catalyse.demo");
        var response = await coordinator.PostFormAsync($"/t/{slug}/edit",
            ("Input.Name", "<script>alert(1)</script>"), ("Input.Description", new string('x', 100_001)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("balise", doc.QuerySelector("[data-valmsg-for='Input.Name']")!.TextContent);
        Assert.Contains("5000", doc.QuerySelector("[data-valmsg-for='Input.Description']")!.TextContent);
        var name = await factory.WithDbAsync(db => db.Territories.Where(t => t.Slug == slug).Select(t => t.Name).FirstAsync());
        Assert.Equal("Avant", name);
    }

    [Theory]
    [InlineData("membre.gueret@catalyse.demo")]
    [InlineData("catalyseur.grenoble@catalyse.demo")]
    [InlineData("habitant@catalyse.demo")]
    public async Task Only_the_catalyst_of_the_territory_may_edit(string email)
    {
        using var client = await factory.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/t/grand-gueret/edit")).StatusCode);
        var response = await client.PostFormAsync("/t/grand-gueret/edit", [new("Input.Name", "Piraté")], tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var name = await factory.WithDbAsync(db => db.Territories.Where(t => t.Slug == "grand-gueret").Select(t => t.Name).FirstAsync());
        Assert.Equal("Territoire innovant du Grand Guéret", name);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EditTerritorySqliteTests(CatalyseFactory factory) : EditTerritoryTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class EditTerritoryPostgresTests(PostgresFactory factory) : EditTerritoryTests(factory);
