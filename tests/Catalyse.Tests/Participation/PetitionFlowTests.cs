using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Petitions;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Participation;

/// <summary>Petitions end to end through the pages and the API: identity levels, review, answer, log and its check.</summary>
public abstract class PetitionFlowTests(CatalyseFactory factory)
{
    private const string Slug = "grenoble-alpes";
    private const string GrenobleCommune = "38185";

    private async Task<(TestClient Client, string UserId)> PersonAsync()
    {
        var email = Unique.Email("petition");
        var user = await People.CreateConfirmedAsync(factory, email);
        return (await factory.SignedInAsync(email, People.Password), user.Id);
    }

    private static async Task<string> BodyAsync(HttpResponseMessage r) => await r.Content.ReadAsStringAsync();

    private async Task<int> CountAsync(int petitionId) =>
        await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == petitionId).Select(p => p.SignatureCount).SingleAsync());

    [Fact]
    public async Task A_resident_declares_where_they_live_in_the_signing_form_and_signs_in_one_step()
    {
        var petition = await PetitionData.OpenPetitionAsync(factory, await PetitionData.AuthorityAsync(factory, IdentityLevel.Resident));
        var (client, userId) = await PersonAsync();
        var page = $"/t/{Slug}/petitions/{petition.Id}";
        var form = await client.GetDocumentAsync(page);
        Assert.NotNull(form.QuerySelector("input[name=PostalCode]"));

        using var outside = await client.PostFormAsync($"{page}?handler=Sign", ("PostalCode", "23000"), ("Commune", "Guéret"));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("n'est pas dans le périmètre", WebUtility.HtmlDecode(await BodyAsync(outside)));
        using var badCode = await client.PostFormAsync($"{page}?handler=Sign", ("PostalCode", "38A00"));
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Equal(0, await CountAsync(petition.Id));

        using var signed = await client.PostFormAsync($"{page}?handler=Sign", ("PostalCode", "38000"), ("Commune", ""), ("IdempotencyKey", "k1"));
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Equal(1, await CountAsync(petition.Id));
        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == userId));
        Assert.Equal((GrenobleCommune, "38000"), (user.ResidenceCommuneCode, user.ResidencePostalCode));
        // The same form sent again (double click): the same signature, nothing more.
        using var again = await client.PostFormAsync($"{page}?handler=Sign", ("IdempotencyKey", "k1"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await CountAsync(petition.Id));
        var after = (await client.GetDocumentAsync(page)).Body!.TextContent;
        var mine = await factory.WithDbAsync(db => db.PetitionSignatures.SingleAsync(s => s.PetitionId == petition.Id));
        Assert.Contains(mine.Pseudonym, after);
        Assert.Null((await client.GetDocumentAsync(page)).QuerySelector("form[action*='handler=Sign']"));
    }

    [Fact]
    public async Task Census_level_a_listed_person_claims_their_line_once_and_nobody_else_can()
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, "mirecourt-dompaire");
        using var catalyst = await factory.SignedInAsync("coordination@catalyse.demo");
        var authorities = "/t/mirecourt-dompaire/petitions/authorities";
        async Task<HttpResponseMessage> Upload(string csv)
        {
            var content = new MultipartFormDataContent
            {
                { new StringContent(await catalyst.AntiforgeryTokenAsync(authorities)), "__RequestVerificationToken" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "CensusFile", "liste.csv" },
            };
            return await catalyst.Http.PostAsync($"{authorities}?handler=Census", content);
        }
        var name = "Lefèvre-" + Guid.NewGuid().ToString("N")[..6];
        using var bad = await Upload($"nom;prénom;date de naissance\n{name};Élodie;1984-03-12\nMartin;;1990-01-01\n");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("3", WebUtility.HtmlDecode(await BodyAsync(bad)));
        using var good = await Upload($"nom;prénom;date de naissance\n{name};Élodie;1984-03-12\nMartin;Paul;01/01/1990\n");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var stored = await factory.WithDbAsync(db => db.CensusEntries.Where(c => c.TerritoryId == territoryId).Select(c => c.Hash).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain(stored, h => h.Contains(name, StringComparison.OrdinalIgnoreCase));

        var petition = await PetitionData.OpenPetitionAsync(factory, await PetitionData.AuthorityAsync(factory, IdentityLevel.Census, slug: "mirecourt-dompaire"));
        var page = $"/t/mirecourt-dompaire/petitions/{petition.Id}";
        var (first, _) = await PersonAsync();
        var (second, _) = await PersonAsync();
        using var wrong = await first.PostFormAsync($"{page}?handler=Sign", ("Surname", name), ("GivenName", "Élodie"), ("BirthDate", "1984-03-13"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        // Accents and case do not matter; the date does.
        using var ok = await first.PostFormAsync($"{page}?handler=Sign", ("Surname", name.ToUpperInvariant()), ("GivenName", "elodie"), ("BirthDate", "1984-03-12"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        using var taken = await second.PostFormAsync($"{page}?handler=Sign", ("Surname", name), ("GivenName", "Élodie"), ("BirthDate", "1984-03-12"));
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("déjà rattachée", WebUtility.HtmlDecode(await BodyAsync(taken)));
        Assert.Equal(1, await CountAsync(petition.Id));
    }

    [Fact]
    public async Task The_authority_reviews_a_petition_refusal_needs_a_reason_and_a_resident_may_not_review()
    {
        var (author, _) = await PersonAsync();
        var authorities = await author.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/petition-authorities");
        var city = authorities.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Ville de Grenoble");
        var competence = city.GetProperty("competences")[0].GetString();
        using var filed = await author.PostFormAsync($"/t/{Slug}/petitions/new", ("Target", $"{city.GetProperty("id").GetInt32()}|{competence}"),
            ("Title", "Rouvrir la bibliothèque du quartier"), ("Body", "La bibliothèque de quartier est fermée le samedi ; nous demandons qu'elle rouvre ce jour-là pour les familles."));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var page = filed.Headers.Location!.OriginalString;
        var id = int.Parse(page.Split('/')[^1]);
        Assert.Contains("En examen", (await author.GetDocumentAsync(page)).Body!.TextContent);

        using var notAllowed = await author.PostFormAsync($"{page}?handler=Review", ("Eligible", "true"), ("NextStep", "Vote"));
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        using var elue = await factory.SignedInAsync("elue.grenoble@catalyse.demo");
        Assert.NotNull((await elue.GetDocumentAsync(page)).QuerySelector("form[action*='handler=Review']"));
        using var noReason = await elue.PostFormAsync($"{page}?handler=Review", ("Eligible", "false"), ("Reason", ""));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var eligible = await elue.PostFormAsync($"{page}?handler=Review", ("Eligible", "true"), ("NextStep", "Vote"));
        Assert.Equal(HttpStatusCode.Redirect, eligible.StatusCode);
        var petition = await factory.WithDbAsync(db => db.Petitions.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal((PetitionStatus.Collecting, PetitionNextStep.Vote, 2000), (petition.Status, petition.NextStep, petition.Quorum));
        Assert.Equal(90, (int)Math.Round((petition.ClosesAt!.Value - petition.OpensAt!.Value).TotalDays));
        using var twice = await elue.PostFormAsync($"{page}?handler=Review", ("Eligible", "false"), ("Reason", "Hors compétence"));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);

        using var answered = await elue.PostFormAsync($"{page}?handler=Answer", ("Answer", "La bibliothèque rouvrira le samedi dès le mois prochain."));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var text = (await author.GetDocumentAsync(page)).Body!.TextContent;
        Assert.Contains("La bibliothèque rouvrira le samedi", text);
        Assert.Contains("Réponse donnée", text);
    }

    [Fact]
    public async Task Through_the_api_a_person_files_signs_with_an_idempotency_key_and_downloads_a_log_that_the_verify_page_recounts()
    {
        var (web, userId) = await PersonAsync();
        var token = await Tokens.CreateOnProfileAsync(web, "api");
        var api = factory.Client();
        api.UseToken(token);
        var authority = await PetitionData.AuthorityAsync(factory);
        using var invalid = await api.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/petitions", new { authorityId = authority.Id, title = "court", body = "x", competence = "Autre" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("competence", out _));

        using var created = await api.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/petitions", new
        {
            authorityId = authority.Id, title = "Des fontaines à eau dans les parcs", competence = "Espaces verts",
            body = "Nous demandons des fontaines à eau potable dans les parcs de la ville, pour les coureurs, les enfants et les personnes sans abri.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        async Task<HttpResponseMessage> Sign(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/territories/{Slug}/petitions/{id}/signatures");
            request.Headers.Add("Idempotency-Key", key);
            return await api.Http.SendAsync(request);
        }
        using (var early = await Sign("a")) Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        using (var review = await api.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/petitions/{id}/review", new { eligible = true }))
            Assert.Equal(HttpStatusCode.Forbidden, review.StatusCode);
        var catalyst = factory.Client();
        catalyst.UseToken(await Tokens.OfDemoAccountAsync(factory, "catalyseur.grenoble@catalyse.demo"));
        using (var review = await catalyst.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/petitions/{id}/review", new { eligible = true, nextStep = "debate" }))
            Assert.Equal(HttpStatusCode.NoContent, review.StatusCode);

        using var first = await Sign("a");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var signature = await first.Content.ReadFromJsonAsync<JsonElement>();
        using var replay = await Sign("a");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(signature.GetProperty("pseudonym").GetString(), (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pseudonym").GetString());
        using var other = await Sign("b");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);
        foreach (var person in await PetitionData.PeopleAsync(factory, 2)) await PetitionData.SignAsync(factory, id, person);

        var detail = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/petitions/{id}");
        Assert.Equal((3, "collecting", "debate"), (detail.GetProperty("signatures").GetInt32(), detail.GetProperty("phase").GetString(), detail.GetProperty("nextStep").GetString()));
        using var log = await factory.Client().GetAsync($"/api/v1/territories/{Slug}/petitions/{id}/log");
        Assert.Equal("3", log.Headers.GetValues("X-Log-Count").Single());
        Assert.Equal(detail.GetProperty("logHead").GetString(), log.Headers.GetValues("X-Log-Head").Single());
        var csv = await log.Content.ReadAsStringAsync();
        Assert.Contains(signature.GetProperty("pseudonym").GetString()!, csv);
        Assert.DoesNotContain(userId, csv);

        async Task<HttpResponseMessage> Verify(string file, string count, string head)
        {
            var client = factory.Client();
            var content = new MultipartFormDataContent
            {
                { new StringContent(await client.AntiforgeryTokenAsync("/verify")), "__RequestVerificationToken" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(file)), "Log", "log.csv" },
                { new StringContent(count), "ExpectedCount" }, { new StringContent(head), "ExpectedHead" },
            };
            return await client.Http.PostAsync("/verify", content);
        }
        using var verified = await Verify(csv, "3", detail.GetProperty("logHead").GetString()!);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("Conforme au résultat publié", WebUtility.HtmlDecode(await verified.Content.ReadAsStringAsync()));
        var tampered = csv.Replace(signature.GetProperty("pseudonym").GetString()!, "00000000000000000000");
        using var broken = await Verify(tampered, "3", "");
        Assert.Equal((HttpStatusCode)422, broken.StatusCode);
        Assert.Contains("Journal altéré", WebUtility.HtmlDecode(await broken.Content.ReadAsStringAsync()));
        using var shorter = await Verify(string.Join('\n', csv.TrimEnd('\n').Split('\n')[..^1]) + "\n", "3", "");
        Assert.Equal((HttpStatusCode)422, shorter.StatusCode);

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(LogChain.CsvHeader, lines[0]);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, csv);
        var output = new StringWriter();
        Assert.Equal(0, LogVerifierCommand.Run(file, output));
        Assert.Contains("OK: 3 lines", output.ToString());
        await File.WriteAllTextAsync(file, tampered);
        Assert.Equal(1, LogVerifierCommand.Run(file, new StringWriter()));
        File.Delete(file);
    }

    [Fact]
    public async Task The_list_filters_by_phase_and_pages()
    {
        var authority = await PetitionData.AuthorityAsync(factory);
        var open = await PetitionData.OpenPetitionAsync(factory, authority);
        using var client = factory.Client();
        var openList = (await client.GetDocumentAsync($"/t/{Slug}/petitions?status=open")).Body!.TextContent;
        Assert.Contains("Des bancs ombragés place Verdun", openList);
        Assert.Contains("Revenir sur la hausse du tarif de stationnement résident", openList);
        Assert.DoesNotContain("Plus de trains directs entre Grenoble et Lyon", openList);
        var ended = (await client.GetDocumentAsync($"/t/{Slug}/petitions?status=ended")).Body!.TextContent;
        Assert.Contains("Plus de trains directs entre Grenoble et Lyon", ended);
        Assert.Contains("Les dessertes ferroviaires relèvent de la Région", (await client.GetDocumentAsync(
            $"/t/{Slug}/petitions/{await factory.WithDbAsync(db => db.Petitions.Where(p => p.Title.StartsWith("Plus de trains")).Select(p => p.Id).FirstAsync())}")).Body!.TextContent);
        using var api = await client.GetAsync($"/api/v1/territories/{Slug}/petitions?status=open&pageSize=1");
        Assert.Single((await api.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.True(int.Parse(api.Headers.GetValues("X-Total-Count").Single()) >= 2);
        using var bad = await client.GetAsync($"/api/v1/territories/{Slug}/petitions?status=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/grand-gueret/petitions/{open.Id}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PetitionFlowSqliteTests(CatalyseFactory factory) : PetitionFlowTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class PetitionFlowPostgresTests(PostgresFactory factory) : PetitionFlowTests(factory);
