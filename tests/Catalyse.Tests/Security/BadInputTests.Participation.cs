using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// Bad input on the petitions: their forms (filing, signing with the residence or census details, review, answer,
/// authorities), their API (filing, review, signing with an Idempotency-Key), the census and log uploads, and their
/// addresses. All in the tests' own territory (Guéret), with authorities of its own.
/// </summary>
public abstract partial class BadInputTests
{
    /// <summary>The French messages of the petition rules (added to <see cref="FrenchMessage"/>).</summary>
    private const string PetitionMessages =
        @"Le titre compte de 10 à 200 caractères\.|Le texte compte de 50 à 10 000 caractères\.|Choisissez l'autorité .+|Choisissez une compétence déclarée .+"
        + @"|Code postal attendu : 5 chiffres\.|Aucune commune n'a ce code postal\.|Précisez la commune parmi : .+|.+ n'est pas dans le périmètre de ce territoire .+"
        + @"|Indiquez votre nom\.|Indiquez votre prénom\.|Date de naissance attendue : AAAA-MM-JJ\.|Personne de ce nom, prénom et date de naissance .+"
        + @"|Donnez la raison du refus .+|Étape suivante inconnue\.|La réponse compte de 10 à 10 000 caractères\."
        + @"|Le nom est obligatoire .+|Déclarez au moins une compétence .+|100 compétences au plus, .+|Le seuil de signatures va de .+|La durée de collecte va de .+"
        + @"|Niveau d'identité inconnu\.|Aucun compte pour : .+";

    private const string PetitionBody = "Nous demandons des bancs à l'ombre des platanes de la place, pour les personnes âgées et les familles.";

    /// <summary>The petition forms. Placeholders: see <see cref="PetitionPlaceholdersAsync"/>.</summary>
    private static FormUnderTest[] PetitionForms =>
    [
        new("petition filing", "/t/{territory}/petitions/new", Persona.Resident,
            [("Target", "{authority}|Voirie communale"), ("Title", "Des bancs à l'ombre {unique}"), ("Body", PetitionBody)],
            (_, v) => FormUnderTest.Required(v)),
        // A petition for residents, signed by somebody who declares where they live in the same form (23000 covers several communes).
        new("petition signature with residence", "/t/{territory}/petitions/{petition.resident}?handler=Sign", Persona.Resident,
            [("IdempotencyKey", "{unique}"), ("PostalCode", "23000"), ("Commune", "Guéret")],
            (name, v) => name == "IdempotencyKey" ? IdempotencyKeyRule(v) : FormUnderTest.Required(v)) { Account = FormAccount.Fresh },
        // A petition for the people of the census, signed by a resident who gives their census details in the same form.
        new("petition signature with census details", "/t/{territory}/petitions/{petition.census}?handler=Sign", Persona.Resident,
            [("Surname", "Martin"), ("GivenName", "Léa"), ("BirthDate", "1990-05-14")],
            (_, v) => FormUnderTest.Required(v)) { Account = FormAccount.FreshResidentOfGueret },
        new("petition review", "/t/{territory}/petitions/{petition.review}?handler=Review", Persona.Coordinator,
            [("Eligible", "false"), ("Reason", "Hors des compétences déclarées"), ("NextStep", "Answer")],
            (name, v) => name == "NextStep" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("petition answer", "/t/{territory}/petitions/{petition.open}?handler=Answer", Persona.Coordinator,
            [("Answer", "Les bancs seront installés au printemps.")], (_, v) => FormUnderTest.Required(v)),
        new("petition authority", "/t/{territory}/petitions/authorities?handler=Save", Persona.Coordinator,
            [("Name", "Autorité saisie {unique}"), ("Competences", "Voirie communale\nEspaces verts"), ("Quorum", "500"), ("DurationDays", "60"),
             ("SignerLevel", "Resident"), ("Representatives", "habitant@catalyse.demo")],
            (name, v) => name == "Representatives" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
    ];

    /// <summary>
    /// The key only makes a repeated request harmless: it is never shown, a key too long is ignored, and any text will do
    /// — but like every field it must not store broken Unicode (refused or ignored, either will do: "accepted" checks that
    /// nothing malformed is stored).
    /// </summary>
    private static Outcome IdempotencyKeyRule(BadValue v) => v is BadValue.EncodedSurrogate or BadValue.EncodedInvalidByte ? Outcome.LiteralText : Outcome.Accepted;

    // ---------------------------------------------------------------- known bugs of the app

    private static (string Url, Persona Persona)[] PetitionQueryTargets =>
    [
        ("/t/grand-gueret/petitions?status={v}", Persona.Anonymous),
        ("/t/grand-gueret/petitions?status=all&p={v}", Persona.Anonymous),
        ("/t/grand-gueret/petitions/{v}", Persona.Anonymous),
        ("/t/grand-gueret/petitions/{v}?handler=Counter", Persona.Anonymous),
        ("/t/grand-gueret/petitions/new?Target={v}", Persona.Resident),
        ("/t/grand-gueret/petitions/authorities?edit={v}", Persona.Coordinator),
        ("/api/v1/territories/grand-gueret/petitions?status={v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/petitions?page={v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/petitions?pageSize={v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/petitions/{v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/petitions/{v}/log", Persona.Anonymous),
        ("/api/v1/territories/{v}/petitions", Persona.Anonymous),
        ("/api/v1/territories/{v}/petition-authorities", Persona.Anonymous),
    ];

    // ---------------------------------------------------------------- arrangements

    /// <summary>The tests' territory, its authorities (a confirmed email, residents, the census may sign) and its census of one person.</summary>
    private sealed record PetitionSetup(string Slug, int TerritoryId, PetitionAuthority Open, PetitionAuthority Residents, PetitionAuthority Census);

    private static readonly ConditionalWeakTable<CatalyseFactory, Lazy<Task<PetitionSetup>>> PetitionSetups = new();

    private Task<PetitionSetup> PetitionSetupAsync() => PetitionSetups.GetValue(factory, f => new Lazy<Task<PetitionSetup>>(async () =>
    {
        var slug = await TerritoryAsync();
        var territoryId = await PetitionData.TerritoryIdAsync(f, slug);
        var open = await PetitionData.AuthorityAsync(f, IdentityLevel.EmailConfirmed, slug: slug);
        var residents = await PetitionData.AuthorityAsync(f, IdentityLevel.Resident, slug: slug);
        var census = await PetitionData.AuthorityAsync(f, IdentityLevel.Census, slug: slug);
        using var scope = f.Services.CreateScope();
        var (count, errors) = await scope.ServiceProvider.GetRequiredService<CensusService>()
            .ReplaceAsync(territoryId, new MemoryStream("nom,prénom,date de naissance\nMartin,Léa,1990-05-14\n"u8.ToArray()));
        Assert.True(count == 1, string.Join("; ", errors.SelectMany(e => e.Value)));
        return new PetitionSetup(slug, territoryId, open, residents, census);
    })).Value;

    /// <summary>
    /// Resolves <c>{authority}</c> (the authority any confirmed account may sign for) and, each time afresh,
    /// <c>{petition.review}</c> (under review), <c>{petition.open}</c>, <c>{petition.resident}</c> and <c>{petition.census}</c>
    /// (collecting signatures from a confirmed email, residents, the census).
    /// </summary>
    private async Task<string> PetitionPlaceholdersAsync(string text)
    {
        if (!text.Contains("{authority}") && !text.Contains("{petition.")) return text;
        var setup = await PetitionSetupAsync();
        text = text.Replace("{authority}", setup.Open.Id.ToString());
        if (text.Contains("{petition.review}")) text = text.Replace("{petition.review}", (await PetitionUnderReviewAsync(setup.Open)).ToString());
        if (text.Contains("{petition.open}")) text = text.Replace("{petition.open}", (await PetitionData.OpenPetitionAsync(factory, setup.Open)).Id.ToString());
        if (text.Contains("{petition.resident}")) text = text.Replace("{petition.resident}", (await PetitionData.OpenPetitionAsync(factory, setup.Residents)).Id.ToString());
        if (text.Contains("{petition.census}")) text = text.Replace("{petition.census}", (await PetitionData.OpenPetitionAsync(factory, setup.Census)).Id.ToString());
        return text;
    }

    private async Task<int> PetitionUnderReviewAsync(PetitionAuthority authority)
    {
        var author = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var (petition, errors) = await scope.ServiceProvider.GetRequiredService<PetitionService>().FileAsync(authority.TerritoryId, author,
            new PetitionInput(authority.Id, "Des bancs à l'ombre de la place", PetitionBody, "Espaces verts"));
        Assert.True(petition is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return petition.Id;
    }

    /// <summary>A new confirmed account, signed in (living in Guéret when asked).</summary>
    private async Task<TestClient> FreshClientAsync(bool residentOfGueret)
    {
        var email = $"saisie-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}@catalyse.test";
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureUserAsync(email, Password, "Signataire des saisies");
        if (residentOfGueret)
            await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.ResidenceCommuneCode, "23096").SetProperty(u => u.ResidencePostalCode, "23000")));
        return await factory.SignedInAsync(email, Password);
    }

    /// <summary>A new confirmed account with a personal access token, for one API case (filings count per author).</summary>
    private async Task<TestClient> FreshApiClientAsync()
    {
        var id = (await PetitionData.PeopleAsync(factory, 1))[0];
        var token = "cat_saisie_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        using (var scope = factory.Services.CreateScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<Catalyse.Web.Features.Accounts.User>>().FindByIdAsync(id))!;
            await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(user, token, "saisies");
        }
        var client = factory.Client();
        client.UseToken(token);
        return client;
    }

    // ---------------------------------------------------------------- API

    /// <summary>
    /// A JSON body with one field replaced by a bad value, byte for byte. With <paramref name="prefix"/>, broken Unicode
    /// and markup come after a valid text (so that only they can be at fault, not the length).
    /// </summary>
    private static byte[] JsonWith(Dictionary<string, object?> body, string field, ApiBadValue bad, string? prefix)
    {
        body[field] = BadMarker;
        return JsonWithMarkerReplaced(JsonSerializer.Serialize(body), bad, prefix);
    }

    /// <summary>Stands for the bad value in a body serialised before the bad bytes go in (see <see cref="JsonWithMarkerReplaced"/>).</summary>
    private const string BadMarker = "@@BAD@@";

    /// <summary>The JSON with the string <see cref="BadMarker"/> (wherever it is: a field, an array element) replaced by a bad value, byte for byte.</summary>
    private static byte[] JsonWithMarkerReplaced(string json, ApiBadValue bad, string? prefix)
    {
        const string Marker = BadMarker;
        var at = json.IndexOf('"' + Marker + '"', StringComparison.Ordinal);
        var p = prefix is null ? "" : prefix + " ";
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(json[..at]));
        bytes.AddRange(bad switch
        {
            ApiBadValue.Empty => "\"\""u8.ToArray(),
            ApiBadValue.Huge => Encoding.UTF8.GetBytes('"' + BadValues.Huge + '"'),
            ApiBadValue.LoneSurrogate => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(p + "abc")[..^1] + "\\uD800def\""),
            ApiBadValue.InvalidByte => [.. Encoding.UTF8.GetBytes(JsonSerializer.Serialize(p + "a")[..^1]), 0xFF, (byte)'b', (byte)'"'],
            ApiBadValue.ScriptTag => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(p + BadValues.ScriptTag)),
            ApiBadValue.ImgOnerror => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(p + BadValues.ImgOnerror)),
            _ => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(p + BadValues.JavascriptUri)),
        });
        bytes.AddRange(Encoding.UTF8.GetBytes(json[(at + Marker.Length + 2)..]));
        return bytes.ToArray();
    }

    /// <summary>Fields of the filing (POST …/petitions) and of the review (POST …/petitions/{id}/review), with the valid text a bad value follows.</summary>
    private static readonly (string Endpoint, string Field, string? Prefix)[] PetitionApiFields =
    [
        ("filing", "authorityId", null), ("filing", "title", "Des bancs à l'ombre"), ("filing", "body", PetitionBody), ("filing", "competence", null),
        ("review", "eligible", null), ("review", "reason", "Hors des compétences déclarées"), ("review", "nextStep", null),
    ];

    private static string PetitionApiExpected(string endpoint, string field, ApiBadValue v) =>
        endpoint == "review" && field == "nextStep" && v == ApiBadValue.Empty
            ? "204" // no next step given: "answer"
            : $"400 naming {field}";

    private static TheoryData<string, string, string, string> PetitionApiCaseData()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (endpoint, name, _) in PetitionApiFields)
            foreach (var v in Enum.GetValues<ApiBadValue>())
                data.Add(endpoint, name, Label(v), PetitionApiExpected(endpoint, name, v));
        return data;
    }

    public static TheoryData<string, string, string, string> PetitionApiCases => PetitionApiCaseData();

    [Theory]
    [MemberData(nameof(PetitionApiCases))]
    public async Task Petition_api_field_with_a_bad_value_gets_problem_details_naming_it(string endpoint, string field, string value, string expected)
    {
        var bad = Enum.GetValues<ApiBadValue>().Single(v => Label(v) == value);
        Assert.Equal(PetitionApiExpected(endpoint, field, bad), expected);
        var setup = await PetitionSetupAsync();
        var prefix = PetitionApiFields.Single(f => f.Endpoint == endpoint && f.Field == field).Prefix;
        string url;
        Dictionary<string, object?> body;
        TestClient api;
        if (endpoint == "filing")
        {
            url = $"/api/v1/territories/{setup.Slug}/petitions";
            body = new() { ["authorityId"] = setup.Open.Id, ["title"] = "Des bancs à l'ombre", ["body"] = PetitionBody, ["competence"] = "Voirie communale" };
            api = await FreshApiClientAsync();
        }
        else
        {
            url = $"/api/v1/territories/{setup.Slug}/petitions/{await PetitionUnderReviewAsync(setup.Open)}/review";
            body = field == "nextStep"
                ? new() { ["eligible"] = true, ["nextStep"] = "vote" }
                : new() { ["eligible"] = false, ["reason"] = "Hors des compétences déclarées", ["nextStep"] = "answer" };
            api = factory.Client();
            api.UseToken(CatalyseFactory.AdminToken);
        }
        using var _ = api;
        var before = await DbFingerprint.TakeAsync(factory);
        var content = new ByteArrayContent(JsonWith(body, field, bad, prefix));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await api.Http.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{endpoint} {field} = {value}";
        Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode} {text}");
        if (!expected.StartsWith("400"))
        {
            Assert.True(((int)response.StatusCode).ToString() == expected[..3],
                $"{what}: expected {expected}, got {(int)response.StatusCode} {text}");
            DbFingerprint.AssertWellFormed(await DbFingerprint.TakeAsync(factory), what);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(errors.Contains(field), $"{what}: problem details name {string.Join(", ", errors)}, not {field}");
        Assert.DoesNotContain(BadValues.ScriptTag, text);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), what);
    }

    /// <summary>Control characters (which the forms refuse) in the API's texts: 400 naming the field, nothing written.</summary>
    [Theory]
    [InlineData("filing", "title", "NUL")]
    [InlineData("filing", "body", "NUL")]
    [InlineData("filing", "title", "BEL")]
    [InlineData("review", "reason", "NUL")]
    [InlineData("review", "reason", "ESC")]
    public async Task Petition_api_text_with_a_control_character_is_refused(string endpoint, string field, string character)
    {
        var setup = await PetitionSetupAsync();
        var c = character switch { "NUL" => "\u0000", "BEL" => "\u0007", _ => "\u001B" };
        var prefix = PetitionApiFields.Single(f => f.Endpoint == endpoint && f.Field == field).Prefix!;
        Dictionary<string, object?> body = endpoint == "filing"
            ? new() { ["authorityId"] = setup.Open.Id, ["title"] = "Des bancs à l'ombre", ["body"] = PetitionBody, ["competence"] = "Voirie communale" }
            : new() { ["eligible"] = false, ["reason"] = "Hors des compétences déclarées" };
        body[field] = prefix + c + " suite";
        var url = endpoint == "filing"
            ? $"/api/v1/territories/{setup.Slug}/petitions"
            : $"/api/v1/territories/{setup.Slug}/petitions/{await PetitionUnderReviewAsync(setup.Open)}/review";
        using var api = endpoint == "filing" ? await FreshApiClientAsync() : factory.Client();
        if (endpoint == "review") api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync(url, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{endpoint} {field} with {character}: {(int)response.StatusCode} {text}");
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{endpoint} {field} with {character}");
    }

    [Theory]
    [InlineData("filing")]
    [InlineData("review")]
    [InlineData("signatures")]
    public async Task Petition_api_body_that_is_not_json_or_has_wrong_types_gets_problem_details(string endpoint)
    {
        var setup = await PetitionSetupAsync();
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var bodies = endpoint == "signatures"
            ? new[] { "" } // no body is read: the key travels in a header
            : ["", "null", "{", "[1,2]", "\"texte\"", "{\"authorityId\": {\"a\": 1}}", "{\"eligible\": \"oui\"}", "{\"eligible\": 1}",
               "{\"title\": 12, \"body\": [1]}", "{\"authorityId\": 1.5}", "{\"authorityId\": 99999999999}", new string('[', 100)];
        foreach (var body in bodies)
        {
            var url = endpoint switch
            {
                "filing" => $"/api/v1/territories/{setup.Slug}/petitions",
                "review" => $"/api/v1/territories/{setup.Slug}/petitions/{await PetitionUnderReviewAsync(setup.Open)}/review",
                _ => $"/api/v1/territories/{setup.Slug}/petitions/abc/signatures",
            };
            var before = await DbFingerprint.TakeAsync(factory);
            using var response = await api.Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            var expected = endpoint == "signatures" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
            Assert.True(response.StatusCode == expected, $"{endpoint} with body '{body}': {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{endpoint} with body '{body}'");
        }
    }

    [Theory]
    [InlineData("/petitions/{id}/signatures", "abc")]
    [InlineData("/petitions/{id}/signatures", "-1")]
    [InlineData("/petitions/{id}/signatures", "99999999")]
    [InlineData("/petitions/{id}/signatures", "1099511627776")]
    [InlineData("/petitions/{id}/review", "abc")]
    [InlineData("/petitions/{id}/review", "99999999")]
    [InlineData("/petitions/{id}/review", "1e9")]
    public async Task Petition_api_post_to_an_id_that_is_not_a_petition_gets_404(string path, string id)
    {
        var setup = await PetitionSetupAsync();
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{setup.Slug}{path.Replace("{id}", id)}",
            new StringContent("""{"eligible":true}""", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} with {id}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{path} with {id}");
    }

    /// <summary>The Idempotency-Key header: 100 characters at most (problem details naming it), the same key replays the signature.</summary>
    [Fact]
    public async Task Idempotency_key_longer_than_100_characters_is_refused_and_a_replay_returns_the_same_signature()
    {
        var setup = await PetitionSetupAsync();
        var petition = await PetitionData.OpenPetitionAsync(factory, setup.Open);
        using var api = await FreshApiClientAsync();
        var url = $"/api/v1/territories/{setup.Slug}/petitions/{petition.Id}/signatures";
        async Task<HttpResponseMessage> SignAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Headers.Add("Idempotency-Key", key);
            return await api.Http.SendAsync(request);
        }

        var before = await DbFingerprint.TakeAsync(factory);
        using (var tooLong = await SignAsync(new string('k', 101)))
        {
            var text = await tooLong.Content.ReadAsStringAsync();
            Assert.True(tooLong.StatusCode == HttpStatusCode.BadRequest, $"101 characters: {(int)tooLong.StatusCode} {text}");
            Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(text);
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out var messages), text);
            Assert.Equal("Clé d'idempotence de 100 caractères au plus.", messages[0].GetString());
        }
        using (var huge = await SignAsync(new string('k', 8000)))
            Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "Idempotency-Key longer than 100");

        var key = new string('k', 99) + "1";
        using var first = await SignAsync(key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var again = await SignAsync(key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("seq").GetInt32(),
            JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("seq").GetInt32());
        using var other = await SignAsync("une-autre-clé");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.PetitionSignatures.CountAsync(s => s.PetitionId == petition.Id)));
    }

    // ---------------------------------------------------------------- uploads

    private static MultipartFormDataContent Multipart(string field, byte[]? file, string fileName, params (string Key, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields) content.Add(new StringContent(value), key);
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(part, field, fileName);
        }
        return content;
    }

    private static async Task<HttpResponseMessage> PostMultipartAsync(TestClient client, string url, MultipartFormDataContent content)
    {
        content.Add(new StringContent(await client.AntiforgeryTokenAsync("/account/login")), "__RequestVerificationToken");
        return await client.Http.PostAsync(url, content);
    }

    /// <summary>Census files that are refused as a whole: the form again (400) with the file's message, and the census untouched.</summary>
    public static TheoryData<string> BadCensusFiles => new()
    {
        "no file", "empty file", "only a header", "random bytes", "wrong columns", "a line without a birth date", "an impossible date",
        "a line with too few fields", "more than 20 MB", "markup in the header",
    };

    private static byte[] CensusFile(string kind) => kind switch
    {
        "empty file" => [],
        "only a header" => "nom,prénom,date de naissance\n"u8.ToArray(),
        "random bytes" => RandomNumberGenerator.GetBytes(64 * 1024),
        "wrong columns" => "name,first name,born\nMartin,Léa,1990-05-14\n"u8.ToArray(),
        "a line without a birth date" => "nom;prénom;date de naissance\nMartin;Léa;1990-05-14\nDurand;Paul;\n"u8.ToArray(),
        "an impossible date" => "nom,prénom,date de naissance\nMartin,Léa,1990-02-31\n"u8.ToArray(),
        "a line with too few fields" => "nom,prénom,date de naissance\nMartin,Léa\n"u8.ToArray(),
        "more than 20 MB" => OversizeCensus(),
        "markup in the header" => "<script>alert(1)</script>,prénom,date de naissance\nMartin,Léa,1990-05-14\n"u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A well-formed census just over the limit (20 MB + a line).</summary>
    private static byte[] OversizeCensus()
    {
        var line = "Martin,Léa,1990-05-14\n"u8.ToArray();
        var bytes = new byte[AuthoritiesModel.MaxCensusBytes + line.Length];
        var header = "nom,prénom,date de naissance\n"u8.ToArray();
        header.CopyTo(bytes, 0);
        for (var at = header.Length; at < bytes.Length; at += line.Length)
            line.AsSpan(0, Math.Min(line.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    [Theory]
    [MemberData(nameof(BadCensusFiles))]
    public async Task Census_file_that_is_missing_empty_garbage_or_too_big_is_refused_with_its_message(string kind)
    {
        var setup = await PetitionSetupAsync();
        var client = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        var before = await DbFingerprint.TakeAsync(factory);
        using var content = Multipart("CensusFile", kind == "no file" ? null : CensusFile(kind), "liste.csv");
        using var response = await PostMultipartAsync(client, $"/t/{setup.Slug}/petitions/authorities?handler=Census", content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {(int)response.StatusCode} {response.Headers.Location}");
        var message = TestClient.Parse(html).QuerySelector("[data-valmsg-for='CensusFile']")?.TextContent.Trim() ?? "";
        Assert.Matches(@"^(Choisissez un fichier CSV\.|Le fichier est vide\.|Colonnes attendues : nom, prénom, date de naissance\.|Fichier CSV illisible : enregistrez-le en UTF-8\."
            + @"|Fichier trop lourd : 20 Mo au plus\.|Lignes incomplètes ou date invalide .+|Le fichier ne contient aucune personne\.)$", message);
        BadValues.AssertNotReflected(html, kind);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"census: {kind}");
    }

    /// <summary>
    /// A census saved from a spreadsheet in Windows-1252 ("Léa" as the byte 0xE9, the header in plain ASCII) is not
    /// UTF-8: refused as unreadable, rather than stored as hashes of names with U+FFFD that nobody can ever match.
    /// </summary>
    [Fact]
    public async Task Census_file_that_is_not_utf8_is_refused()
    {
        var setup = await PetitionSetupAsync();
        var client = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        var before = await DbFingerprint.TakeAsync(factory);
        var latin1 = Encoding.Latin1.GetBytes("nom,prenom,date de naissance\nMartin,Léa,1990-05-14\nDurand,Hélène,1985-11-02\n");
        using var content = Multipart("CensusFile", latin1, "liste.csv");
        using var response = await PostMultipartAsync(client, $"/t/{setup.Slug}/petitions/authorities?handler=Census", content);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Windows-1252 census: {(int)response.StatusCode} {response.Headers.Location}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Fichier CSV illisible : enregistrez-le en UTF-8.", TestClient.Parse(html).QuerySelector("[data-valmsg-for='CensusFile']")?.TextContent.Trim());
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "census in Windows-1252");
    }

    /// <summary>A petition of the tests' territory with three signatures, and its exported log.</summary>
    private async Task<(string Csv, int Count, string Head)> SignedLogAsync()
    {
        var setup = await PetitionSetupAsync();
        var petition = await PetitionData.OpenPetitionAsync(factory, setup.Open);
        foreach (var person in await PetitionData.PeopleAsync(factory, 3))
            Assert.Equal(SignOutcome.Signed, (await PetitionData.SignAsync(factory, petition.Id, person)).Outcome);
        using var client = factory.Client();
        using var response = await client.GetAsync($"/api/v1/territories/{setup.Slug}/petitions/{petition.Id}/log");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), 3, response.Headers.GetValues("X-Log-Head").Single());
    }

    public static TheoryData<string, int> VerifyCases => new()
    {
        { "no file", 400 }, { "empty file", 400 }, { "random bytes", 422 }, { "broken UTF-8", 422 }, { "markup", 422 },
        { "a line edited", 422 }, { "a line removed", 422 }, { "two lines swapped", 422 }, { "the last line removed, published count given", 422 },
        { "wrong published head", 422 }, { "published head with markup", 400 }, { "published head too long", 400 },
        { "published count not a number", 400 }, { "published count 2^40", 400 }, { "intact, with the published count and head", 200 },
    };

    [Theory]
    [MemberData(nameof(VerifyCases))]
    public async Task Log_verification_refuses_bad_uploads_and_flags_a_tampered_log(string kind, int status)
    {
        var (csv, count, head) = await SignedLogAsync();
        var lines = csv.TrimEnd('\n').Split('\n');
        var fields = new List<(string, string)>();
        byte[]? file = Encoding.UTF8.GetBytes(csv);
        switch (kind)
        {
            case "no file": file = null; break;
            case "empty file": file = []; break;
            case "random bytes": file = RandomNumberGenerator.GetBytes(64 * 1024); break;
            case "broken UTF-8": file = [.. Encoding.UTF8.GetBytes(csv[..^10]), 0xFF, 0xFE, (byte)'\n']; break;
            case "markup": file = Encoding.UTF8.GetBytes(csv + "4,<script>alert(1)</script>,x,\"><img src=x onerror=alert(1)>,y,z\n"); break;
            case "a line edited": file = Encoding.UTF8.GetBytes(csv.Replace(lines[2].Split(',')[2], new string('0', 20))); break;
            case "a line removed": file = Encoding.UTF8.GetBytes(string.Join('\n', lines.Where((_, i) => i != 2)) + "\n"); break;
            case "two lines swapped": file = Encoding.UTF8.GetBytes(string.Join('\n', [lines[0], lines[2], lines[1], lines[3]]) + "\n"); break;
            case "the last line removed, published count given":
                file = Encoding.UTF8.GetBytes(string.Join('\n', lines[..^1]) + "\n");
                fields.Add(("ExpectedCount", count.ToString()));
                break;
            case "wrong published head": fields.Add(("ExpectedHead", new string('a', 64))); break;
            case "published head with markup": fields.Add(("ExpectedHead", BadValues.ScriptTag)); break;
            case "published head too long": fields.Add(("ExpectedHead", head + "0")); break;
            case "published count not a number": fields.Add(("ExpectedCount", "trois")); break;
            case "published count 2^40": fields.Add(("ExpectedCount", "1099511627776")); break;
            default: fields.AddRange([("ExpectedCount", count.ToString()), ("ExpectedHead", head.ToUpperInvariant())]); break;
        }
        using var client = factory.Client();
        var before = await DbFingerprint.TakeAsync(factory);
        using var content = Multipart("Log", file, "journal.csv", [.. fields]);
        using var response = await PostMultipartAsync(client, "/verify", content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{kind}: expected {status}, got {(int)response.StatusCode}");
        var doc = TestClient.Parse(html);
        if (status == 400)
        {
            var message = doc.QuerySelectorAll("[data-valmsg-for], .validation-summary-errors li").Select(e => e.TextContent.Trim()).FirstOrDefault(t => t.Length > 0) ?? "";
            Assert.Matches(@"^(Choisissez le fichier du journal\.|Ce champ .+|Saisissez un nombre\.|La valeur saisie n'est pas valide\.)$", message);
        }
        else if (status == 422)
            Assert.True(doc.QuerySelector("[role=status] .error-summary") is not null, $"{kind}: no verdict shown");
        else
            Assert.Contains("Conforme au résultat publié.", doc.QuerySelector("[role=status]")?.TextContent);
        BadValues.AssertNotReflected(html, kind);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"verify: {kind}");
    }
}

/// <summary>
/// A log past the form size limit of the framework (128 MB; the page itself announces 200 MB) must not break the
/// server: a 4xx, nothing written. Provider-independent and heavy, so SQLite only; the file is streamed, never held.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class VerifyUploadLimitTests(CatalyseFactory factory)
{
    private sealed class RepeatedContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'a');
            for (var left = length; left > 0; left -= chunk.Length)
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return true;
        }
    }

    [Fact]
    public async Task A_log_larger_than_the_form_limit_gets_a_4xx_and_writes_nothing()
    {
        using var client = factory.Client();
        var token = await client.AntiforgeryTokenAsync("/verify");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new RepeatedContent(130L * 1024 * 1024);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Log", "journal.csv");
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.Http.PostAsync("/verify", content);
        Assert.True((int)response.StatusCode is 400 or 413, $"130 MB log: {(int)response.StatusCode}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "a 130 MB log");
    }
}
