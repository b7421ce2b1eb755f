using System.Net;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Marketplace;

/// <summary>"Where could we help?" from an actor of the directory: the page and the API list the territory's open needs it could answer.</summary>
public abstract class ActorNeedsTests(CatalyseFactory factory)
{
    private Task<int> ActorAsync(string name, string commune, string offers) =>
        MarketplaceFixtures.EntryAsync(factory, name, "Une association du territoire.", offers, commune, ["mobilité"]);

    [Fact]
    public async Task An_actor_sees_the_needs_of_its_territory_it_could_answer_with_the_reasons_on_its_page_and_through_the_api()
    {
        var word = "zy" + Guid.NewGuid().ToString("N")[..6];
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, "grand-gueret", title: $"Réparer les vélos {word} des collégiens",
            description: "Les collégiens des villages viennent à vélo et personne ne sait les réparer.", themes: ["mobilité"]);
        var actor = await ActorAsync($"Atelier vélo {word}", "23096", "Réparation de vélos, ateliers d'autoréparation");
        var outside = await ActorAsync($"Atelier vélo {word} de Grenoble", "38185", "Réparation de vélos");
        var client = factory.Client();

        var page = TestClient.Parse(await client.Http.GetStringAsync($"/t/grand-gueret/directory/{actor}/needs"));
        var item = Assert.Single(page.QuerySelectorAll("main .entry-list > li"), li => li.QuerySelector($"a[href='/t/grand-gueret/needs/{need.Id}']") is not null);
        Assert.Contains(word, item.TextContent);
        Assert.Contains("Thèmes communs : mobilité", item.TextContent);
        Assert.Contains($"/t/grand-gueret/directory/{actor}/needs", await client.Http.GetStringAsync($"/t/grand-gueret/directory/{actor}"));

        using var api = JsonDocument.Parse(await client.Http.GetStringAsync($"/api/v1/territories/grand-gueret/actors/{actor}/needs?take=50"));
        Assert.Contains(api.RootElement.EnumerateArray(), m => m.GetProperty("id").GetInt32() == need.Id);

        // An actor outside the perimeter is not the territory's: 404 on its page and in the API.
        using (var r = await client.GetAsync($"/t/grand-gueret/directory/{outside}/needs")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await client.GetAsync($"/api/v1/territories/grand-gueret/actors/{outside}/needs")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task The_actor_page_has_a_fixed_number_of_queries_whatever_the_number_of_needs()
    {
        var word = "zz" + Guid.NewGuid().ToString("N")[..6];
        var slug = Unique.Slug("budget-acteur");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var actor = await ActorAsync($"Garage {word}", "23096", "Réparation de voitures");
        int? before = null;
        foreach (var n in new[] { 3, 30 })
        {
            for (var i = before is null ? 0 : 3; i < n; i++)
                await MarketplaceFixtures.CreateNeedAsync(factory, slug, title: $"Garage {word} numéro {i}", description: "Réparer les voitures des habitants du bourg.");
            var count = await factory.CommandsAsync(factory.Client(), $"/t/{slug}/directory/{actor}/needs");
            // slug, entry, perimeter check, synonyms, perimeter and commune of the origin, postings, document count, documents
            if (before is null) Assert.True(count <= 9, $"{count} SQL commands, budget 9");
            else Assert.True(count <= before, $"{before} SQL commands with 3 needs, {count} with 30");
            before ??= count;
        }
        Assert.Equal(30, await factory.WithDbAsync(db => db.Set<Catalyse.Web.Features.Marketplace.Need>().IgnoreQueryFilters().CountAsync(x => x.Title.Contains(word))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ActorNeedsSqliteTests(CatalyseFactory factory) : ActorNeedsTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ActorNeedsPostgresTests(PostgresFactory factory) : ActorNeedsTests(factory);
