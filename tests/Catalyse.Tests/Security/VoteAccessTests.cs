using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Tests.Participation;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Votes;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// What the authorization matrix cannot show for votes: a vote of another territory is out of reach through one's own
/// territory's address; a vote for residents takes only people living in its perimeter (the API says what is missing);
/// a vote that is not open takes no ballot.
/// </summary>
public abstract class VoteAccessTests(CatalyseFactory factory)
{
    private const string Password = "Motdepasse-votes-2026";
    private const string Options = "Parc des Tilleuls\nParc Simone-Veil\nParc de la Résistance";

    /// <summary>A new confirmed account (living where said): its id, a signed-in client and a client with its personal access token.</summary>
    private async Task<(string Id, TestClient Web, TestClient Api)> PersonAsync(string? communeCode = null, string? postalCode = null)
    {
        var email = $"votes-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}@catalyse.test";
        using var scope = factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureUserAsync(email, Password, "Votante");
        if (communeCode is not null)
            await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.ResidenceCommuneCode, communeCode).SetProperty(u => u.ResidencePostalCode, postalCode)));
        var token = "cat_votes_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(user, token, "votes");
        var api = factory.Client();
        api.UseToken(token);
        return (user.Id, await factory.SignedInAsync(email, Password), api);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> CastAsync(TestClient api, string slug, int voteId, string json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/territories/{slug}/votes/{voteId}/ballots") { Content = Json(json) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return await api.Http.SendAsync(request);
    }

    private Task<int> BallotsAsync(int voteId) => factory.WithDbAsync(db => db.Ballots.CountAsync(b => b.VoteId == voteId));

    // ---------------------------------------------------------------- another territory

    public static TheoryData<string> CrossTerritoryRequests => new()
    {
        "GET page", "GET closed page", "POST ballot", "GET API", "GET results", "GET log", "API ballot",
    };

    /// <summary>
    /// A Grenoble vote (open to any confirmed account) through the address of Guéret: not found, on the pages and the
    /// API alike, for a person who may vote in it through Grenoble's address; nothing is written.
    /// </summary>
    [Theory]
    [MemberData(nameof(CrossTerritoryRequests))]
    public async Task A_vote_of_another_territory_is_out_of_reach_through_ones_own(string request)
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble);
        var closed = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble);
        await VoteData.CloseAsync(factory, closed.Id);
        var (_, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        var option = vote.Options[0].Id;
        var gueret = $"/t/{RouteRegistry.Gueret}/votes";
        var gueretApi = $"/api/v1/territories/{RouteRegistry.Gueret}/votes";

        var before = await DbFingerprint.TakeAsync(factory);
        using var response = request switch
        {
            "GET page" => await web.GetAsync($"{gueret}/{vote.Id}"),
            "GET closed page" => await web.GetAsync($"{gueret}/{closed.Id}"),
            "POST ballot" => await web.PostFormAsync($"{gueret}/{vote.Id}", [new("IdempotencyKey", "ailleurs"), new("Options", option.ToString())],
                tokenFrom: "/account/login"),
            "GET API" => await api.Http.GetAsync($"{gueretApi}/{vote.Id}"),
            "GET results" => await api.Http.GetAsync($"{gueretApi}/{closed.Id}/results"),
            "GET log" => await api.Http.GetAsync($"{gueretApi}/{vote.Id}/log"),
            _ => await CastAsync(api, RouteRegistry.Gueret, vote.Id, $$"""{"options":[{{option}}]}"""),
        };
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{request}: expected 404, got {(int)response.StatusCode} {response.Headers.Location}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{request} across territories");

        // Through Grenoble's own address, the same person may vote: the 404 came from the address, not from the person.
        using var own = await CastAsync(api, RouteRegistry.Grenoble, vote.Id, $$"""{"options":[{{option}}]}""");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    /// <summary>The list of Guéret's votes (pages and API) never shows one of Grenoble's.</summary>
    [Fact]
    public async Task The_lists_of_a_territory_show_only_its_own_votes()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble);
        using var anonymous = factory.Client();
        var page = await (await anonymous.GetAsync($"/t/{RouteRegistry.Gueret}/votes?status=all")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(vote.Title, page);
        Assert.DoesNotContain($"/votes/{vote.Id}\"", page);
        var list = await (await anonymous.GetAsync($"/api/v1/territories/{RouteRegistry.Gueret}/votes?status=all&pageSize=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(JsonDocument.Parse(list).RootElement.EnumerateArray(), v => v.GetProperty("id").GetInt32() == vote.Id);
        var own = await (await anonymous.GetAsync($"/api/v1/territories/{RouteRegistry.Grenoble}/votes?status=open&pageSize=100")).Content.ReadAsStringAsync();
        Assert.Contains(JsonDocument.Parse(own).RootElement.EnumerateArray(), v => v.GetProperty("id").GetInt32() == vote.Id);
    }

    // ---------------------------------------------------------------- residents

    /// <summary>A person who has declared no residence: 403 with missing=residence on the API, the postal code asked on the page.</summary>
    [Fact]
    public async Task A_person_without_residence_is_refused_a_residents_vote_with_missing_residence()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble, level: IdentityLevel.Resident);
        var (_, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        var before = await DbFingerprint.TakeAsync(factory);
        using (var response = await CastAsync(api, RouteRegistry.Grenoble, vote.Id, $$"""{"options":[{{vote.Options[0].Id}}]}"""))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("residence", JsonDocument.Parse(text).RootElement.GetProperty("missing").GetString());
        }
        // The page asks for the postal code in the ballot form; sent without it, the form comes back with the message.
        var doc = TestClient.Parse(await (await web.GetAsync($"/t/{RouteRegistry.Grenoble}/votes/{vote.Id}")).Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector("form #PostalCode"));
        using (var response = await web.PostFormAsync($"/t/{RouteRegistry.Grenoble}/votes/{vote.Id}", [new("Options", vote.Options[0].Id.ToString())],
                   tokenFrom: "/account/login"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("Code postal attendu : 5 chiffres.",
                TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='PostalCode']")?.TextContent.Trim());
        }
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "a residents' vote without residence");
    }

    /// <summary>
    /// A resident of Guéret (23000) in the demo participatory budget of Grenoble (for residents): refused on the API
    /// (missing=residence) and on the page, even declaring Guéret again; the residence stays Guéret, no ballot.
    /// </summary>
    [Fact]
    public async Task A_resident_of_Gueret_cannot_vote_in_Grenobles_residents_vote()
    {
        var budget = await factory.WithDbAsync(db => db.Votes.IgnoreQueryFilters().AsNoTracking().Include(v => v.Options)
            .SingleAsync(v => v.Title == "Budget participatif 2027 : vos projets pour les quartiers"));
        Assert.Equal((IdentityLevel.Resident, VoteMethod.Budget), (budget.VoterLevel, budget.Method));
        var (id, web, api) = await PersonAsync("23096", "23000");
        using var w = web;
        using var a = api;
        var choice = budget.Options.OrderBy(o => o.Cost).First().Id;
        var url = $"/t/{RouteRegistry.Grenoble}/votes/{budget.Id}";
        var ballots = budget.BallotCount;

        var before = await DbFingerprint.TakeAsync(factory);
        using (var response = await CastAsync(api, RouteRegistry.Grenoble, budget.Id, $$"""{"options":[{{choice}}]}"""))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {text}");
            Assert.Equal("residence", JsonDocument.Parse(text).RootElement.GetProperty("missing").GetString());
        }
        using (var response = await web.PostFormAsync(url, [new("Options", choice.ToString())], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await web.PostFormAsync(url, [new("PostalCode", "23000"), new("Commune", "Guéret"), new("Options", choice.ToString())],
                   tokenFrom: "/account/login"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("Guéret n'est pas dans le périmètre de ce territoire : seuls ses habitants peuvent participer.",
                TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='Commune']")?.TextContent.Trim());
        }
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "a resident of Guéret in Grenoble's residents' vote");
        var user = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.Equal(("23096", "23000"), (user.ResidenceCommuneCode, user.ResidencePostalCode));
        Assert.Equal(ballots, await BallotsAsync(budget.Id));

        // The same person votes in Guéret's residents' vote.
        var gueret = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Gueret, level: IdentityLevel.Resident);
        using var own = await CastAsync(api, RouteRegistry.Gueret, gueret.Id, $$"""{"options":[{{gueret.Options[0].Id}}]}""");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    /// <summary>An account whose email is not confirmed: 403 with missing=email, nothing written.</summary>
    [Fact]
    public async Task An_unconfirmed_account_is_refused_with_missing_email()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble);
        var (id, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, false)));
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await CastAsync(api, RouteRegistry.Grenoble, vote.Id, $$"""{"options":[{{vote.Options[0].Id}}]}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {text}");
        Assert.Equal("email", JsonDocument.Parse(text).RootElement.GetProperty("missing").GetString());
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "a ballot from an unconfirmed account");
    }

    /// <summary>A vote for the people of a census: an account that has claimed no line of it gets 403 with missing=census.</summary>
    [Fact]
    public async Task A_person_outside_the_census_is_refused_a_census_vote_with_missing_census()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble, level: IdentityLevel.Census);
        var (_, web, api) = await PersonAsync("38185", "38000");
        using var w = web;
        using var a = api;
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await CastAsync(api, RouteRegistry.Grenoble, vote.Id, $$"""{"options":[{{vote.Options[0].Id}}]}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {text}");
        Assert.Equal("census", JsonDocument.Parse(text).RootElement.GetProperty("missing").GetString());
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "a census vote from outside the census");
    }

    /// <summary>
    /// The page of an open vote is public: whoever reads it (a visitor, a person who has voted) sees what is put to the
    /// vote, not only the people who may still vote.
    /// </summary>
    [Theory]
    [InlineData("visitor")]
    [InlineData("voted")]
    public async Task An_open_votes_page_shows_its_options_to_everyone(string who)
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Budget, "Jardin partagé | 20\nBancs ombragés | 50\nPréau de l'école | 80", budget: 100,
            slug: RouteRegistry.Grenoble);
        var (id, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        if (who == "voted") Assert.Equal(CastOutcome.Cast, (await VoteData.CastAsync(factory, vote.Id, id, VoteData.Pick(vote.Options[0].Id))).Outcome);
        using var client = who == "visitor" ? factory.Client() : null;
        var text = TestClient.Parse(await (await (client ?? web).GetAsync($"/t/{RouteRegistry.Grenoble}/votes/{vote.Id}")).Content.ReadAsStringAsync())
            .QuerySelector("main")!.TextContent;
        foreach (var option in new[] { "Jardin partagé", "Bancs ombragés", "Préau de l'école" }) Assert.Contains(option, text);
    }

    // ---------------------------------------------------------------- not open

    /// <summary>A vote not yet open, or closed: 409 on the API and the page, nothing written.</summary>
    [Theory]
    [InlineData("upcoming", "API")]
    [InlineData("upcoming", "page")]
    [InlineData("closed", "API")]
    [InlineData("closed", "page")]
    public async Task A_vote_that_is_not_open_takes_no_ballot(string phase, string through)
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble);
        if (phase == "closed")
        {
            await VoteData.CloseAsync(factory, vote.Id);
            // The first reading of a closed vote counts it and stores the official result: done before the fingerprint.
            using var result = await factory.Client().GetAsync($"/api/v1/territories/{RouteRegistry.Grenoble}/votes/{vote.Id}/results");
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        }
        else await factory.WithDbAsync(db => db.Votes.Where(v => v.Id == vote.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.OpensAt, DateTimeOffset.UtcNow.AddDays(1))));
        var (_, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        var option = vote.Options[0].Id;
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = through == "API"
            ? await CastAsync(api, RouteRegistry.Grenoble, vote.Id, $$"""{"options":[{{option}}]}""")
            : await web.PostFormAsync($"/t/{RouteRegistry.Grenoble}/votes/{vote.Id}", [new("IdempotencyKey", "fermé"), new("Options", option.ToString())],
                tokenFrom: "/account/login");
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{phase} through {through}: {(int)response.StatusCode}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"a ballot to a {phase} vote through {through}");
    }

    /// <summary>The page of an open vote shows the ballot form to a person who may vote, and not the result; a closed one shows the result and no form.</summary>
    [Fact]
    public async Task The_result_appears_only_once_the_vote_is_closed()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, Options, slug: RouteRegistry.Grenoble);
        var (id, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        var url = $"/t/{RouteRegistry.Grenoble}/votes/{vote.Id}";
        var open = TestClient.Parse(await (await web.GetAsync(url)).Content.ReadAsStringAsync());
        Assert.NotNull(open.QuerySelector($"form[action='{url}'] input[name=Options]"));
        Assert.Null(open.QuerySelector("#result-title"));
        Assert.Equal(CastOutcome.Cast, (await VoteData.CastAsync(factory, vote.Id, id, VoteData.Pick(vote.Options[1].Id))).Outcome);
        await VoteData.CloseAsync(factory, vote.Id);
        var closed = TestClient.Parse(await (await web.GetAsync(url)).Content.ReadAsStringAsync());
        Assert.NotNull(closed.QuerySelector("#result-title"));
        Assert.Null(closed.QuerySelector("form input[name=Options]"));
        using var results = await api.Http.GetAsync($"/api/v1/territories/{RouteRegistry.Grenoble}/votes/{vote.Id}/results");
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        var lines = JsonDocument.Parse(await results.Content.ReadAsStringAsync()).RootElement.GetProperty("lines");
        Assert.Equal(vote.Options[1].Id, lines[0].GetProperty("optionId").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class VoteAccessSqliteTests(CatalyseFactory factory) : VoteAccessTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class VoteAccessPostgresTests(PostgresFactory factory) : VoteAccessTests(factory);
