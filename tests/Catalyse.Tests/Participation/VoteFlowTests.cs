using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Votes;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Participation;

/// <summary>Votes through the pages and the API: organising, voting in one step, results and their recount from the log.</summary>
public abstract class VoteFlowTests(CatalyseFactory factory)
{
    private const string Slug = "grenoble-alpes";

    private async Task<TestClient> PersonAsync()
    {
        var email = Unique.Email("voter");
        await People.CreateConfirmedAsync(factory, email);
        return await factory.SignedInAsync(email, People.Password);
    }

    [Fact]
    public async Task The_catalyst_organises_a_ranked_vote_residents_rank_options_and_the_result_recounts_from_the_log()
    {
        using var catalyst = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        var opens = DateTime.Now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm");
        var closes = DateTime.Now.AddDays(3).ToString("yyyy-MM-ddTHH:mm");
        using var invalid = await catalyst.PostFormAsync($"/t/{Slug}/votes/new", ("Title", "Nom du futur parc"), ("Method", "Ranked"), ("VoterLevel", "Resident"),
            ("OpensAt", closes), ("ClosesAt", opens), ("Options", "Un seul"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Votes.CountAsync(v => v.Title == "Nom du futur parc")));
        using var created = await catalyst.PostFormAsync($"/t/{Slug}/votes/new", ("Title", "Nom du futur parc"), ("Method", "Ranked"), ("VoterLevel", "Resident"),
            ("Secret", "true"), ("OpensAt", opens), ("ClosesAt", closes), ("Options", "Parc des Tilleuls\nParc Simone-Veil\nParc de la Résistance"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var voteId = int.Parse(page.Split('/')[^1]);
        var vote = await factory.WithDbAsync(db => db.Votes.AsNoTracking().Include(v => v.Options).SingleAsync(v => v.Id == voteId));
        var (a, b, c) = (vote.Options[0].Id, vote.Options[1].Id, vote.Options[2].Id);

        using var resident = await PersonAsync();
        using var sameRank = await resident.PostFormAsync(page, ("PostalCode", "38000"), ($"Rank[{a}]", "1"), ($"Rank[{b}]", "1"));
        Assert.Equal(HttpStatusCode.BadRequest, sameRank.StatusCode);
        using var cast = await resident.PostFormAsync(page, ("PostalCode", "38000"), ($"Rank[{b}]", "1"), ($"Rank[{a}]", "2"), ($"Rank[{c}]", ""));
        Assert.True(cast.StatusCode == HttpStatusCode.Redirect, System.Net.WebUtility.HtmlDecode(await cast.Content.ReadAsStringAsync()));
        using var again = await resident.PostFormAsync(page, ($"Rank[{a}]", "1"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Ballots.CountAsync(x => x.VoteId == vote.Id)));
        Assert.Equal(Choices.Ranking([b, a]), await factory.WithDbAsync(db => db.Ballots.Where(x => x.VoteId == vote.Id).Select(x => x.Choice).SingleAsync()));
        foreach (var person in await PetitionData.PeopleAsync(factory, 2, communeCode: "38185", postalCode: "38000"))
            Assert.Equal(CastOutcome.Cast, (await VoteData.CastAsync(factory, vote.Id, person, VoteData.Rank(c, b))).Outcome);

        using var anonymous = factory.Client();
        using var early = await anonymous.GetAsync($"/api/v1/territories/{Slug}/votes/{vote.Id}/results");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        await VoteData.CloseAsync(factory, vote.Id);
        var html = (await anonymous.GetDocumentAsync(page)).Body!.TextContent;
        Assert.Contains("méthode de Schulze", html);
        Assert.Contains("Duels", html);
        var results = await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/votes/{vote.Id}/results");
        // c beats b (2–1) and a (2–1; unranked options come after ranked ones): the Condorcet winner; b beats a 3–0.
        Assert.Equal(c, results.GetProperty("lines")[0].GetProperty("optionId").GetInt32());
        Assert.Equal(3, results.GetProperty("ballots").GetInt32());
        Assert.Equal(b, results.GetProperty("lines")[1].GetProperty("optionId").GetInt32());
        var csv = await anonymous.Http.GetStringAsync($"/api/v1/territories/{Slug}/votes/{vote.Id}/log");
        var check = LogVerifier.Check(new StringReader(csv));
        Assert.True(check.Valid);
        var recount = Tally.Count(VoteMethod.Ranked, VoteService.Options(vote), check.Ballots);
        // From the file alone (what the verify page and command do): the same order, options named by their number.
        Assert.Equal(recount.Lines.Select(l => Choices.Token(l.OptionId)), LogRecount.Count(VoteMethod.Ranked, check.Ballots).Lines.Select(l => l.Title));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, csv);
        var output = new StringWriter();
        Assert.Equal(0, LogVerifierCommand.Run(file, output, VoteMethod.Ranked));
        Assert.Contains($"1. {Choices.Token(c)}: 2", output.ToString());
        File.Delete(file);
        Assert.Equal(results.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("optionId").GetInt32()), recount.Lines.Select(l => l.OptionId));
    }

    [Fact]
    public async Task Through_the_api_the_catalyst_opens_a_budget_and_a_resident_votes_once_within_it()
    {
        var catalyst = factory.Client();
        catalyst.UseToken(await Tokens.OfDemoAccountAsync(factory, "catalyseur.grenoble@catalyse.demo"));
        var body = new
        {
            title = "Budget des écoles", method = "budget", secret = false, voterLevel = "email-confirmed", budgetTotal = 50_000, budgetMinimum = 10_000,
            opensAt = DateTimeOffset.UtcNow.AddMinutes(-1), closesAt = DateTimeOffset.UtcNow.AddDays(1),
            options = new[] { "Potager | 20000", "Bibliothèque | 30000", "Préau | 45000" },
        };
        using var resident = await PersonAsync();
        var token = await Tokens.CreateOnProfileAsync(resident, "vote");
        var voter = factory.Client();
        voter.UseToken(token);
        using (var forbidden = await voter.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/votes", body)) Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var created = await catalyst.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/votes", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var vote = await created.Content.ReadFromJsonAsync<JsonElement>();
        var options = vote.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToArray();
        async Task<HttpResponseMessage> Cast(object ballot, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/territories/{Slug}/votes/{vote.GetProperty("id").GetInt32()}/ballots") { Content = JsonContent.Create(ballot) };
            request.Headers.Add("Idempotency-Key", key);
            return await voter.Http.SendAsync(request);
        }
        using (var tooMuch = await Cast(new { options = new[] { options[1], options[2] } }, "x"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
            Assert.True((await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("options", out _));
        }
        using (var ok = await Cast(new { options = new[] { options[0], options[1] } }, "y"))
        {
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
            var receipt = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetString();
            using var replay = await Cast(new { options = new[] { options[0] } }, "y");
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal(receipt, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetString());
        }
        using (var twice = await Cast(new { options = new[] { options[0] } }, "z")) Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using (var garbage = await voter.Http.PostAsync($"/api/v1/territories/{Slug}/votes/{vote.GetProperty("id").GetInt32()}/ballots",
                   new StringContent("{\"options\": \"all\"}", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var detail = await voter.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/votes/{vote.GetProperty("id").GetInt32()}");
        Assert.Equal((1, "open"), (detail.GetProperty("ballots").GetInt32(), detail.GetProperty("phase").GetString()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class VoteFlowSqliteTests(CatalyseFactory factory) : VoteFlowTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class VoteFlowPostgresTests(PostgresFactory factory) : VoteFlowTests(factory);
