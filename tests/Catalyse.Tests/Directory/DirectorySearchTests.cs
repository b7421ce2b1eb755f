using System.Net;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Directory;

/// <summary>French full-text search, facets, filters, sort, pagination and territory scoping of the directory.</summary>
public abstract class DirectorySearchTests(CatalyseFactory factory)
{
    private static List<int> Ids(List<JsonElement> items) => items.Select(i => i.GetProperty("id").GetInt32()).ToList();

    /// <summary>The entries listed on an HTML directory page, in order (ids from their links).</summary>
    private async Task<List<int>> PageIdsAsync(TestClient client, string url)
    {
        var doc = await client.GetDocumentAsync(url);
        return doc.QuerySelectorAll("ul.entry-list li.card h3 a").Select(a => int.Parse(a.GetAttribute("href")!.Split('/')[^1])).ToList();
    }

    [Fact]
    public async Task Accents_case_and_plurals_are_folded_and_every_field_is_searched()
    {
        var token = DirectoryData.Token();
        var id = await DirectoryData.CreateAsync(factory, new
        {
            kind = "actor", category = "association", name = "Crèches parentales du Limousin", communeCode = DirectoryData.Gueret,
            description = $"Accueil des tout-petits géré par les familles {token}.", offers = "Formations à la parentalité et prêt de matériel",
        });
        var other = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Autre structure {token}", communeCode = DirectoryData.Gueret });
        using var client = factory.Client();

        foreach (var q in new[] { "creche", "CRECHES", "crèche parentale", "Crèches", "parentales limousin", "familles", "famille", "tout-petits",
                     "formation parentalite", "matériels" })
        {
            var (items, _) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={Uri.EscapeDataString(q + " " + token)}");
            Assert.True(Ids(items).SequenceEqual([id]), $"q={q}: got [{string.Join(", ", Ids(items))}], expected [{id}]");
        }
        // A word that is in none of its fields does not find it; the other entry is found by its own name.
        var (none, noneTotal) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q=boulangerie+{token}");
        Assert.Empty(none);
        Assert.Equal(0, noneTotal);
        var (both, bothTotal) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}");
        Assert.Equal([id, other], Ids(both).Order());
        Assert.Equal(2, bothTotal);
        // The commune's name is indexed too (both are in Guéret).
        foreach (var q in new[] { "gueret", "Guéret", "GUERET" })
            Assert.Equal([id, other], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={q}+{token}")).Items).Order());
        // The HTML page finds it the same way.
        Assert.Equal([id], await PageIdsAsync(client, $"/t/grand-gueret/directory?q=creche+{token}"));
    }

    [Fact]
    public async Task Words_mixing_digits_and_letters_are_found_whole_and_by_their_start()
    {
        // PostgreSQL's text parser once cut "1e5abc12" into "1e5" and "abc12" (a number, then a word): a query for it
        // became a phrase that the index never matched. Every word is now one term on both databases.
        var token = DirectoryData.Token();
        var words = new[] { "1e5abc12", "3e4f", "2024x", "12e3abcd", "b2b" };
        var ids = await DirectoryData.InsertAsync(factory, words.Length, i => DirectoryData.Published($"Lieu {words[i]} {token}"));
        using var client = factory.Client();
        for (var i = 0; i < words.Length; i++)
        {
            var (items, _) = await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={words[i]}+{token}");
            Assert.True(Ids(items).SequenceEqual([ids[i]]), $"q={words[i]}: got [{string.Join(", ", Ids(items))}]");
        }
        Assert.Equal([ids[0]], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q=1e5a+{token}")).Items));
    }

    [Fact]
    public async Task The_full_text_index_follows_updates_and_deletions()
    {
        var (token, renamed) = (DirectoryData.Token(), DirectoryData.Token());
        var ids = await DirectoryData.InsertAsync(factory, 4, i => DirectoryData.Published($"Ressourcerie {i} {token}"));
        await factory.WithDbAsync(async db =>
        {
            // Renamed as an edit or a re-import does (tracked entity), the old words leave the index.
            var entry = await db.Entries.SingleAsync(e => e.Id == ids[0]);
            entry.Name = $"Recyclerie solidaire {renamed}";
            entry.SearchText = FrenchText.Index(entry.Name);
            await db.SaveChangesAsync();
            // Changed in bulk, deleted one by one and in bulk.
            await db.Entries.Where(e => e.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(e => e.SearchText, FrenchText.Index("Garage", renamed)));
            db.Entries.Remove(await db.Entries.SingleAsync(e => e.Id == ids[2]));
            await db.SaveChangesAsync();
            await db.Entries.Where(e => e.Id == ids[3]).ExecuteDeleteAsync();
        });
        using var client = factory.Client();
        async Task<List<int>> FindAsync(string q) =>
            Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={Uri.EscapeDataString(q)}")).Items).Order().ToList();

        Assert.Empty(await FindAsync(token));
        Assert.Empty(await FindAsync($"ressourcerie {renamed}"));
        Assert.Equal([ids[0], ids[1]], await FindAsync(renamed));
        Assert.Equal([ids[0]], await FindAsync($"recycleries solid {renamed}"));
        Assert.Equal([ids[1]], await FindAsync($"garages {renamed}"));
    }

    [Fact]
    public async Task Searches_and_their_counts_follow_status_and_kind_changes()
    {
        // The index itself says "published, of this kind" (FullTextSearch.PublishedToken): hiding, republishing and changing
        // the kind, tracked or in bulk, must move the entry in the results and in the index-only counts of the network.
        var token = DirectoryData.Token();
        var ids = await DirectoryData.InsertAsync(factory, 3, i => DirectoryData.Published($"Fiche {i} {token}"));
        using var client = factory.Client();
        async Task<List<int>> FindAsync(string extra = "") =>
            Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={token}{extra}")).Items).Order().ToList();
        async Task<List<string>> FacetsAsync() =>
            (await client.GetDocumentAsync($"/directory?q={token}")).QuerySelectorAll("nav ul.facets a").Select(a => a.TextContent.Trim()).ToList();

        Assert.Equal(ids, await FindAsync());
        await factory.WithDbAsync(async db =>
        {
            await db.Entries.Where(e => e.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EntryStatus.Hidden));
            var moved = await db.Entries.SingleAsync(e => e.Id == ids[1]);
            moved.Kind = EntryKind.Place;
            await db.SaveChangesAsync();
        });
        Assert.Equal([ids[1], ids[2]], await FindAsync());
        Assert.Equal([ids[1]], await FindAsync("&kind=place"));
        Assert.Equal([ids[2]], await FindAsync("&kind=actor"));
        Assert.Equal(["Tout (2)", "Acteurs (1)", "Lieux (1)", "Initiatives (0)", "Politiques et dispositifs (0)"], await FacetsAsync());

        await factory.WithDbAsync(async db =>
        {
            var hidden = await db.Entries.SingleAsync(e => e.Id == ids[0]);
            hidden.Status = EntryStatus.Published;
            await db.SaveChangesAsync();
            await db.Entries.Where(e => e.Id == ids[2]).ExecuteUpdateAsync(s => s.SetProperty(e => e.Kind, EntryKind.Policy));
        });
        Assert.Equal(ids, await FindAsync());
        Assert.Equal([ids[0]], await FindAsync("&kind=actor"));
        Assert.Equal(["Tout (3)", "Acteurs (1)", "Lieux (1)", "Initiatives (0)", "Politiques et dispositifs (1)"], await FacetsAsync());
        // A query cannot name the index's own tokens (else this one would keep the policy only).
        Assert.Equal(ids, await FindAsync($"+{FullTextSearch.PublishedToken}{(int)EntryKind.Policy}"));
    }

    [Fact]
    public async Task Quotes_and_search_operators_in_a_query_are_plain_text()
    {
        var token = DirectoryData.Token();
        var id = await DirectoryData.CreateAsync(factory, new { kind = "place", category = "fablab", name = $"FabLab des tiers-lieux {token}", communeCode = DirectoryData.Gueret });
        using var client = factory.Client();
        // Operators of FTS5 and of tsquery are folded away: what remains are words, all required.
        foreach (var q in new[] { "\"fablab\"", "fablab*", "-fablab", "fab:*", "fablab:", "(fablab)", "fablab^", "{fablab}", "'fablab'", "fablab & !tiers",
                     "tiers lieux", "TIERS-LIEU", "fablab\\" })
            Assert.True(Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={Uri.EscapeDataString(q + " " + token)}")).Items).SequenceEqual([id]), q);
        foreach (var q in new[] { "fablab OR boulangerie", "NEAR(fablab boulangerie)", "NOT boulangerie", "fablab AND boulangerie", "boulangerie" })
            Assert.Empty((await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={Uri.EscapeDataString(q + " " + token)}")).Items);
        // Nothing of this kind ever fails, on any search route.
        foreach (var q in new[] { "\"", "\"\"", "*", "-", ":", ":*", "'", "''", "\\", "&", "|", "!", "(", ")", "NEAR", "OR", "AND", "NOT", "NEAR(", "^",
                     "a\"b", "a*b", "a:b:c", "x'y", new string('a', 300), "é ï ô ç œ", "中文", "🙂", "\u0000" })
            foreach (var url in new[] { "/api/v1/directory?q=", "/api/v1/territories/grand-gueret/actors?q=", "/directory?q=", "/t/grand-gueret/directory?q=",
                         "/api/v1/directory/map?zoom=5&q=", "/api/v1/territories/grand-gueret/map?zoom=12&q=", "/api/v1/directory/export.csv?q=" })
            {
                using var response = await client.GetAsync(url + Uri.EscapeDataString(q));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}{q}: {(int)response.StatusCode}");
            }
    }

    [Fact]
    public async Task Kind_facets_count_per_kind_and_stay_while_filtering_by_kind()
    {
        var token = DirectoryData.Token();
        await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Acteur un {token}", communeCode = DirectoryData.Gueret });
        await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Acteur deux {token}", communeCode = DirectoryData.Gueret });
        var place = await DirectoryData.CreateAsync(factory, new { kind = "place", category = "fablab", name = $"Lieu {token}", communeCode = DirectoryData.Gueret });
        await DirectoryData.CreateAsync(factory, new { kind = "initiative", name = $"Initiative {token}", communeCode = DirectoryData.Gueret });
        using var client = factory.Client();

        foreach (var kind in new[] { "", "&kind=Place" })
        {
            var doc = await client.GetDocumentAsync($"/t/grand-gueret/directory?q={token}{kind}");
            var facets = doc.QuerySelectorAll("ul.facets a").Select(a => a.TextContent.Trim()).ToList();
            Assert.Equal(["Tout (4)", "Acteurs (2)", "Lieux (1)", "Initiatives (1)", "Politiques et dispositifs (0)"], facets);
            var current = doc.QuerySelector("ul.facets a[aria-current=true]")!.TextContent.Trim();
            Assert.Equal(kind == "" ? "Tout (4)" : "Lieux (1)", current);
        }
        Assert.Equal([place], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}&kind=Place"));
        var (items, total) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&kind=place");
        Assert.Equal([place], Ids(items));
        Assert.Equal(1, total);
        Assert.Equal("place", items[0].GetProperty("kind").GetString());
        Assert.Equal(4, (await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}")).Total);
    }

    [Fact]
    public async Task Theme_and_sdg_filters_keep_only_matching_entries()
    {
        var token = DirectoryData.Token();
        var mobility = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Mobilité {token}", communeCode = DirectoryData.Gueret, themes = new[] { "mobilité", "ruralité" }, sdgs = new[] { 11 } });
        var food = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Alimentation {token}", communeCode = DirectoryData.Gueret, themes = new[] { "alimentation" }, sdgs = new[] { 2, 12 } });
        using var client = factory.Client();

        Assert.Equal([mobility], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&theme=mobilit%C3%A9")).Items));
        Assert.Equal([food], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&theme=alimentation")).Items));
        Assert.Equal([food], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&sdg=12")).Items));
        Assert.Equal([mobility], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&sdg=11")).Items));
        Assert.Empty((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&sdg=5")).Items);
        Assert.Empty((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&theme=mobilit%C3%A9&sdg=12")).Items);
        Assert.Equal([mobility], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}&theme=ruralit%C3%A9"));
        Assert.Equal([food], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}&sdg=2"));
        using var badSdg = await client.GetAsync("/api/v1/territories/grand-gueret/actors?sdg=18");
        Assert.Equal(HttpStatusCode.BadRequest, badSdg.StatusCode);
    }

    [Fact]
    public async Task Sort_by_name_or_by_most_recent()
    {
        var token = DirectoryData.Token();
        var b = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Bbb {token}", communeCode = DirectoryData.Gueret });
        var c = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Ccc {token}", communeCode = DirectoryData.Gueret });
        var a = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Aaa {token}", communeCode = DirectoryData.Gueret });
        using var client = factory.Client();
        Assert.Equal([a, b, c], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}"));
        Assert.Equal([a, b, c], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}&sort=name"));
        Assert.Equal([a, c, b], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}&sort=recent"));
        Assert.Equal([a, b, c], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}")).Items));
    }

    [Fact]
    public async Task Pages_split_the_results_and_the_api_caps_the_page_size_at_100()
    {
        var token = DirectoryData.Token();
        var ids = await DirectoryData.InsertAsync(factory, 105, i => DirectoryData.Published($"Entrée {i:D3} {token}"));
        using var client = factory.Client();

        var (first, total) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&pageSize=10");
        Assert.Equal(105, total);
        Assert.Equal(ids.Take(10), Ids(first));
        var (third, _) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&pageSize=10&page=3");
        Assert.Equal(ids.Skip(20).Take(10), Ids(third));
        var (capped, cappedTotal) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&pageSize=1000");
        Assert.Equal(100, capped.Count);
        Assert.Equal(105, cappedTotal);
        var (last, _) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&pageSize=100&page=2");
        Assert.Equal(ids.Skip(100), Ids(last));
        var (beyond, _) = await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}&page=99");
        Assert.Empty(beyond);
        Assert.Equal(105, (await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={token}")).Total);

        // HTML: 20 a page.
        Assert.Equal(ids.Take(20), await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}"));
        Assert.Equal(ids.Skip(20).Take(20), await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}&p=2"));
        Assert.Equal(ids.Skip(100), await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}&p=6"));
    }

    [Fact]
    public async Task An_entry_shows_in_the_territories_of_its_commune_and_the_network_only()
    {
        var token = DirectoryData.Token();
        var id = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Acteur guérétois {token}", communeCode = DirectoryData.Gueret });
        using var client = factory.Client();

        Assert.Equal([id], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}"));
        Assert.Equal([id], await PageIdsAsync(client, $"/directory?q={token}"));
        Assert.Empty(await PageIdsAsync(client, $"/t/grenoble-alpes/directory?q={token}"));
        Assert.Equal([id], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={token}")).Items));
        Assert.Empty((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grenoble-alpes/actors?q={token}")).Items);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/grand-gueret/directory/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/directory/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/grenoble-alpes/directory/{id}")).StatusCode);
        // The other territory's map does not show it either.
        using var map = await client.GetAsync($"/api/v1/territories/grenoble-alpes/map?q={token}&zoom=12");
        Assert.Equal(0, JsonDocument.Parse(await map.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Pending_and_rejected_entries_are_never_listed_nor_shown()
    {
        var token = DirectoryData.Token();
        var ids = await DirectoryData.InsertAsync(factory, 3, i =>
        {
            var e = DirectoryData.Published($"Fiche {i} {token}");
            e.Status = (EntryStatus)i; // pending, published, rejected
            if (e.Status == EntryStatus.Rejected) e.RejectionReason = "Hors sujet";
            return e;
        });
        var (pending, published, rejected) = (ids[0], ids[1], ids[2]);
        using var client = factory.Client();

        Assert.Equal([published], await PageIdsAsync(client, $"/t/grand-gueret/directory?q={token}"));
        Assert.Equal([published], await PageIdsAsync(client, $"/directory?q={token}"));
        Assert.Equal([published], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/territories/grand-gueret/actors?q={token}")).Items));
        Assert.Equal([published], Ids((await DirectoryData.ListAsync(client.Http, $"/api/v1/directory?q={token}")).Items));
        using var map = await client.GetAsync($"/api/v1/territories/grand-gueret/map?q={token}&zoom=12");
        var cells = JsonDocument.Parse(await map.Content.ReadAsStringAsync()).RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal([published], cells.Select(c => c[3].GetInt32()));
        foreach (var hidden in new[] { pending, rejected })
            foreach (var url in new[] { $"/t/grand-gueret/directory/{hidden}", $"/directory/{hidden}" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        // Not even to the catalyst of the territory, outside the moderation queue.
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        Assert.Equal(HttpStatusCode.NotFound, (await catalyst.GetAsync($"/t/grand-gueret/directory/{pending}")).StatusCode);
        Assert.Equal([published], await PageIdsAsync(catalyst, $"/t/grand-gueret/directory?q={token}"));
    }

    [Fact]
    public async Task Broad_searches_count_up_to_the_cap_and_say_so()
    {
        var token = DirectoryData.Token();
        var actors = await DirectoryData.InsertAsync(factory, DirectoryQueries.CountCap + 10, i => DirectoryData.Published($"Large {i:D5} {token}"));
        var places = await DirectoryData.InsertAsync(factory, 5, i => DirectoryData.Published($"Lieu {i} {token}", kind: EntryKind.Place));
        using var client = factory.Client();

        async Task<(List<int> Ids, int Total, bool Capped)> ListAsync(string query)
        {
            using var response = await client.Http.GetAsync($"/api/v1/directory?q={token}{query}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var capped = response.Headers.TryGetValues("X-Total-Count-Capped", out var values) && values.Single() == "true";
            return (Ids(JsonDocument.Parse(text).RootElement.EnumerateArray().ToList()), int.Parse(response.Headers.GetValues("X-Total-Count").Single()), capped);
        }
        // More matches than the cap: the total is the cap, said to be a lower bound; the page is still the first by name.
        var all = await ListAsync("");
        Assert.Equal((DirectoryQueries.CountCap, true), (all.Total, all.Capped));
        Assert.Equal(actors.Take(20), all.Ids);
        Assert.Equal(actors.Concat(places).OrderDescending().Take(20), await PageIdsAsync(client, $"/directory?q={token}&sort=recent"));
        var actorsOnly = await ListAsync("&kind=actor&page=2");
        Assert.Equal((DirectoryQueries.CountCap, true), (actorsOnly.Total, actorsOnly.Capped));
        Assert.Equal(actors.Skip(20).Take(20), actorsOnly.Ids);
        // Fewer: exact, no flag.
        var placesOnly = await ListAsync("&kind=place");
        Assert.Equal(places, placesOnly.Ids);
        Assert.Equal((5, false), (placesOnly.Total, placesOnly.Capped));

        var page = await client.GetDocumentAsync($"/directory?q={token}");
        var facets = page.QuerySelectorAll("nav ul.facets a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains($"Tout (au moins {DirectoryQueries.CountCap})", facets);
        Assert.Contains($"Acteurs (au moins {DirectoryQueries.CountCap})", facets);
        Assert.Contains("Lieux (5)", facets);
        Assert.Equal($"Au moins {DirectoryQueries.CountCap} fiches", page.QuerySelector("#results-title")!.TextContent.Trim());
        Assert.Equal("5 fiches", (await client.GetDocumentAsync($"/directory?q={token}&kind=Place")).QuerySelector("#results-title")!.TextContent.Trim());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectorySearchSqliteTests(CatalyseFactory factory) : DirectorySearchTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectorySearchPostgresTests(PostgresFactory factory) : DirectorySearchTests(factory);
