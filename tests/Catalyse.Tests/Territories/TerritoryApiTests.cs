using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Territories;

/// <summary>The territories API: list, detail, and creation by a network coordinator with a personal token.</summary>
public abstract class TerritoryApiTests(CatalyseFactory factory)
{
    private const string GrandGueret = "200034825";
    private const string MirecourtDompaire = "200068369";
    private const string Grenoble = "38185";
    private const string Gueret = "23096";

    private static readonly string Coordinator = DemoNetwork.Accounts[1].Email;

    private Task<string> CoordinatorToken() => Tokens.OfDemoAccountAsync(factory, Coordinator);

    /// <summary>Rows of every table a territory creation writes to, to prove a refusal wrote nothing.</summary>
    private Task<(int Territories, int Items, int Communes, int Steps)> RowCountsAsync() =>
        factory.WithDbAsync(async db => (
            await db.Territories.CountAsync(),
            await db.PerimeterItems.CountAsync(),
            await db.TerritoryCommunes.CountAsync(),
            await db.ProgrammeSteps.CountAsync()));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IReadOnlyList<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    private static object ValidBody(string slug, object? perimeter = null) => new
    {
        name = TerritoryBuilder.NamePrefix + "territoire de test",
        slug,
        perimeter = perimeter ?? TerritoryBuilder.Perimeter(communes: [Gueret]),
    };

    private static HttpRequestMessage RawPost(string json, string? token, string mediaType = "application/json") =>
        new(HttpMethod.Post, "/api/v1/territories")
        {
            Content = new StringContent(json, Encoding.UTF8, mediaType),
            Headers = { Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token) },
        };

    // ---- GET /api/v1/territories ----

    [Fact]
    public async Task List_gives_the_total_in_a_header_and_a_next_link_while_pages_remain()
    {
        await TerritoryBuilder.CreateAsync(factory, Unique.Slug());
        var total = await factory.WithDbAsync(db => db.Territories.CountAsync());
        Assert.True(total >= 2);
        using var client = factory.Client();

        var first = await client.GetAsync("/api/v1/territories?page=1&pageSize=1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(total.ToString(), Assert.Single(first.Headers.GetValues("X-Total-Count")));
        var items = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, items.GetArrayLength());
        var link = Assert.Single(first.Headers.GetValues("Link"));
        Assert.Equal("</api/v1/territories?page=2&pageSize=1>; rel=\"next\"", link);

        // Following the link gives the next territory by name; the last page has no next link.
        var second = await (await client.GetAsync("/api/v1/territories?page=2&pageSize=1")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(items[0].GetProperty("slug").GetString(), second[0].GetProperty("slug").GetString());
        var last = await client.GetAsync($"/api/v1/territories?page={total}&pageSize=1");
        Assert.Equal(1, (await last.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.False(last.Headers.Contains("Link"));
    }

    /// <summary>Every territory, page after page, following the Link header.</summary>
    private static async Task<List<JsonElement>> AllPagesAsync(TestClient client)
    {
        var all = new List<JsonElement>();
        string? url = "/api/v1/territories?pageSize=50";
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            all.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
            url = response.Headers.TryGetValues("Link", out var links)
                ? System.Text.RegularExpressions.Regex.Match(links.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value
                : null;
            Assert.True(all.Count <= 100_000);
        }
        return all;
    }

    [Fact]
    public async Task List_items_carry_the_summary_fields_in_name_order_across_pages()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        foreach (var letter in new[] { "C", "A", "B" })
            await TerritoryBuilder.CreateAsync(factory, Unique.Slug(), name: $"{TerritoryBuilder.NamePrefix}ordre {tag} {letter}");
        using var client = factory.Client();

        var all = await AllPagesAsync(client);
        Assert.Equal(await factory.WithDbAsync(db => db.Territories.CountAsync()), all.Count);
        Assert.Equal(all.Count, all.Select(t => t.GetProperty("slug").GetString()).Distinct().Count());
        var mine = all.Select(t => t.GetProperty("name").GetString()!).Where(n => n.Contains(tag)).ToList();
        Assert.Equal(["A", "B", "C"], mine.Select(n => n[^1..]));

        var gueret = all.Single(t => t.GetProperty("slug").GetString() == "grand-gueret");
        var expected = ReferenceFiles.Of(factory).Epci[GrandGueret];
        Assert.Equal("Territoire innovant du Grand Guéret", gueret.GetProperty("name").GetString());
        Assert.Equal(expected.Population, gueret.GetProperty("population").GetInt64());
        Assert.Equal(expected.Members.Count, gueret.GetProperty("communeCount").GetInt32());
        Assert.EndsWith("/t/grand-gueret", gueret.GetProperty("url").GetString());
        Assert.Equal("nouvelle-ruralite", gueret.GetProperty("type").GetString());
        Assert.Equal("laboratoire", gueret.GetProperty("model").GetString());
        // The map point is the mean of the communes' centroids: somewhere in the Creuse.
        Assert.InRange(gueret.GetProperty("latitude").GetDouble(), 45.9, 46.4);
        Assert.InRange(gueret.GetProperty("longitude").GetDouble(), 1.6, 2.2);
    }

    [Fact]
    public async Task Page_size_is_clamped_between_1_and_100()
    {
        // Make sure there are more than 100 territories, so that the upper clamp shows.
        var missing = 101 - await factory.WithDbAsync(db => db.Territories.CountAsync());
        if (missing > 0)
        {
            using var scope = factory.Services.CreateScope();
            var service = scope.ServiceProvider.GetRequiredService<TerritoryService>();
            for (var i = 0; i < missing; i++)
            {
                var slug = Unique.Slug("page");
                var (created, errors) = await service.CreateAsync(new NewTerritory(TerritoryBuilder.NamePrefix + "pagination " + slug[^8..], slug, null, null, null, null,
                    new PerimeterInput(Communes: [Gueret])));
                Assert.True(created is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
            }
        }
        var total = await factory.WithDbAsync(db => db.Territories.CountAsync());
        using var client = factory.Client();

        var huge = await client.GetAsync("/api/v1/territories?pageSize=100000");
        Assert.Equal(100, (await huge.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal("</api/v1/territories?page=2&pageSize=100>; rel=\"next\"", Assert.Single(huge.Headers.GetValues("Link")));
        Assert.Equal(total.ToString(), Assert.Single(huge.Headers.GetValues("X-Total-Count")));

        foreach (var size in new[] { "0", "-5" })
        {
            var tiny = await client.GetAsync($"/api/v1/territories?pageSize={size}");
            Assert.Equal(1, (await tiny.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
            Assert.Contains("pageSize=1>", Assert.Single(tiny.Headers.GetValues("Link")));
        }

        var defaults = await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/territories");
        Assert.Equal(20, defaults.GetArrayLength());
        var beyond = await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/territories?page=100000");
        Assert.Equal(0, beyond.GetArrayLength());
    }

    [Fact]
    public async Task Non_numeric_paging_parameters_are_a_400_not_a_500()
    {
        using var client = factory.Client();
        var response = await client.GetAsync("/api/v1/territories?pageSize=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // ---- GET /api/v1/territories/{slug} ----

    [Fact]
    public async Task Detail_gives_the_INSEE_codes_of_the_perimeter_what_was_picked_and_the_seven_steps()
    {
        var reference = ReferenceFiles.Of(factory);
        var slug = Unique.Slug();
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(epci: [MirecourtDompaire], communes: [Grenoble]));

        using var client = factory.Client();
        var json = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{slug}");
        var (communes, population) = reference.Cover([MirecourtDompaire], [Grenoble]);
        Assert.Equal(slug, json.GetProperty("slug").GetString());
        Assert.Equal(communes, json.GetProperty("perimeter").EnumerateArray().Select(c => c.GetString()!).ToList());
        Assert.Equal(communes.Count, json.GetProperty("communeCount").GetInt32());
        Assert.Equal(population, json.GetProperty("population").GetInt64());

        var selection = json.GetProperty("perimeterSelection");
        Assert.Equal([MirecourtDompaire], selection.GetProperty("epci").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([Grenoble], selection.GetProperty("communes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, selection.GetProperty("regions").GetArrayLength());
        Assert.Equal(0, selection.GetProperty("departements").GetArrayLength());

        var steps = json.GetProperty("programme").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], steps.Select(s => s.GetProperty("number").GetInt32()));
        Assert.Equal(ProgrammeStep.Titles, steps.Select(s => s.GetProperty("title").GetString()!));
        Assert.All(steps, s => Assert.Equal("not-started", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Detail_of_an_unknown_slug_is_a_404_problem()
    {
        using var client = factory.Client();
        var response = await client.GetAsync($"/api/v1/territories/{Unique.Slug("nope")}");
        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    // ---- POST /api/v1/territories ----

    [Fact]
    public async Task Coordinator_creates_a_territory_with_population_and_communes_computed_from_the_official_data()
    {
        var reference = ReferenceFiles.Of(factory);
        Assert.Contains(Gueret, reference.Epci[GrandGueret].Members.Select(m => m.Code));
        Assert.DoesNotContain(Grenoble, reference.Epci[GrandGueret].Members.Select(m => m.Code).Concat(reference.Epci[MirecourtDompaire].Members.Select(m => m.Code)));
        // Two EPCI, a commune outside them, and a commune inside one of them (picked twice): each commune counted once.
        var (communes, population) = reference.Cover([GrandGueret, MirecourtDompaire], [Grenoble, Gueret]);
        Assert.Equal(reference.Epci[GrandGueret].Members.Count + reference.Epci[MirecourtDompaire].Members.Count + 1, communes.Count);
        Assert.Equal(reference.Epci[GrandGueret].Population + reference.Epci[MirecourtDompaire].Population + reference.CommunePopulation[Grenoble], population);

        var slug = Unique.Slug("creuse-vosges");
        var before = await RowCountsAsync();
        var response = await TerritoryBuilder.PostAsync(factory, new
        {
            name = TerritoryBuilder.NamePrefix + "Creuse et Vosges",
            slug,
            description = "Deux intercommunalités rurales et une ville.",
            themes = new[] { "mieux vieillir", "mobilité" },
            type = "nouvelle-ruralite",
            model = "cooperatif",
            perimeter = TerritoryBuilder.Perimeter(epci: [GrandGueret, MirecourtDompaire], communes: [Grenoble, Gueret, Gueret]),
        }, await CoordinatorToken());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal($"/api/v1/territories/{slug}", response.Headers.Location?.OriginalString);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(population, json.GetProperty("population").GetInt64());
        Assert.Equal(communes.Count, json.GetProperty("communeCount").GetInt32());
        Assert.Equal(communes, json.GetProperty("perimeter").EnumerateArray().Select(c => c.GetString()!).ToList());
        Assert.Equal(7, json.GetProperty("programme").GetArrayLength());
        Assert.Equal("cooperatif", json.GetProperty("model").GetString());

        var stored = await factory.WithDbAsync(db => db.Territories.Include(t => t.PerimeterItems).SingleAsync(t => t.Slug == slug));
        Assert.Equal(population, stored.Population);
        Assert.Equal(communes.Count, stored.CommuneCount);
        Assert.Equal(4, stored.PerimeterItems.Count); // 2 EPCI + 2 distinct communes
        Assert.Equal(["mieux vieillir", "mobilité"], stored.Themes);
        var after = await RowCountsAsync();
        Assert.Equal(before.Territories + 1, after.Territories);
        Assert.Equal(before.Communes + communes.Count, after.Communes);
        Assert.Equal(before.Steps + 7, after.Steps);

        // The new territory is readable at once, with the same figures.
        using var client = factory.Client();
        var detail = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{slug}");
        Assert.Equal(population, detail.GetProperty("population").GetInt64());
    }

    [Fact]
    public async Task Coordinator_token_is_created_on_the_profile_page_shown_once_works_and_stops_working_once_revoked()
    {
        using var coordinator = await factory.SignedInAsync(Coordinator);
        var tokenName = "script " + Guid.NewGuid().ToString("N")[..8];
        var token = await Tokens.CreateOnProfileAsync(coordinator, tokenName);
        Assert.StartsWith("cat_", token);

        // Shown once: the next visit lists the token by name and prefix, never the token itself.
        var profile = await coordinator.Http.GetStringAsync("/account/profile");
        Assert.DoesNotContain(token, profile);
        var doc = TestClient.Parse(profile);
        Assert.Null(doc.QuerySelector("#created-token"));
        var row = doc.QuerySelectorAll("table tbody tr").Single(tr => tr.QuerySelector("td")?.TextContent.Trim() == tokenName);
        Assert.Contains(token[..8], row.TextContent);
        // Only a hash is stored.
        Assert.False(await factory.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.TokenHash == token)));

        var slug = Unique.Slug();
        var created = await TerritoryBuilder.PostAsync(factory, ValidBody(slug), token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Revoke it from the same page: the API then refuses it and writes nothing.
        var revokeAction = row.QuerySelector("form")!.GetAttribute("action")!;
        var revoked = await coordinator.PostFormAsync(revokeAction, [], "/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Null(TestClient.Parse(await coordinator.Http.GetStringAsync("/account/profile"))
            .QuerySelectorAll("table tbody tr").FirstOrDefault(tr => tr.QuerySelector("td")?.TextContent.Trim() == tokenName));

        var before = await RowCountsAsync();
        var refused = await TerritoryBuilder.PostAsync(factory, ValidBody(Unique.Slug()), token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Without_a_token_the_API_answers_401_even_to_a_coordinator_signed_in_with_a_cookie()
    {
        var before = await RowCountsAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await TerritoryBuilder.PostAsync(factory, ValidBody(Unique.Slug()), token: null)).StatusCode);

        using var coordinator = await factory.SignedInAsync(Coordinator);
        var withCookie = await coordinator.Http.PostAsJsonAsync("/api/v1/territories", ValidBody(Unique.Slug()));
        Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);

        var unknown = await TerritoryBuilder.PostAsync(factory, ValidBody(Unique.Slug()), "cat_" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Theory]
    [InlineData(6)] // resident, no territory role
    [InlineData(5)] // member of grand-gueret
    [InlineData(2)] // catalyst of grand-gueret: not a network coordinator
    public async Task A_token_of_someone_who_is_not_network_staff_gets_403(int account)
    {
        var token = await Tokens.OfDemoAccountAsync(factory, DemoNetwork.Accounts[account].Email);
        var before = await RowCountsAsync();
        var slug = Unique.Slug();
        var response = await TerritoryBuilder.PostAsync(factory, ValidBody(slug), token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Unknown_EPCI_code_is_a_400_naming_the_field_and_nothing_is_written()
    {
        var before = await RowCountsAsync();
        var response = await TerritoryBuilder.PostAsync(factory,
            ValidBody(Unique.Slug(), TerritoryBuilder.Perimeter(epci: ["999999999", GrandGueret], communes: [Gueret, "99999"])), await CoordinatorToken());
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = ErrorFields(problem);
        Assert.Contains("perimeter.epci[0]", fields);
        Assert.Contains("perimeter.communes[1]", fields);
        Assert.DoesNotContain("perimeter.epci[1]", fields);
        Assert.Contains("999999999", problem.GetProperty("errors").GetProperty("perimeter.epci[0]")[0].GetString());
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task A_commune_code_given_as_an_EPCI_is_unknown_as_an_EPCI()
    {
        var response = await TerritoryBuilder.PostAsync(factory,
            ValidBody(Unique.Slug(), TerritoryBuilder.Perimeter(epci: [Gueret])), await CoordinatorToken());
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["perimeter.epci[0]"], ErrorFields(problem));
    }

    [Theory]
    [InlineData("Grand-Gueret")]
    [InlineData("grand gueret")]
    [InlineData("guéret-agglo")]
    [InlineData("-gueret")]
    [InlineData("gueret-")]
    [InlineData("gu--eret")]
    [InlineData("ab")]
    [InlineData("a/b/c")]
    [InlineData("<script>x</script>")]
    [InlineData("")]
    public async Task Bad_slug_is_a_400_naming_slug_and_nothing_is_written(string slug)
    {
        var before = await RowCountsAsync();
        var response = await TerritoryBuilder.PostAsync(factory, ValidBody(slug), await CoordinatorToken());
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["slug"], ErrorFields(problem));
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Too_long_slug_is_a_400_naming_slug()
    {
        var response = await TerritoryBuilder.PostAsync(factory, ValidBody(new string('a', 61)), await CoordinatorToken());
        Assert.Equal(["slug"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Duplicate_slug_is_a_400_naming_slug_and_the_first_territory_is_untouched()
    {
        var slug = Unique.Slug();
        var first = await TerritoryBuilder.CreateAsync(factory, slug, name: TerritoryBuilder.NamePrefix + "le premier");
        var before = await RowCountsAsync();

        var response = await TerritoryBuilder.PostAsync(factory, new { name = TerritoryBuilder.NamePrefix + "le second", slug, perimeter = TerritoryBuilder.Perimeter(epci: [GrandGueret]) },
            await CoordinatorToken());
        Assert.Equal(["slug"], ErrorFields(await ProblemAsync(response, HttpStatusCode.BadRequest)));
        Assert.Equal(before, await RowCountsAsync());
        var stored = await factory.WithDbAsync(db => db.Territories.SingleAsync(t => t.Slug == slug));
        Assert.Equal(TerritoryBuilder.NamePrefix + "le premier", stored.Name);
        Assert.Equal(first.GetProperty("communeCount").GetInt32(), stored.CommuneCount);

        // The demo territories' slugs are taken too.
        var demo = await TerritoryBuilder.PostAsync(factory, ValidBody("grand-gueret"), await CoordinatorToken());
        Assert.Equal(["slug"], ErrorFields(await ProblemAsync(demo, HttpStatusCode.BadRequest)));
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "", "body" },
        { "{", "body" },
        { "not json", "body" },
        { "[]", "body" },
        { "{\"name\": 5, \"slug\": \"abc-def\"}", "name" },
        { "{\"name\": \"A\", \"slug\": [\"abc\"]}", "slug" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"themes\": \"mobilité\"}", "themes" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"perimeter\": {\"epci\": \"200034825\"}}", "perimeter.epci" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"perimeter\": {\"epci\": [200034825]}}", "perimeter.epci[0]" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"perimeter\": [\"200034825\"]}", "perimeter" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"type\": \"capitale\"}", "type" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"type\": 99, \"perimeter\": {\"communes\": [\"23096\"]}}", "type" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"model\": true}", "model" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\",}", "body" },
        { "null", "body" },
        { "{}", "name" },
        { "{\"name\": \"<img src=x onerror=alert(1)>\", \"slug\": \"abc-def\", \"perimeter\": {\"communes\": [\"23096\"]}}", "name" },
        { "{\"name\": \"A\\u0000B\", \"slug\": \"abc-def\", \"perimeter\": {\"communes\": [\"23096\"]}}", "name" },
        { "{\"name\": \"A\\ud800B\", \"slug\": \"abc-def\", \"perimeter\": {\"communes\": [\"23096\"]}}", "name" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"perimeter\": {\"epci\": [null]}}", "perimeter.epci[0]" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"perimeter\": {}}", "perimeter" },
        { "{\"name\": \"A\", \"slug\": \"abc-def\", \"themes\": [\"" + new string('x', 101) + "\"], \"perimeter\": {\"communes\": [\"23096\"]}}", "themes[0]" },
        { new string('[', 100) + new string(']', 100), "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_or_mistyped_JSON_is_a_400_problem_naming_the_field_never_a_500(string json, string field)
    {
        var before = await RowCountsAsync();
        using var client = factory.CreateClient();
        var response = await client.SendAsync(RawPost(json, await CoordinatorToken()));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ErrorFields(problem));
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Invalid_UTF8_in_the_body_is_a_400_problem()
    {
        var before = await RowCountsAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"name\": \"A").Concat(new byte[] { 0xFF, 0xFE, 0xC3 })
            .Concat(Encoding.UTF8.GetBytes("\", \"slug\": \"abc-def\", \"perimeter\": {\"communes\": [\"23096\"]}}")).ToArray();
        using var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/territories") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await CoordinatorToken());
        var response = await client.SendAsync(request);
        await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Ten_parallel_creations_of_the_same_slug_give_one_201_and_nine_400_and_one_row()
    {
        var slug = Unique.Slug("race");
        var token = await CoordinatorToken();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            TerritoryBuilder.PostAsync(factory, ValidBody(slug, TerritoryBuilder.Perimeter(epci: [GrandGueret])), token)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.BadRequest));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.BadRequest))
            Assert.Equal(["slug"], ErrorFields(await ProblemAsync(refused, HttpStatusCode.BadRequest)));

        var (rows, communes, steps) = await factory.WithDbAsync(async db =>
        {
            var ids = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).ToListAsync();
            var id = Assert.Single(ids);
            return (ids.Count, await db.TerritoryCommunes.CountAsync(c => c.TerritoryId == id), await db.ProgrammeSteps.CountAsync(s => s.TerritoryId == id));
        });
        Assert.Equal(1, rows);
        Assert.Equal(ReferenceFiles.Of(factory).Epci[GrandGueret].Members.Count, communes);
        Assert.Equal(7, steps);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TerritoryApiSqliteTests(CatalyseFactory factory) : TerritoryApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class TerritoryApiPostgresTests(PostgresFactory factory) : TerritoryApiTests(factory);
