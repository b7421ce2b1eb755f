using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Catalyse.Tests.Infrastructure;
using Catalyse.Tests.Participation;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Petitions;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// What the authorization matrix cannot show for petitions: a petition or an authority of another territory is out of
/// reach through one's own territory's address; the authority's representatives (people outside the personas) review
/// and answer its petitions only; the census upload (multipart) is the catalysts'; the per-author filing limit holds.
/// </summary>
public abstract class PetitionAccessTests(CatalyseFactory factory)
{
    private const string Password = "Motdepasse-petitions-2026";
    private const string Body = "Nous demandons des bancs à l'ombre des platanes de la place, pour les personnes âgées et les familles.";

    private async Task<int> UnderReviewAsync(PetitionAuthority authority)
    {
        var author = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var (petition, errors) = await scope.ServiceProvider.GetRequiredService<PetitionService>().FileAsync(authority.TerritoryId, author,
            new PetitionInput(authority.Id, "Des bancs à l'ombre de la place", Body, "Espaces verts"));
        Assert.True(petition is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return petition.Id;
    }

    /// <summary>A new confirmed account: its id, a signed-in client and a client with its personal access token.</summary>
    private async Task<(string Id, string Email, TestClient Web, TestClient Api)> PersonAsync()
    {
        var email = $"petitions-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}@catalyse.test";
        using var scope = factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureUserAsync(email, Password, "Représentante");
        var token = "cat_petitions_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(user, token, "petitions");
        var api = factory.Client();
        api.UseToken(token);
        return (user.Id, email, await factory.SignedInAsync(email, Password), api);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // ---------------------------------------------------------------- another territory

    public static TheoryData<string> CrossTerritoryRequests => new()
    {
        "GET page", "GET counter", "GET API", "GET log", "POST review", "POST answer", "POST sign", "API review", "API signature",
        "POST authority edit", "POST filing", "API filing",
    };

    /// <summary>
    /// The catalyst of Guéret (a coordinator for the API) reaches a Grenoble petition or authority through the
    /// address of Guéret: not found (a filing: the authority is unknown there), and nothing is written.
    /// </summary>
    [Theory]
    [MemberData(nameof(CrossTerritoryRequests))]
    public async Task A_petition_or_authority_of_another_territory_is_out_of_reach_through_ones_own(string request)
    {
        var authority = await PetitionData.AuthorityAsync(factory, IdentityLevel.EmailConfirmed, slug: RouteRegistry.Grenoble);
        var open = (await PetitionData.OpenPetitionAsync(factory, authority)).Id;
        var review = await UnderReviewAsync(authority);
        var web = await Personas.For(factory).ClientAsync(Persona.CatalystGueret);
        var api = await Personas.For(factory).ApiClientAsync(Persona.Coordinator);
        var gueret = $"/t/{RouteRegistry.Gueret}/petitions";
        var gueretApi = $"/api/v1/territories/{RouteRegistry.Gueret}/petitions";

        var before = await DbFingerprint.TakeAsync(factory);
        using var response = request switch
        {
            "GET page" => await web.GetAsync($"{gueret}/{open}"),
            "GET counter" => await web.GetAsync($"{gueret}/{open}?handler=Counter"),
            "GET API" => await api.Http.GetAsync($"{gueretApi}/{open}"),
            "GET log" => await api.Http.GetAsync($"{gueretApi}/{open}/log"),
            "POST review" => await web.PostFormAsync($"{gueret}/{review}?handler=Review",
                [new("Eligible", "false"), new("Reason", "Hors des compétences déclarées")], tokenFrom: "/account/login"),
            "POST answer" => await web.PostFormAsync($"{gueret}/{open}?handler=Answer", [new("Answer", "Une réponse venue d'ailleurs.")], tokenFrom: "/account/login"),
            "POST sign" => await web.PostFormAsync($"{gueret}/{open}?handler=Sign", [new("IdempotencyKey", "ailleurs")], tokenFrom: "/account/login"),
            "API review" => await api.Http.PostAsync($"{gueretApi}/{review}/review", Json("""{"eligible":false,"reason":"Hors des compétences déclarées"}""")),
            "API signature" => await api.Http.PostAsync($"{gueretApi}/{open}/signatures", null),
            "POST authority edit" => await web.PostFormAsync($"{gueret}/authorities?handler=Save&edit={authority.Id}",
                [new("Name", "Autorité détournée"), new("Competences", "Voirie"), new("Quorum", "1"), new("DurationDays", "1"), new("SignerLevel", "EmailConfirmed")],
                tokenFrom: "/account/login"),
            "POST filing" => await web.PostFormAsync($"{gueret}/new",
                [new("Target", $"{authority.Id}|Espaces verts"), new("Title", "Des bancs à l'ombre"), new("Body", Body)], tokenFrom: "/account/login"),
            _ => await api.Http.PostAsync(gueretApi, Json($$"""{"authorityId":{{authority.Id}},"title":"Des bancs à l'ombre","body":"{{Body}}","competence":"Espaces verts"}""")),
        };
        var expected = request is "POST filing" or "API filing" ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound;
        Assert.True(response.StatusCode == expected, $"{request}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}");
        if (request == "POST filing")
            Assert.Equal("Choisissez l'autorité à laquelle la pétition s'adresse.",
                TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='Target']")?.TextContent.Trim());
        if (request == "API filing") Assert.Contains("\"authorityId\"", await response.Content.ReadAsStringAsync());
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{request} across territories");
    }

    // ---------------------------------------------------------------- representatives

    /// <summary>A representative of an authority reviews and answers its petitions, on the pages and through the API.</summary>
    [Fact]
    public async Task A_representative_reviews_and_answers_the_petitions_of_their_authority()
    {
        var (id, email, web, api) = await PersonAsync();
        using var _ = web;
        using var __ = api;
        var authority = await PetitionData.AuthorityAsync(factory, IdentityLevel.EmailConfirmed, slug: RouteRegistry.Grenoble, representatives: email);
        var url = $"/t/{RouteRegistry.Grenoble}/petitions";

        var page = TestClient.Parse(await (await web.GetAsync($"{url}/{await UnderReviewAsync(authority)}")).Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("form[action$='handler=Review']"));

        var reviewed = await UnderReviewAsync(authority);
        using (var response = await web.PostFormAsync($"{url}/{reviewed}?handler=Review",
                   [new("Eligible", "true"), new("NextStep", "Debate")], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using (var response = await web.PostFormAsync($"{url}/{reviewed}?handler=Answer",
                   [new("Answer", "Le conseil municipal en débattra en mars.")], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var state = await factory.WithDbAsync(db => db.Petitions.AsNoTracking().SingleAsync(p => p.Id == reviewed));
        Assert.Equal((PetitionStatus.Answered, id, PetitionNextStep.Debate), (state.Status, state.ReviewerId, state.NextStep));

        var byApi = await UnderReviewAsync(authority);
        using (var response = await api.Http.PostAsync($"/api/v1/territories/{RouteRegistry.Grenoble}/petitions/{byApi}/review",
                   Json("""{"eligible":false,"reason":"Hors des compétences déclarées"}""")))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(PetitionStatus.Refused, await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == byApi).Select(p => p.Status).SingleAsync()));
    }

    /// <summary>The representative of one authority is nobody for the petitions of another, even in the same territory.</summary>
    [Theory]
    [InlineData("review")]
    [InlineData("answer")]
    [InlineData("API review")]
    public async Task A_representative_of_another_authority_is_refused_and_writes_nothing(string request)
    {
        var (_, email, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        await PetitionData.AuthorityAsync(factory, IdentityLevel.EmailConfirmed, slug: RouteRegistry.Grenoble, representatives: email);
        var other = await PetitionData.AuthorityAsync(factory, IdentityLevel.EmailConfirmed, slug: RouteRegistry.Grenoble);
        var petition = request == "answer" ? (await PetitionData.OpenPetitionAsync(factory, other)).Id : await UnderReviewAsync(other);
        var url = $"/t/{RouteRegistry.Grenoble}/petitions/{petition}";

        var page = TestClient.Parse(await (await web.GetAsync(url)).Content.ReadAsStringAsync());
        Assert.Null(page.QuerySelector("form[action$='handler=Review'], form[action$='handler=Answer']"));
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = request switch
        {
            "review" => await web.PostFormAsync($"{url}?handler=Review", [new("Eligible", "true"), new("NextStep", "Answer")], tokenFrom: "/account/login"),
            "answer" => await web.PostFormAsync($"{url}?handler=Answer", [new("Answer", "Une réponse qui n'est pas la mienne.")], tokenFrom: "/account/login"),
            _ => await api.Http.PostAsync($"/api/v1/territories/{RouteRegistry.Grenoble}/petitions/{petition}/review", Json("""{"eligible":true}""")),
        };
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{request} by the representative of another authority");
    }

    // ---------------------------------------------------------------- census

    private static MultipartFormDataContent Census(string csv)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "CensusFile", "liste.csv" } };
    }

    private static async Task<HttpResponseMessage> UploadAsync(TestClient client, string slug, string csv)
    {
        using var content = Census(csv);
        content.Add(new StringContent(await client.AntiforgeryTokenAsync("/account/login")), "__RequestVerificationToken");
        return await client.Http.PostAsync($"/t/{slug}/petitions/authorities?handler=Census", content);
    }

    /// <summary>A real census file (multipart, which the matrix does not send) from anybody but a catalyst of the territory writes nothing.</summary>
    [Theory]
    [InlineData(Persona.Anonymous)]
    [InlineData(Persona.Resident)]
    [InlineData(Persona.MemberGueret)]
    [InlineData(Persona.CatalystGrenoble)]
    public async Task A_census_upload_by_anybody_but_a_catalyst_is_refused_and_writes_nothing(Persona persona)
    {
        var client = await Personas.For(factory).ClientAsync(persona);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await UploadAsync(client, RouteRegistry.Gueret, "nom,prénom,date de naissance\nMartin,Léa,1990-05-14\n");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{persona}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect) Assert.Equal("/account/login", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"census upload by {persona}");
    }

    /// <summary>The catalysts' own upload goes through (a new territory of the tests, so that the demo keeps no census).</summary>
    [Fact]
    public async Task A_census_upload_by_network_staff_replaces_the_list()
    {
        var slug = Unique.Slug("recensement");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var coordinator = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        using (var response = await UploadAsync(coordinator, slug, "nom;prénom;date de naissance\nMartin;Léa;1990-05-14\nDurand;Paul;14/05/1990\n"))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using (var response = await UploadAsync(coordinator, slug, "Nom,Prénom,Date de naissance\nMartin,Léa,1990-05-14\n"))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        Assert.Equal(1, await factory.WithDbAsync(db => db.CensusEntries.IgnoreQueryFilters().CountAsync(c => c.TerritoryId == territoryId)));
    }

    // ---------------------------------------------------------------- limits

    /// <summary>Three petitions under review per author, even when the filings arrive at once.</summary>
    [Fact]
    public async Task Simultaneous_filings_by_one_author_never_exceed_three_under_review()
    {
        var authority = await PetitionData.AuthorityAsync(factory, IdentityLevel.EmailConfirmed, slug: RouteRegistry.Grenoble);
        var (id, _, web, api) = await PersonAsync();
        using var w = web;
        using var a = api;
        var json = $$"""{"authorityId":{{authority.Id}},"title":"Des bancs à l'ombre","body":"{{Body}}","competence":"Espaces verts"}""";
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using var response = await api.Http.PostAsync($"/api/v1/territories/{RouteRegistry.Grenoble}/petitions", Json(json));
            return response.StatusCode;
        })));
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{(int)s}"));
        var underReview = await factory.WithDbAsync(db => db.Petitions.IgnoreQueryFilters().CountAsync(p => p.AuthorId == id && p.Status == PetitionStatus.UnderReview));
        Assert.Equal(PetitionService.MaxUnderReviewPerAuthor, underReview);
        Assert.Equal(PetitionService.MaxUnderReviewPerAuthor, statuses.Count(s => s == HttpStatusCode.Created));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PetitionAccessSqliteTests(CatalyseFactory factory) : PetitionAccessTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class PetitionAccessPostgresTests(PostgresFactory factory) : PetitionAccessTests(factory);
