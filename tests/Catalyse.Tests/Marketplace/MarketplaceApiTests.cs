using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Marketplace;

/// <summary>
/// The marketplace through its API: a need posted, "me too" once, the matcher's proposals with their reasons (a synonym of
/// the territory's list included), an introduction proposed, answered and its outcome recorded; tokens required for
/// writes, the catalyst's rights checked. Each test gets a territory of its own (its synonym list stays its own).
/// </summary>
public abstract class MarketplaceApiTests(CatalyseFactory factory)
{
    /// <summary>A word of letters only, the same in a need and a solution, so that they find each other among all the tests' data.</summary>
    private static string Tag() => new(RandomNumberGenerator.GetBytes(8).Select(b => (char)('a' + b % 26)).ToArray());

    private async Task<(string Slug, int TerritoryId)> TerritoryAsync()
    {
        var slug = Unique.Slug("api-marche");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var (id, _) = await MarketplaceFixtures.TerritoryAsync(factory, slug);
        return (slug, id);
    }

    /// <summary>A new confirmed person and an API client with a token of theirs.</summary>
    private async Task<(string Id, TestClient Api)> PersonAsync()
    {
        var id = await MarketplaceFixtures.PersonAsync(factory);
        var token = "cat_marche_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        using (var scope = factory.Services.CreateScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<Catalyse.Web.Features.Accounts.User>>().FindByIdAsync(id))!;
            await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(user, token, "marché");
        }
        var client = factory.Client();
        client.UseToken(token);
        return (id, client);
    }

    private async Task<TestClient> CatalystAsync()
    {
        var client = factory.Client();
        client.UseToken(await Tokens.OfDemoAccountAsync(factory, "coordination@catalyse.demo"));
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_need_posted_through_the_api_gets_me_too_matches_with_reasons_and_an_introduction_to_its_outcome()
    {
        var (slug, territoryId) = await TerritoryAsync();
        await factory.WithDbAsync(async db =>
        {
            db.Add(new SynonymGroup { TerritoryId = territoryId, Terms = "personnes âgées ~ seniors ~ aînés", UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var tag = Tag();
        var (solutionAuthor, solutionApi) = await PersonAsync();
        var solution = await MarketplaceFixtures.CreateSolutionAsync(factory, solutionAuthor, $"Réseau {tag} de visiteurs bénévoles");
        var (authorId, author) = await PersonAsync();
        var (_, neighbour) = await PersonAsync();
        var root = $"/api/v1/territories/{slug}";

        // Without a token: 401, nothing posted.
        using (var anonymous = await factory.Client().Http.PostAsJsonAsync($"{root}/needs", new { title = "Un besoin sans compte" }))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // Posted by a resident; an unknown urgency names its field.
        using (var bad = await author.Http.PostAsJsonAsync($"{root}/needs", new { title = "Rompre l'isolement", urgency = "tout-de-suite" }))
            Assert.True((await JsonAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("urgency", out _));
        var need = await JsonAsync(await author.Http.PostAsJsonAsync($"{root}/needs", new
        {
            title = $"Rompre l'isolement des personnes âgées {tag}",
            description = "Des personnes âgées vivent seules dans les hameaux, sans visite de la semaine.",
            themes = new[] { "lien social" }, communeCode = "23096", affectedGroup = "Personnes âgées isolées", affectedCount = 40, urgency = "high",
        }), HttpStatusCode.Created);
        var needId = need.GetProperty("id").GetInt32();
        Assert.Equal(("new", "high"), (need.GetProperty("status").GetString(), need.GetProperty("urgency").GetString()));

        // "Me too": 201 once, 200 the second time, and it can be taken back.
        using (var r = await neighbour.Http.PostAsync($"{root}/needs/{needId}/me-too", null)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using (var r = await neighbour.Http.PostAsync($"{root}/needs/{needId}/me-too", null)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1, (await factory.Client().Http.GetFromJsonAsync<JsonElement>($"{root}/needs/{needId}")).GetProperty("supports").GetInt32());
        using (var r = await neighbour.Http.PostAsync($"{root}/needs/{needId}/me-too/withdraw", null))
            Assert.Equal("withdrawn", (await JsonAsync(r, HttpStatusCode.OK)).GetProperty("status").GetString());
        using (var r = await neighbour.Http.PostAsync($"{root}/needs/999999999/me-too", null)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await neighbour.Http.PostAsJsonAsync($"{root}/needs/{needId}/comments", new { comment = "Ma voisine aussi est seule." })) Assert.Equal(HttpStatusCode.Created, r.StatusCode);

        // The list finds it, with its total.
        using (var list = await factory.Client().Http.GetAsync($"{root}/needs?status=open&theme=lien%20social"))
        {
            var items = await JsonAsync(list, HttpStatusCode.OK);
            Assert.Equal("1", list.Headers.GetValues("X-Total-Count").Single());
            Assert.Equal(needId, items[0].GetProperty("id").GetInt32());
        }

        // The matcher proposes the solution, and says why: its word, and "personnes âgées" that means "seniors" too.
        var matches = await factory.Client().Http.GetFromJsonAsync<JsonElement>($"{root}/needs/{needId}/matches?take=50");
        var match = matches.GetProperty("solutions").EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == solution.Id);
        Assert.Equal("solution", match.GetProperty("kind").GetString());
        Assert.EndsWith($"/solutions/{solution.Id}", match.GetProperty("url").GetString());
        var reasons = match.GetProperty("reasons");
        Assert.Contains(reasons.GetProperty("synonyms").EnumerateArray(), s => s.GetProperty("found").GetString() == "personnes âgées" && s.GetProperty("meansAlso").GetString() == "seniors");
        Assert.Contains("lien social", reasons.GetProperty("sharedThemes").EnumerateArray().Select(t => t.GetString()));
        Assert.True(match.GetProperty("score").GetDouble() > 0);

        // The need's author proposes an introduction to the solution's author; once only.
        var proposal = new { targetKind = "solution", targetId = solution.Id, message = "Votre réseau pourrait venir chez nous ?" };
        using (var bad = await author.Http.PostAsJsonAsync($"{root}/needs/{needId}/introductions", new { targetKind = "need", targetId = needId }))
            Assert.True((await JsonAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("targetKind", out _));
        using (var r = await neighbour.Http.PostAsJsonAsync($"{root}/needs/{needId}/introductions", proposal)) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var intro = await JsonAsync(await author.Http.PostAsJsonAsync($"{root}/needs/{needId}/introductions", proposal), HttpStatusCode.Created);
        var introId = intro.GetProperty("id").GetInt32();
        Assert.Equal(("proposed", true), (intro.GetProperty("status").GetString(), intro.GetProperty("needParty").GetProperty("accepted").GetBoolean()));
        using (var r = await author.Http.PostAsJsonAsync($"{root}/needs/{needId}/introductions", proposal)) Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);

        // Its parties see it; somebody else does not; the list of a party holds it.
        using (var r = await neighbour.Http.GetAsync($"{root}/introductions/{introId}")) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await solutionApi.Http.GetAsync($"{root}/introductions"))
            Assert.Contains((await JsonAsync(r, HttpStatusCode.OK)).EnumerateArray(), i => i.GetProperty("id").GetInt32() == introId);
        using (var r = await neighbour.Http.GetAsync($"{root}/introductions"))
            Assert.DoesNotContain((await JsonAsync(r, HttpStatusCode.OK)).EnumerateArray(), i => i.GetProperty("id").GetInt32() == introId);

        // No outcome before both accept; the target accepts; the outcome is recorded.
        using (var r = await author.Http.PostAsJsonAsync($"{root}/introductions/{introId}/outcome", new { outcome = "partnership" }))
            Assert.True((await JsonAsync(r, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("outcome", out _));
        using (var r = await neighbour.Http.PostAsJsonAsync($"{root}/introductions/{introId}/answer", new { accept = true })) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await solutionApi.Http.PostAsJsonAsync($"{root}/introductions/{introId}/answer", new { }))
            Assert.True((await JsonAsync(r, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("accept", out _));
        using (var r = await solutionApi.Http.PostAsJsonAsync($"{root}/introductions/{introId}/answer", new { accept = true }))
            Assert.Equal("accepted", (await JsonAsync(r, HttpStatusCode.OK)).GetProperty("status").GetString());
        using (var r = await author.Http.PostAsJsonAsync($"{root}/introductions/{introId}/outcome", new { outcome = "signed", note = "" }))
            Assert.True((await JsonAsync(r, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("outcome", out _));
        using (var r = await author.Http.PostAsJsonAsync($"{root}/introductions/{introId}/outcome", new { outcome = "partnership", note = "Une convention signée." }))
        {
            var done = await JsonAsync(r, HttpStatusCode.OK);
            Assert.Equal(("accepted", "partnership"), (done.GetProperty("status").GetString(), done.GetProperty("outcome").GetString()));
        }
        // A success of the solution, in its reasons from now on.
        var again = await factory.Client().Http.GetFromJsonAsync<JsonElement>($"{root}/needs/{needId}/matches?take=50");
        Assert.Equal(1, again.GetProperty("solutions").EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == solution.Id).GetProperty("reasons").GetProperty("successes").GetInt32());
    }

    [Fact]
    public async Task Only_a_catalyst_changes_the_status_of_a_need_and_a_closed_need_takes_no_me_too()
    {
        var (slug, _) = await TerritoryAsync();
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, slug);
        var (_, resident) = await PersonAsync();
        var root = $"/api/v1/territories/{slug}/needs/{need.Id}";
        var before = await Security.DbFingerprint.TakeAsync(factory);
        using (var r = await resident.Http.PostAsJsonAsync($"{root}/status", new { status = "abandoned", note = "Plus d'actualité." })) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await factory.Client().Http.PostAsJsonAsync($"{root}/status", new { status = "abandoned", note = "Plus d'actualité." }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Contains("Bearer", r.Headers.WwwAuthenticate.ToString());
        }
        Security.DbFingerprint.AssertUnchanged(before, await Security.DbFingerprint.TakeAsync(factory), "status change refused");

        var catalyst = await CatalystAsync();
        using (var r = await catalyst.Http.PostAsJsonAsync($"{root}/status", new { status = "abandoned" }))
            Assert.True((await JsonAsync(r, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("note", out _));
        using (var r = await catalyst.Http.PostAsJsonAsync($"{root}/status", new { status = "fini" }))
            Assert.True((await JsonAsync(r, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("status", out _));
        using (var r = await catalyst.Http.PostAsJsonAsync($"{root}/status", new { status = "abandoned", note = "Plus d'actualité." }))
            Assert.Equal("abandoned", (await JsonAsync(r, HttpStatusCode.OK)).GetProperty("status").GetString());
        using (var r = await resident.Http.PostAsync($"{root}/me-too", null)) Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        // Another territory's URL does not reach it.
        using (var r = await catalyst.Http.PostAsync($"/api/v1/territories/grenoble-alpes/needs/{need.Id}/me-too", null)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await factory.Client().Http.GetAsync($"/api/v1/territories/grenoble-alpes/needs/{need.Id}")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task Offers_solutions_adoptions_and_the_bourse_des_pionniers_through_the_api()
    {
        var (slug, territoryId) = await TerritoryAsync();
        var (authorId, author) = await PersonAsync();
        var (_, other) = await PersonAsync();
        var root = $"/api/v1/territories/{slug}";
        var offer = await JsonAsync(await author.Http.PostAsJsonAsync($"{root}/offers", new
        {
            kind = "pioneer-days", title = "Trois jours d'un catalyseur expérimenté", description = "J'aide un territoire qui démarre sa fabrique à initiatives.",
            themes = new[] { "gouvernance" }, quantity = 3,
        }), HttpStatusCode.Created);
        var offerId = offer.GetProperty("id").GetInt32();
        Assert.Equal(("pioneer-days", "open"), (offer.GetProperty("kind").GetString(), offer.GetProperty("status").GetString()));
        using (var r = await factory.Client().Http.GetAsync($"{root}/offers?kind=pioneer-days"))
            Assert.Contains((await JsonAsync(r, HttpStatusCode.OK)).EnumerateArray(), o => o.GetProperty("id").GetInt32() == offerId);
        using (var r = await factory.Client().Http.GetAsync($"{root}/offers/{offerId}/needs")) await JsonAsync(r, HttpStatusCode.OK);

        // Days given: by the author; never beyond the days offered; somebody else may not record them.
        var use = new { territoryId, days = 2, on = "2026-10-01", purpose = "Lancement de la fabrique" };
        using (var r = await other.Http.PostAsJsonAsync($"/api/v1/pioneer-days/{offerId}/uses", use)) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await author.Http.PostAsJsonAsync($"/api/v1/pioneer-days/{offerId}/uses", use)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using (var r = await author.Http.PostAsJsonAsync($"/api/v1/pioneer-days/{offerId}/uses", use))
            Assert.True((await JsonAsync(r, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("days", out _));
        var bourse = await factory.Client().Http.GetFromJsonAsync<JsonElement>("/api/v1/pioneer-days?pageSize=100");
        var mine = bourse.EnumerateArray().Single(o => o.GetProperty("id").GetInt32() == offerId);
        Assert.Equal((3m, 2m, 1m, 1), (mine.GetProperty("daysOffered").GetDecimal(), mine.GetProperty("daysUsed").GetDecimal(), mine.GetProperty("daysLeft").GetDecimal(), mine.GetProperty("uses").GetArrayLength()));

        // Closed by its author, not by somebody else.
        using (var r = await other.Http.PostAsync($"{root}/offers/{offerId}/close", null)) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await author.Http.PostAsync($"{root}/offers/{offerId}/close", null)) Assert.Equal("closed", (await JsonAsync(r, HttpStatusCode.OK)).GetProperty("status").GetString());

        // Solutions: a resident may not add one, a catalyst may; essaimage once per territory.
        var body = new { title = "Épicerie solidaire itinérante", summary = "Un camion passe chaque semaine dans les villages sans commerce.", themes = new[] { "alimentation" }, communeCode = "23096" };
        using (var r = await other.Http.PostAsJsonAsync("/api/v1/solutions", body)) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var catalyst = await CatalystAsync();
        var solution = await JsonAsync(await catalyst.Http.PostAsJsonAsync("/api/v1/solutions", body), HttpStatusCode.Created);
        var solutionId = solution.GetProperty("id").GetInt32();
        var adoption = new { changes = "Un arrêt de plus au marché.", startedOn = "2026-09-01" };
        using (var r = await other.Http.PostAsJsonAsync($"{root}/solutions/{solutionId}/adoptions", adoption)) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await catalyst.Http.PostAsJsonAsync($"{root}/solutions/{solutionId}/adoptions", adoption)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using (var r = await catalyst.Http.PostAsJsonAsync($"{root}/solutions/{solutionId}/adoptions", adoption)) Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal(1, (await factory.Client().Http.GetFromJsonAsync<JsonElement>($"/api/v1/solutions/{solutionId}")).GetProperty("adoptions").GetInt32());
        var adoptions = await factory.Client().Http.GetFromJsonAsync<JsonElement>($"/api/v1/solutions/{solutionId}/adoptions");
        Assert.Equal(slug, adoptions[0].GetProperty("slug").GetString());
        using (var r = await factory.Client().Http.GetAsync("/api/v1/solutions?q=%C3%A9picerie%20itin%C3%A9rante&pageSize=100"))
            Assert.Contains((await JsonAsync(r, HttpStatusCode.OK)).EnumerateArray(), s => s.GetProperty("id").GetInt32() == solutionId);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_marketplace_operations()
    {
        var doc = await factory.Client().Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _))
                .Select(o => o.Value.GetProperty("operationId").GetString()!)).ToHashSet();
        foreach (var name in new[] { "ListNeeds", "GetNeed", "CreateNeed", "MeTooNeed", "WithdrawMeTooNeed", "CommentNeed", "SetNeedStatus", "NeedMatches",
                     "ListOffers", "GetOffer", "CreateOffer", "CloseOffer", "OfferNeeds", "ListSolutions", "GetSolution", "CreateSolution", "SolutionAdoptions",
                     "RecordAdoption", "ListPioneerDays", "RecordPioneerDays", "ListIntroductions", "GetIntroduction", "ProposeIntroduction",
                     "AnswerIntroduction", "RecordIntroductionOutcome" })
            Assert.Contains(name, operations);
        Assert.Contains(doc.GetProperty("paths").EnumerateObject(), p => p.Name == "/api/v1/territories/{slug}/needs/{id}/matches");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MarketplaceApiSqliteTests(CatalyseFactory factory) : MarketplaceApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class MarketplaceApiPostgresTests(PostgresFactory factory) : MarketplaceApiTests(factory);
