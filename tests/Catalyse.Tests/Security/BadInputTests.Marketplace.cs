using System.Net;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Marketplace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// Bad input on the marketplace's API: every text, enum, number and date of every POST (needs, comments, status, offers,
/// solutions, essaimage, days of the bourse, introductions, answers and outcomes) gets problem details naming it, never a
/// 500, and nothing is written; bodies that are not JSON; ids of another territory or that do not exist; query values.
/// All in the tests' own territory, with fresh needs, offers, solutions and introductions per case.
/// </summary>
public abstract partial class BadInputTests
{
    /// <summary>One POST of the marketplace's API: its URL, who sends it, a valid body, the fields tried and those that may be empty.</summary>
    private sealed record MarketplaceEndpoint(string Name, string Url, bool Catalyst, Dictionary<string, object?> Body, (string Field, string? Prefix)[] Fields,
        string[] MayBeEmpty, HttpStatusCode Success);

    private static MarketplaceEndpoint[] MarketplaceEndpoints =>
    [
        new("need", "/api/v1/territories/{territory}/needs", false,
            new() { ["title"] = "Rompre l'isolement", ["description"] = "Des personnes âgées vivent seules dans les hameaux.", ["themes"] = new List<object?> { "lien social" },
                    ["communeCode"] = "23096", ["affectedGroup"] = "Personnes âgées", ["affectedCount"] = 40, ["urgency"] = "high" },
            [("title", "Rompre l'isolement"), ("description", "Des personnes âgées vivent seules dans les hameaux."), ("themes[]", "lien"), ("communeCode", null),
             ("affectedGroup", "Personnes âgées"), ("affectedCount", null), ("urgency", null)],
            ["themes[]", "affectedGroup"], HttpStatusCode.Created),
        new("comment", "/api/v1/territories/{territory}/needs/{need}/comments", false, new() { ["comment"] = "Ma voisine aussi." },
            [("comment", "Ma voisine aussi.")], [], HttpStatusCode.Created),
        new("need status", "/api/v1/territories/{territory}/needs/{need}/status", true,
            new() { ["status"] = "in-progress", ["note"] = "Vu en réunion.", ["projectTitle"] = "Visites du jeudi", ["projectUrl"] = "https://exemple.org/projet" },
            [("status", null), ("note", "Vu en réunion."), ("projectTitle", "Visites du jeudi"), ("projectUrl", "https://exemple.org/projet")],
            ["note", "projectUrl"], HttpStatusCode.OK),
        new("offer", "/api/v1/territories/{territory}/offers", false,
            new() { ["kind"] = "skills", ["title"] = "Visites de convivialité", ["description"] = "Des bénévoles formés rendent visite aux personnes seules.",
                    ["themes"] = new List<object?> { "lien social" }, ["communeCode"] = "23096", ["quantity"] = null, ["availableUntil"] = "2099-01-01", ["entryId"] = null },
            [("kind", null), ("title", "Visites de convivialité"), ("description", "Des bénévoles formés rendent visite aux personnes seules."), ("themes[]", "lien"),
             ("communeCode", null), ("quantity", null), ("availableUntil", null), ("entryId", null)],
            ["themes[]"], HttpStatusCode.Created),
        new("solution", "/api/v1/solutions", true,
            new() { ["title"] = "Réseau de visiteurs", ["summary"] = "Des bénévoles rendent visite chaque semaine aux seniors isolés.", ["forWhom"] = "Seniors",
                    ["results"] = "120 personnes", ["cost"] = "8 000 €", ["conditions"] = "Un coordinateur", ["themes"] = new List<object?> { "lien social" },
                    ["communeCode"] = "23096", ["originTerritoryId"] = null, ["contactEntryId"] = null },
            [("title", "Réseau de visiteurs"), ("summary", "Des bénévoles rendent visite chaque semaine aux seniors isolés."), ("forWhom", "Seniors"),
             ("results", "120 personnes"), ("cost", "8 000 €"), ("conditions", "Un coordinateur"), ("themes[]", "lien"), ("communeCode", null),
             ("originTerritoryId", null), ("contactEntryId", null)],
            ["forWhom", "results", "cost", "conditions", "themes[]", "communeCode"], HttpStatusCode.Created),
        new("adoption", "/api/v1/territories/{territory}/solutions/{solution}/adoptions", true,
            new() { ["changes"] = "Adaptée aux hameaux.", ["startedOn"] = "2026-09-01" },
            [("changes", "Adaptée aux hameaux."), ("startedOn", null)], [], HttpStatusCode.Created),
        new("pioneer days", "/api/v1/pioneer-days/{offer.pioneer}/uses", true,
            new() { ["territoryId"] = "{territoryId}", ["days"] = 1, ["on"] = "2026-10-01", ["purpose"] = "Lancement de la fabrique" },
            [("territoryId", null), ("days", null), ("on", null), ("purpose", "Lancement de la fabrique")], [], HttpStatusCode.Created),
        new("introduction", "/api/v1/territories/{territory}/needs/{need}/introductions", true,
            new() { ["targetKind"] = "offer", ["targetId"] = "{offer}", ["message"] = "Vous pourriez vous rencontrer." },
            [("targetKind", null), ("targetId", null), ("message", "Vous pourriez vous rencontrer.")], ["message"], HttpStatusCode.Created),
        new("answer", "/api/v1/territories/{territory}/introductions/{introduction}/answer", true, new() { ["accept"] = true },
            [("accept", null)], [], HttpStatusCode.OK),
        new("outcome", "/api/v1/territories/{territory}/introductions/{introduction.accepted}/outcome", true,
            new() { ["outcome"] = "partnership", ["note"] = "Une convention signée." },
            [("outcome", null), ("note", "Une convention signée.")], ["note"], HttpStatusCode.OK),
    ];

    private static string MarketplaceApiExpected(MarketplaceEndpoint e, string field, ApiBadValue v) =>
        v == ApiBadValue.Empty && e.MayBeEmpty.Contains(field) ? ((int)e.Success).ToString() : $"400 naming {field.TrimEnd('[', ']')}";

    public static TheoryData<string, string, string, string> MarketplaceApiCases
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var e in MarketplaceEndpoints)
                foreach (var (name, _) in e.Fields)
                    foreach (var v in Enum.GetValues<ApiBadValue>())
                        data.Add(e.Name, name, Label(v), MarketplaceApiExpected(e, name, v));
            return data;
        }
    }

    /// <summary>
    /// Resolves the marketplace's placeholders with fresh data of the tests' territory: <c>{need}</c>, <c>{offer}</c>,
    /// <c>{offer.pioneer}</c>, <c>{solution}</c>, <c>{introduction}</c> (proposed by the need's author: the offer's author,
    /// a fresh person, answers it; here the catalyst, who is no party, sends bad bodies before any check), <c>{introduction.accepted}</c>
    /// (accepted by both), <c>{territoryId}</c>.
    /// </summary>
    private async Task<string> MarketplacePlaceholdersAsync(string text, string slug)
    {
        var cleanups = new List<Func<CatalyseFactory, Task>>();
        text = text.Replace("{territory}", slug);
        if (text.Contains("{territoryId}")) text = text.Replace("\"{territoryId}\"", (await MarketplaceFixtures.TerritoryAsync(factory, slug)).TerritoryId.ToString());
        if (text.Contains("{need}")) text = text.Replace("{need}", (await MarketplaceFixtures.CreateNeedAsync(factory, slug)).Id.ToString());
        if (text.Contains("{offer}")) text = text.Replace("\"{offer}\"", "{offer}").Replace("{offer}", (await MarketplaceFixtures.CreateOfferAsync(factory, slug)).Id.ToString());
        if (text.Contains("{offer.pioneer}")) text = text.Replace("{offer.pioneer}", (await MarketplaceFixtures.CreateOfferAsync(factory, slug, pioneer: true)).Id.ToString());
        if (text.Contains("{solution}")) text = text.Replace("{solution}", (await MarketplaceFixtures.CreateSolutionAsync(factory)).Id.ToString());
        if (text.Contains("{introduction}")) text = text.Replace("{introduction}", await MarketplaceFixtures.IntroductionAsync(factory, slug, cleanups));
        if (text.Contains("{introduction.accepted}"))
        {
            var id = int.Parse(await MarketplaceFixtures.IntroductionAsync(factory, slug, cleanups));
            var target = await factory.WithDbAsync(db => db.Set<Introduction>().IgnoreQueryFilters().Where(i => i.Id == id).Select(i => i.TargetPartyId).SingleAsync());
            using var scope = factory.Services.CreateScope();
            Assert.Equal(IntroductionResult.Done, await scope.ServiceProvider.GetRequiredService<IntroductionService>().AnswerAsync(id, target, true));
            text = text.Replace("{introduction.accepted}", id.ToString());
        }
        return text;
    }

    private async Task<TestClient> MarketplaceClientAsync(bool catalyst)
    {
        if (!catalyst) return await FreshApiClientAsync();
        var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        return api;
    }

    [Theory]
    [MemberData(nameof(MarketplaceApiCases))]
    public async Task Marketplace_api_field_with_a_bad_value_gets_problem_details_naming_it(string endpoint, string field, string value, string expected)
    {
        var e = MarketplaceEndpoints.Single(x => x.Name == endpoint);
        var bad = Enum.GetValues<ApiBadValue>().Single(v => Label(v) == value);
        Assert.Equal(MarketplaceApiExpected(e, field, bad), expected);
        var slug = await TerritoryAsync();
        var prefix = e.Fields.Single(f => f.Field == field).Prefix;
        var body = e.Body;
        if (field.EndsWith("[]")) ((List<object?>)body[field[..^2]]!).Add(BadMarker);
        else body[field] = BadMarker;
        var url = await MarketplacePlaceholdersAsync(e.Url, slug);
        var json = await MarketplacePlaceholdersAsync(JsonSerializer.Serialize(body), slug);
        using var api = await MarketplaceClientAsync(e.Catalyst);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync(url, JsonBytes(JsonWithMarkerReplaced(json, bad, prefix)));
        var what = $"{endpoint} {field} = {value}";
        if (!expected.StartsWith("400"))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(((int)response.StatusCode).ToString() == expected, $"{what}: {(int)response.StatusCode} {text}");
            DbFingerprint.AssertWellFormed(await DbFingerprint.TakeAsync(factory), what);
            return;
        }
        await AssertProblemNamingAsync(response, field.TrimEnd('[', ']'), what);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), what);
    }

    /// <summary>Bodies that are not JSON, not an object, or of the wrong types, on every POST of the marketplace that reads one.</summary>
    [Theory]
    [InlineData("need", "")]
    [InlineData("need", "null")]
    [InlineData("need", "{")]
    [InlineData("need", "[1,2]")]
    [InlineData("need", "{\"title\": 12}")]
    [InlineData("need", "{\"themes\": \"lien social\"}")]
    [InlineData("need", "{\"affectedCount\": 1e40}")]
    [InlineData("comment", "")]
    [InlineData("comment", "\"un commentaire\"")]
    [InlineData("need status", "{")]
    [InlineData("need status", "{\"status\": [\"qualified\"]}")]
    [InlineData("offer", "null")]
    [InlineData("offer", "{\"quantity\": \"beaucoup\"}")]
    [InlineData("offer", "{\"availableUntil\": \"2026-02-31\"}")]
    [InlineData("solution", "[]")]
    [InlineData("solution", "{\"originTerritoryId\": 3000000000}")]
    [InlineData("adoption", "")]
    [InlineData("adoption", "{\"startedOn\": \"hier\"}")]
    [InlineData("pioneer days", "{\"days\": \"deux\"}")]
    [InlineData("pioneer days", "{")]
    [InlineData("introduction", "{\"targetId\": \"dix\"}")]
    [InlineData("introduction", "")]
    [InlineData("answer", "{\"accept\": \"oui\"}")]
    [InlineData("answer", "")]
    [InlineData("outcome", "{\"outcome\": 2}")]
    [InlineData("outcome", "null")]
    public async Task Marketplace_api_body_that_is_not_json_or_of_the_wrong_type_gets_problem_details(string endpoint, string body)
    {
        var e = MarketplaceEndpoints.Single(x => x.Name == endpoint);
        var slug = await TerritoryAsync();
        var url = await MarketplacePlaceholdersAsync(e.Url, slug);
        using var api = await MarketplaceClientAsync(e.Catalyst);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{endpoint} {body}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{endpoint} {body}");
    }

    /// <summary>Every POST of the marketplace on ids of another territory or that do not exist: 404, nothing written.</summary>
    [Theory]
    [InlineData("needs/{elsewhere.need}/me-too")]
    [InlineData("needs/{elsewhere.need}/me-too/withdraw")]
    [InlineData("needs/{elsewhere.need}/comments")]
    [InlineData("needs/{elsewhere.need}/status")]
    [InlineData("needs/{elsewhere.need}/introductions")]
    [InlineData("offers/{elsewhere.offer}/close")]
    [InlineData("introductions/{elsewhere.introduction}/answer")]
    [InlineData("introductions/{elsewhere.introduction}/outcome")]
    [InlineData("needs/999999999/me-too")]
    [InlineData("needs/0/comments")]
    [InlineData("needs/-7/status")]
    [InlineData("needs/999999999/introductions")]
    [InlineData("offers/999999999/close")]
    [InlineData("solutions/999999999/adoptions")]
    [InlineData("introductions/999999999/answer")]
    [InlineData("introductions/999999999/outcome")]
    [InlineData("/api/v1/pioneer-days/999999999/uses")]
    [InlineData("/api/v1/pioneer-days/{offer.skills}/uses")]
    public async Task Marketplace_api_post_to_an_id_of_another_territory_or_that_does_not_exist_gets_404(string path)
    {
        var slug = await TerritoryAsync();
        var cleanups = new List<Func<CatalyseFactory, Task>>();
        if (path.Contains("{elsewhere.need}")) path = path.Replace("{elsewhere.need}", (await MarketplaceFixtures.CreateNeedAsync(factory, "grenoble-alpes")).Id.ToString());
        if (path.Contains("{elsewhere.offer}")) path = path.Replace("{elsewhere.offer}", (await MarketplaceFixtures.CreateOfferAsync(factory, "grenoble-alpes")).Id.ToString());
        if (path.Contains("{elsewhere.introduction}")) path = path.Replace("{elsewhere.introduction}", await MarketplaceFixtures.IntroductionAsync(factory, "grenoble-alpes", cleanups));
        if (path.Contains("{offer.skills}")) path = path.Replace("{offer.skills}", (await MarketplaceFixtures.CreateOfferAsync(factory, slug)).Id.ToString());
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        var url = path.StartsWith('/') ? path : $"/api/v1/territories/{slug}/{path}";
        using var response = await api.Http.PostAsync(url, new StringContent(
            """{"comment":"Un commentaire.","status":"qualified","targetKind":"offer","targetId":1,"accept":true,"outcome":"partnership","changes":"Adaptée.","startedOn":"2026-09-01","days":1,"on":"2026-10-01","purpose":"Démarrage","territoryId":1}""",
            Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), path);
    }

    /// <summary>Query strings and path segments of the marketplace's API never get a 500 nor are reflected.</summary>
    [Theory]
    [InlineData("/api/v1/territories/grand-gueret/needs?status={v}")]
    [InlineData("/api/v1/territories/grand-gueret/needs?theme={v}")]
    [InlineData("/api/v1/territories/grand-gueret/needs?page={v}")]
    [InlineData("/api/v1/territories/grand-gueret/needs?pageSize={v}")]
    [InlineData("/api/v1/territories/grand-gueret/needs/{v}")]
    [InlineData("/api/v1/territories/grand-gueret/needs/{v}/matches")]
    [InlineData("/api/v1/territories/grand-gueret/needs/{need}/matches?take={v}")]
    [InlineData("/api/v1/territories/grand-gueret/offers?kind={v}")]
    [InlineData("/api/v1/territories/grand-gueret/offers?status={v}")]
    [InlineData("/api/v1/territories/grand-gueret/offers/{v}")]
    [InlineData("/api/v1/territories/grand-gueret/offers/{v}/needs")]
    [InlineData("/api/v1/solutions?q={v}")]
    [InlineData("/api/v1/solutions?theme={v}")]
    [InlineData("/api/v1/solutions?page={v}")]
    [InlineData("/api/v1/solutions/{v}")]
    [InlineData("/api/v1/solutions/{v}/adoptions")]
    [InlineData("/api/v1/pioneer-days?pageSize={v}")]
    [InlineData("/api/v1/territories/grand-gueret/introductions?page={v}")]
    [InlineData("/api/v1/territories/grand-gueret/introductions/{v}")]
    public async Task Marketplace_query_values_never_get_a_500_nor_are_reflected(string url)
    {
        if (url.Contains("{need}")) url = url.Replace("{need}", (await MarketplaceFixtures.CreateNeedAsync(factory, "grand-gueret")).Id.ToString());
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        foreach (var (label, encoded) in QueryValues)
        {
            var value = encoded.Length == 0 && !url.Contains('?') ? "%20" : encoded;
            using var response = await api.GetAsync(url.Replace("{v}", value));
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status is 200 or 400 or 404, $"{url} with {label}: {status} {text}");
            if (status >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(BadValues.ScriptTag, text);
            Assert.DoesNotContain("<img src=x onerror", text);
        }
    }
}
