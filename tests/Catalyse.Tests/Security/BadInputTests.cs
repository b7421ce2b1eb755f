using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// The bad values every form field gets, in an application/x-www-form-urlencoded body. Broken UTF-8 comes
/// percent-encoded (%ED%A0%80, the bytes of a lone surrogate; %FF) and as a raw byte 0xFF. ASP.NET Core keeps
/// an undecodable percent sequence as the literal text "%FF", while a raw invalid byte reaches the app as
/// U+FFFD; the broken values start with "Valeur-2026" so that only the broken part can be at fault.
/// </summary>
public enum BadValue { Empty, Huge, EncodedSurrogate, EncodedInvalidByte, RawInvalidByte, ScriptTag, ImgOnerror, JavascriptUri }

public static class BadValues
{
    public static readonly BadValue[] All = Enum.GetValues<BadValue>();
    public static readonly string Huge = new('x', 100_000);
    public const string ScriptTag = "<script>alert(1)</script>";
    public const string ImgOnerror = "\"><img src=x onerror=alert(1)>";
    public const string JavascriptUri = "javascript:alert(1)";

    public static string Label(this BadValue v) => v switch
    {
        BadValue.Empty => "empty",
        BadValue.Huge => "huge (100 kB)",
        BadValue.EncodedSurrogate => "UTF-8 of a lone surrogate (%ED%A0%80)",
        BadValue.EncodedInvalidByte => "invalid UTF-8 byte (%FF)",
        BadValue.RawInvalidByte => "raw invalid UTF-8 byte 0xFF",
        BadValue.ScriptTag => "<script>alert(1)</script>",
        BadValue.ImgOnerror => "\"><img src=x onerror=alert(1)>",
        _ => "javascript:alert(1)",
    };

    /// <summary>The bytes of the value in an application/x-www-form-urlencoded body.</summary>
    public static byte[] FormEncoded(this BadValue v) => v switch
    {
        BadValue.Empty => [],
        BadValue.Huge => Encoding.ASCII.GetBytes(Huge),
        BadValue.EncodedSurrogate => "Valeur-2026%ED%A0%80"u8.ToArray(),
        BadValue.EncodedInvalidByte => "Valeur-2026%FF"u8.ToArray(),
        BadValue.RawInvalidByte => [.. "Valeur-2026"u8, 0xFF],
        BadValue.ScriptTag => Encoding.ASCII.GetBytes(Uri.EscapeDataString(ScriptTag)),
        BadValue.ImgOnerror => Encoding.ASCII.GetBytes(Uri.EscapeDataString(ImgOnerror)),
        _ => Encoding.ASCII.GetBytes(Uri.EscapeDataString(JavascriptUri)),
    };

    public static bool IsScript(this BadValue v) => v is BadValue.ScriptTag or BadValue.ImgOnerror or BadValue.JavascriptUri;

    /// <summary>Checks that an HTML answer does not carry the injected markup as markup.</summary>
    public static void AssertNotReflected(string html, string what)
    {
        Assert.DoesNotContain(ScriptTag, html);
        Assert.DoesNotContain("<img src=x onerror", html);
        var doc = TestClient.Parse(html);
        Assert.False(doc.QuerySelectorAll("img[onerror]").Any(), $"{what}: an injected img[onerror] is in the page");
        Assert.False(doc.QuerySelectorAll("script").Any(s => s.TextContent.Contains("alert(1)")), $"{what}: an injected script is in the page");
        Assert.False(doc.QuerySelectorAll("[href],[src],[action]").Any(e =>
            new[] { "href", "src", "action" }.Any(a => e.GetAttribute(a)?.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) == true)),
            $"{what}: an injected javascript: URL is in the page");
    }
}

/// <summary>What the app must answer to one bad value in one field.</summary>
public enum Outcome
{
    /// <summary>400, the form again with a French message for the field (API: problem details naming it), nothing written.</summary>
    Refused,
    /// <summary>The value is legitimate for this field (e.g. an optional field left empty, a password with "&lt;"): no 5xx, no field message, nothing reflected.</summary>
    Accepted,
    /// <summary>
    /// Percent-encoded broken UTF-8, which the framework hands over as the literal text "%FF": whether that
    /// text suits the field is the field's ordinary rule. No 5xx, nothing reflected, nothing malformed stored.
    /// </summary>
    LiteralText,
}

/// <summary>Who sends a form whose accepted values change the person (one signature per person, a residence declared once).</summary>
public enum FormAccount
{
    /// <summary>The persona's shared client (for the resident: an account of the tests' own).</summary>
    Persona,
    /// <summary>A new confirmed account for the case, living nowhere yet.</summary>
    Fresh,
    /// <summary>A new confirmed account for the case, living in Guéret (23096, 23000).</summary>
    FreshResidentOfGueret,
}

/// <summary>A form of the app, with valid values for every field: each case replaces one of them by a bad value.</summary>
public sealed record FormUnderTest(string Name, string Url, Persona Persona, (string Key, string Value)[] Valid, Func<string, BadValue, Outcome> Rule)
{
    /// <summary>Who sends it (default: the persona's shared client).</summary>
    public FormAccount Account { get; init; }

    /// <summary>Fields always sent with their valid value, never replaced by a bad one (e.g. the choice of a ballot whose identity details are tested).</summary>
    public IReadOnlyList<string> Fixed { get; init; } = [];

    /// <summary>A required field.</summary>
    public static Outcome Required(BadValue v) => v is BadValue.EncodedSurrogate or BadValue.EncodedInvalidByte ? Outcome.LiteralText : Outcome.Refused;

    /// <summary>An optional field: empty is fine.</summary>
    public static Outcome Optional(BadValue v) => v == BadValue.Empty ? Outcome.Accepted : Required(v);

    /// <summary>Passwords are never displayed: any well-formed text is a password ("&lt;script&gt;" included).</summary>
    public static Outcome Password(BadValue v) => v.IsScript() ? Outcome.Accepted : Required(v);
}

/// <summary>
/// Bad input on every form field and every API field: empty, huge (100 kB), broken Unicode and script
/// injection get a clear 400 (the form with a French field message; problem details naming the field on
/// the API), never a 500, and nothing is written. Legitimately free values (an empty optional field,
/// "&lt;" in a password) are accepted but never echoed as markup.
/// </summary>
public abstract partial class BadInputTests(CatalyseFactory factory)
{
    private const string Password = "Motdepasse-saisie-2026";
    private const string Unknown = "personne-inconnue@catalyse.test";

    /// <summary>A territory of its own per factory for the step and team forms (the demo stays as it is).</summary>
    private static readonly ConditionalWeakTable<CatalyseFactory, Lazy<Task<string>>> Territories = new();

    private Task<string> TerritoryAsync() => Territories.GetValue(factory, f => new Lazy<Task<string>>(async () =>
    {
        using var api = f.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var slug = "saisie-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var response = await api.Http.PostAsync("/api/v1/territories", new StringContent(
            $$$"""{"name":"Saisies invalides","slug":"{{{slug}}}","perimeter":{"communes":["23096"]}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return slug;
    })).Value;

    /// <summary>A resident account of its own per factory for the profile forms (accepted values change it).</summary>
    private static readonly ConditionalWeakTable<CatalyseFactory, Lazy<Task<TestClient>>> Residents = new();

    private Task<TestClient> ClientAsync(Persona persona) => persona != Persona.Resident
        ? Personas.For(factory).ClientAsync(persona)
        : Residents.GetValue(factory, f => new Lazy<Task<TestClient>>(async () =>
        {
            var email = $"saisie-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}@catalyse.test";
            using (var scope = f.Services.CreateScope())
                await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureUserAsync(email, Password, "Personne des saisies");
            return await f.SignedInAsync(email, Password);
        })).Value;

    public static readonly FormUnderTest[] Forms =
    [
        new("register", "/account/register", Persona.Anonymous,
            [("Input.DisplayName", "Nouvelle personne"), ("Input.Email", "saisie-{unique}@catalyse.test"), ("Input.Password", Password), ("Input.ConfirmPassword", Password)],
            (field, v) => field == "Input.Password" ? FormUnderTest.Password(v) : FormUnderTest.Required(v)),
        new("login", "/account/login", Persona.Anonymous,
            [("Input.Email", Unknown), ("Input.Password", Password)],
            (field, v) => field == "Input.Password" ? FormUnderTest.Password(v) : FormUnderTest.Required(v)),
        new("forgot-password", "/account/forgot-password", Persona.Anonymous, [("Input.Email", Unknown)], (_, v) => FormUnderTest.Required(v)),
        new("resend-confirmation", "/account/resend-confirmation", Persona.Anonymous, [("Input.Email", Unknown)], (_, v) => FormUnderTest.Required(v)),
        new("reset-password", "/account/reset-password", Persona.Anonymous,
            [("Input.Email", Unknown), ("Input.Code", "Y29kZS1pbnZhbGlkZQ"), ("Input.Password", Password), ("Input.ConfirmPassword", Password)],
            (field, v) => field == "Input.Password" ? FormUnderTest.Password(v) : FormUnderTest.Required(v)),
        new("territory creation", "/territories/new", Persona.Coordinator,
            [("Input.Name", "Territoire {unique}"), ("Input.Slug", "saisie-{unique}"), ("Input.Description", "Une description."),
             ("Input.Themes", "essai, mobilité"), ("Input.Type", "Rural"), ("Input.Model", "Pepite"), ("Input.Perimeter", "commune:23096")],
            (field, v) => field is "Input.Description" or "Input.Themes" or "Input.Type" or "Input.Model" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("territory edition", "/t/{territory}/edit", Persona.Coordinator,
            [("Input.Name", "Saisies invalides"), ("Input.Description", "Une description."), ("Input.Themes", "essai"), ("Input.Type", "Rural"), ("Input.Model", "Pepite")],
            (field, v) => field is "Input.Description" or "Input.Themes" or "Input.Type" or "Input.Model" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("programme step", "/t/{territory}/programme/3/edit", Persona.Coordinator,
            [("Input.Status", "InProgress"), ("Input.StartDate", "2027-01-01"), ("Input.DueDate", "2027-03-31"), ("Input.Deliverables", "Un tiers-lieu"), ("Input.Notes", "Une note")],
            (field, v) => field is "Input.Status" ? FormUnderTest.Required(v) : FormUnderTest.Optional(v)),
        new("profile", "/account/profile", Persona.Resident,
            [("Input.DisplayName", "Personne des saisies"), ("Input.Culture", "fr")], (_, v) => FormUnderTest.Required(v)),
        new("API token", "/account/profile?handler=CreateToken", Persona.Resident, [("NewToken.Name", "Mon script")], (_, v) => FormUnderTest.Required(v)),
        new("team invitation", "/t/{territory}/team?handler=Invite", Persona.Coordinator,
            [("Input.Email", "invitation-{unique}@catalyse.test"), ("Input.Role", "Member")], (_, v) => FormUnderTest.Required(v)),
        new("directory suggestion", "/t/{territory}/directory/new", Persona.Resident,
            [("Input.Kind", "Actor"), ("Input.Category", "association"), ("Input.Name", "Association saisie {unique}"), ("Input.Description", "Une description."),
             ("Input.Themes", "essai, mobilité"), ("Input.CommuneCode", "23096"), ("Input.Address", "1 place Bonnyaud"), ("Input.Website", "https://exemple.org/"),
             ("Input.ContactEmail", "contact@exemple.org"), ("Input.Siret", "73282932000074"), ("Input.Rna", "W751234567"), ("Input.Offers", "Des ateliers"),
             ("Input.Sdgs", "3"), ("Input.Latitude", "46.17"), ("Input.Longitude", "1,87"), ("Input.Phone", "05 55 00 00 00"), ("Input.Siren", "732829320"),
             ("Input.OpeningHours", "Du lundi au vendredi"), ("Input.SpottedBy", "L'équipe"), ("Input.SpottedOn", "2026-10-01"),
             ("Input.SpottedThrough", "Réseau des tiers-lieux"), ("Input.FollowUp", "Rencontre prévue"), ("Input.RunBy", "La communauté d'agglomération"),
             ("Input.ForWhom", "Les associations"), ("Input.HowToApply", "Dossier en ligne")],
            (field, v) => field is "Input.Kind" or "Input.Name" or "Input.CommuneCode" ? FormUnderTest.Required(v) : FormUnderTest.Optional(v)),
        new("directory edit", "/t/{territory}/directory/{published}/edit", Persona.Resident,
            [("Input.Kind", "Place"), ("Input.Name", "Fiche corrigée {unique}"), ("Input.CommuneCode", "23096"), ("Input.Description", "Corrigée."),
             ("Comment", "Vu sur place")],
            (field, v) => field is "Input.Kind" or "Input.Name" or "Input.CommuneCode" ? FormUnderTest.Required(v) : FormUnderTest.Optional(v)),
        new("directory report", "/t/{territory}/directory/{published}/report", Persona.Resident,
            [("Reason", "Closed"), ("Message", "Fermé depuis juin")],
            (field, v) => field is "Reason" ? FormUnderTest.Required(v) : FormUnderTest.Optional(v)),
        new("directory hiding", "/t/{territory}/directory/{published}/manage?handler=Hide", Persona.Coordinator,
            [("Reason", "Fermé définitivement")], (_, v) => FormUnderTest.Required(v)),
        new("directory rejection", "/t/{territory}/directory/moderation?handler=Reject&id={pending}", Persona.Coordinator,
            [("Reason", "Hors sujet")], (_, v) => FormUnderTest.Required(v)),
        .. PetitionForms,
        .. VoteForms,
    ];

    /// <summary>Fields that are checked (the confirmation of a password follows the password).</summary>
    private static IEnumerable<string> FieldsOf(FormUnderTest form) =>
        form.Valid.Select(f => f.Key).Where(k => k != "Input.ConfirmPassword" && !form.Fixed.Contains(k));

    public static TheoryData<string, string, string, string> FormCases
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var form in Forms)
                foreach (var name in FieldsOf(form))
                    foreach (var value in BadValues.All.Where(v => !IsKnownFormBug(form.Name, name, v)))
                        data.Add(form.Name, name, value.Label(), Expectation(form.Rule(name, value)));
            return data;
        }
    }

    private static string Expectation(Outcome o) => o switch
    {
        Outcome.Refused => "400 + field message", Outcome.Accepted => "accepted", _ => "kept as literal text or refused",
    };

    /// <summary>The French messages of the app's input rules, model binding and Identity.</summary>
    private static readonly Regex FrenchMessage = new(
        @"^(Ce champ est obligatoire\.|Ce champ ne doit pas dépasser \d+ caractères\.|Ce champ contient des caractères invalides\."
        + @"|Ce champ ne doit contenir ni balise HTML ni script\.|Adresse électronique invalide\.|La valeur saisie n'est pas valide\."
        + @"|Saisissez un nombre\.|Les deux mots de passe ne correspondent pas\.|Le mot de passe doit .+|L'identifiant ne peut contenir que .+"
        + @"|Code inconnu.*|Choisissez au moins .+|Ce périmètre .+"
        + @"|Choisissez le type de fiche\.|Catégorie inconnue .+|Adresse web invalide .+|SIRET invalide .+|RNA invalide .+|Indiquez le motif du refus\.|Indiquez le motif\.|Choisissez ce qui ne va pas\.|Latitude invalide\.|Longitude invalide\.|SIREN invalide .+"
        + "|" + PetitionMessages + "|" + VoteMessages + ")$");

    [Theory]
    [MemberData(nameof(FormCases))]
    public async Task Form_field_with_a_bad_value_gets_a_clear_answer(string form, string field, string value, string expected)
    {
        var f = Forms.Single(x => x.Name == form);
        var bad = BadValues.All.Single(v => v.Label() == value);
        var outcome = f.Rule(field, bad);
        Assert.Equal(Expectation(outcome), expected);

        using var fresh = f.Account == FormAccount.Persona ? null : await FreshClientAsync(f.Account == FormAccount.FreshResidentOfGueret);
        var client = fresh ?? await ClientAsync(f.Persona);
        var unique = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var url = f.Url.Contains("{territory}") ? f.Url.Replace("{territory}", await TerritoryAsync()) : f.Url;
        if (url.Contains("{pending}")) url = url.Replace("{pending}", (await PendingEntryAsync(url.Split('/')[2])).ToString());
        if (url.Contains("{published}")) url = url.Replace("{published}", (await PublishedEntryAsync()).ToString());
        // The vote of the case and its options ({o1}…), made once for the address, the field names and the values.
        var made = new Dictionary<string, string>();
        url = await VotePlaceholdersAsync(await PetitionPlaceholdersAsync(url), made);
        var valid = new List<(string Field, string Key, string Value)>();
        foreach (var (key, text) in f.Valid)
            valid.Add((key, await VotePlaceholdersAsync(key, made), await VotePlaceholdersAsync(await PetitionPlaceholdersAsync(text.Replace("{unique}", unique)), made)));
        var pairs = valid.Select(p => (p.Field, p.Key, Encoded: Encoding.ASCII.GetBytes(Uri.EscapeDataString(p.Value)))).ToList();
        for (var i = 0; i < pairs.Count; i++)
            if (pairs[i].Field == field || (field == "Input.Password" && pairs[i].Field == "Input.ConfirmPassword"))
                pairs[i] = (pairs[i].Field, pairs[i].Key, bad.FormEncoded());

        var before = outcome == Outcome.Refused ? await DbFingerprint.TakeAsync(factory) : null;
        using var response = await PostRawFormAsync(client, url, pairs.Select(p => (p.Key, p.Encoded)));
        var status = (int)response.StatusCode;
        var html = await response.Content.ReadAsStringAsync();
        var what = $"{form} {field} = {value}";
        Assert.True(status < 500, $"{what}: {status}");

        if (outcome == Outcome.Refused)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {status} {response.Headers.Location}");
            var doc = TestClient.Parse(html);
            Assert.Equal("fr", doc.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(doc.QuerySelector("form[method=post]"));
            // The field's own message; hidden fields (the reset link's address and code) have theirs in the summary.
            var span = doc.QuerySelector($"[data-valmsg-for='{field}']");
            var message = span is not null
                ? span.TextContent.Trim()
                : doc.QuerySelector(".validation-summary-errors li")?.TextContent.Trim() ?? "";
            Assert.True(FrenchMessage.IsMatch(message), $"{what}: expected a French message for the field, got '{message}'");
            // Unchanged, hence as well-formed as before.
            DbFingerprint.AssertUnchanged(before!, await DbFingerprint.TakeAsync(factory), what);
        }
        else if (outcome == Outcome.Accepted)
        {
            Assert.True(status is 200 or 302 or 400, $"{what}: {status}");
            if (status != 302)
            {
                var message = TestClient.Parse(html).QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim();
                Assert.True(string.IsNullOrEmpty(message), $"{what}: accepted value got a message '{message}'");
            }
        }
        else
            Assert.True(status is 200 or 302 or 400, $"{what}: {status}");
        if (outcome != Outcome.Refused) DbFingerprint.AssertWellFormed(await DbFingerprint.TakeAsync(factory), what);
        if (response.Content.Headers.ContentType?.MediaType == "text/html") BadValues.AssertNotReflected(html, what);
    }

    /// <summary>A fresh pending entry of the territory, for one moderation case (an accepted reason rejects it).</summary>
    private Task<int> PendingEntryAsync(string slug) => factory.WithDbAsync(async db =>
    {
        var territory = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Territories, t => t.Slug == slug);
        var entry = new Catalyse.Web.Features.Directory.Entry
        {
            Kind = Catalyse.Web.Features.Directory.EntryKind.Actor, Name = "À modérer", CommuneCode = "23096", OriginTerritoryId = territory.Id,
            Status = Catalyse.Web.Features.Directory.EntryStatus.Pending, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Entries.Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    });

    /// <summary>A fresh published entry in Guéret (in every test territory), for one edit, report or hiding case.</summary>
    private Task<int> PublishedEntryAsync() => factory.WithDbAsync(async db =>
    {
        var entry = new Catalyse.Web.Features.Directory.Entry
        {
            Kind = Catalyse.Web.Features.Directory.EntryKind.Actor, Name = "À corriger", CommuneCode = "23096", Latitude = 46.17, Longitude = 1.87,
            Status = Catalyse.Web.Features.Directory.EntryStatus.Published, SearchText = " a corriger ", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Entries.Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    });

    /// <summary>Posts a urlencoded body byte for byte (values already encoded), with this client's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostRawFormAsync(TestClient client, string url, IEnumerable<(string Key, byte[] Encoded)> pairs)
    {
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var body = new List<byte>();
        foreach (var (key, value) in pairs.Append(("__RequestVerificationToken", Encoding.ASCII.GetBytes(Uri.EscapeDataString(token)))))
        {
            if (body.Count > 0) body.Add((byte)'&');
            body.AddRange(Encoding.ASCII.GetBytes(Uri.EscapeDataString(key) + "="));
            body.AddRange(value);
        }
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return await client.Http.PostAsync(url, content);
    }

    // ---------------------------------------------------------------- API

    /// <summary>API fields of POST /api/v1/territories; arrays get the bad value as their only (or extra) element.</summary>
    public static readonly string[] ApiFields =
        ["name", "slug", "description", "themes[]", "type", "model", "perimeter.regions[]", "perimeter.departements[]", "perimeter.epci[]", "perimeter.communes[]"];

    /// <summary>In JSON, broken Unicode is an escaped lone surrogate ("\uD800") or a raw invalid byte (0xFF) in the body.</summary>
    public enum ApiBadValue { Empty, Huge, LoneSurrogate, InvalidByte, ScriptTag, ImgOnerror, JavascriptUri }

    private static string Label(ApiBadValue v) => v switch
    {
        ApiBadValue.LoneSurrogate => "lone surrogate \\uD800",
        ApiBadValue.InvalidByte => "raw invalid UTF-8 byte 0xFF",
        ApiBadValue.Empty => BadValue.Empty.Label(),
        ApiBadValue.Huge => BadValue.Huge.Label(),
        ApiBadValue.ScriptTag => BadValue.ScriptTag.Label(),
        ApiBadValue.ImgOnerror => BadValue.ImgOnerror.Label(),
        _ => BadValue.JavascriptUri.Label(),
    };

    private static bool ApiAccepts(string field, ApiBadValue v) => v == ApiBadValue.Empty && field is "description" or "themes[]";

    /// <summary>The key the problem details must use for the field.</summary>
    private static string ApiErrorKey(string field) => field.EndsWith("[]") ? field[..^2] + "[0]" : field;

    public static TheoryData<string, string, string> ApiCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var name in ApiFields)
                foreach (var v in Enum.GetValues<ApiBadValue>())
                    data.Add(name, Label(v), ApiAccepts(name, v) ? "201" : $"400 naming {ApiErrorKey(name)}");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task Api_field_with_a_bad_value_gets_problem_details_naming_it(string field, string value, string expected)
    {
        var bad = Enum.GetValues<ApiBadValue>().Single(v => Label(v) == value);
        Assert.Equal(ApiAccepts(field, bad) ? "201" : $"400 naming {ApiErrorKey(field)}", expected);
        var slug = "api-saisie-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        const string Marker = "@@BAD@@";
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Territoire par l'API", ["slug"] = slug, ["description"] = "Une description.", ["themes"] = new[] { "essai" },
            ["type"] = "rural", ["model"] = "pepite", ["perimeter"] = new Dictionary<string, string[]> { ["communes"] = ["23096"] },
        };
        var parts = field.Split('.');
        var key = parts[^1].TrimEnd('[', ']');
        var target = parts.Length == 2 ? (Dictionary<string, string[]>)body["perimeter"]! : null;
        if (field.EndsWith("[]") && target is not null) target[key] = [Marker];
        else if (field.EndsWith("[]")) body[key] = new[] { Marker };
        else body[key] = Marker;

        var json = JsonSerializer.Serialize(body);
        var at = json.IndexOf('"' + Marker + '"', StringComparison.Ordinal);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(json[..at]));
        bytes.AddRange(bad switch
        {
            ApiBadValue.Empty => "\"\""u8.ToArray(),
            ApiBadValue.Huge => Encoding.UTF8.GetBytes('"' + BadValues.Huge + '"'),
            ApiBadValue.LoneSurrogate => "\"abc\\uD800def\""u8.ToArray(),
            ApiBadValue.InvalidByte => [(byte)'"', (byte)'a', 0xFF, (byte)'b', (byte)'"'],
            ApiBadValue.ScriptTag => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(BadValues.ScriptTag)),
            ApiBadValue.ImgOnerror => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(BadValues.ImgOnerror)),
            _ => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(BadValues.JavascriptUri)),
        });
        bytes.AddRange(Encoding.UTF8.GetBytes(json[(at + Marker.Length + 2)..]));

        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await api.Http.PostAsync("/api/v1/territories", content);
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{field} = {value}";
        Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode} {text}");

        if (ApiAccepts(field, bad))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{what}: {(int)response.StatusCode} {text}");
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(errors.Contains(ApiErrorKey(field)), $"{what}: problem details name {string.Join(", ", errors)}, not {ApiErrorKey(field)}");
        Assert.DoesNotContain(BadValues.ScriptTag, text);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), what);
    }

    [Fact]
    public async Task Api_body_that_is_not_json_or_is_empty_gets_problem_details()
    {
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        foreach (var body in new[] { "", "null", "{", "[1,2]", "{\"name\": {\"a\": 1}}", new string('[', 100) })
        {
            using var response = await api.Http.PostAsync("/api/v1/territories", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"body '{body}': {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    // ---------------------------------------------------------------- query strings and path segments

    /// <summary>Query-string values (already encoded) every parameter gets, on top of the form values.</summary>
    private static readonly (string Label, string Encoded)[] QueryValues =
    [
        ("empty", ""), ("huge (100 kB)", BadValues.Huge), ("%ED%A0%80", "%ED%A0%80"), ("%FF", "%FF"),
        ("script", Uri.EscapeDataString(BadValues.ScriptTag)), ("img onerror", Uri.EscapeDataString(BadValues.ImgOnerror)),
        ("javascript:", Uri.EscapeDataString(BadValues.JavascriptUri)), ("-1", "-1"), ("2^40", "1099511627776"), ("1e9", "1e9"),
        ("INSEE code", "2A004"), ("postal code", "23000"),
    ];

    /// <summary>Addresses with one parameter or segment ({v}) taken from the request.</summary>
    private static readonly (string Url, Persona Persona)[] QueryTargets =
    [
        ("/api/v1/territories?page={v}", Persona.Anonymous),
        ("/api/v1/territories?pageSize={v}", Persona.Anonymous),
        ("/api/v1/geo/search?q={v}", Persona.Anonymous),
        ("/api/v1/territories/{v}", Persona.Anonymous),
        ("/?p={v}", Persona.Anonymous),
        ("/t/{v}", Persona.Anonymous),
        ("/t/grand-gueret/team?p={v}", Persona.Coordinator),
        ("/territories/new?handler=Search&q={v}", Persona.Coordinator),
        ("/account/login?ReturnUrl={v}", Persona.Anonymous),
        ("/account/reset-password?email={v}&code={v}", Persona.Anonymous),
        ("/account/confirm?userId={v}&code={v}", Persona.Anonymous),
        ("/invitations/{v}", Persona.Anonymous),
        .. PetitionQueryTargets,
        .. VoteQueryTargets,
    ];

    public static TheoryData<string, string> QueryCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (url, _) in QueryTargets)
                foreach (var (label, _) in QueryValues)
                    data.Add(url, label);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public async Task Query_or_path_value_never_gets_a_500_nor_is_reflected(string target, string value)
    {
        var (url, persona) = QueryTargets.Single(t => t.Url == target);
        var encoded = QueryValues.Single(v => v.Label == value).Encoded;
        if (encoded.Length == 0 && !url.Contains('?')) encoded = "%20"; // an empty path segment is another route
        var client = await Personas.For(factory).ClientAsync(persona);
        using var response = await client.GetAsync(url.Replace("{v}", encoded));
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{target} with {value}: {status}");
        Assert.True(status is 200 or 302 or 400 or 404, $"{target} with {value}: {status}");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (url.StartsWith("/api/") && status >= 400) Assert.Equal("application/problem+json", mediaType);
        if (mediaType == "text/html") BadValues.AssertNotReflected(text, $"{target} with {value}");
    }

    /// <summary>After signing in, the return address is followed only when it is local: no open redirect.</summary>
    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task Sign_in_with_a_foreign_return_address_goes_home(string returnUrl)
    {
        using var client = factory.Client();
        using var response = await client.PostFormAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl),
            ("Input.Email", Persona.Resident.Email()!), ("Input.Password", Catalyse.Web.Features.Demo.DemoNetwork.Password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    /// <summary>
    /// Why percent-encoded broken UTF-8 is "kept as literal text": ASP.NET Core leaves an undecodable
    /// sequence as it was, so the app receives and stores the well-formed text "%FF", not a broken string.
    /// </summary>
    [Fact]
    public async Task Percent_encoded_broken_utf8_reaches_the_app_as_the_literal_text()
    {
        var client = await ClientAsync(Persona.Resident);
        using var response = await PostRawFormAsync(client, "/account/profile",
            [("Input.DisplayName", BadValue.EncodedInvalidByte.FormEncoded()), ("Input.Culture", "fr"u8.ToArray())]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await (await client.GetAsync("/account/profile")).Content.ReadAsStringAsync();
        Assert.Equal("Valeur-2026%FF", TestClient.Parse(html).QuerySelector("#Input_DisplayName")?.GetAttribute("value"));
    }

    /// <summary>Harmless text with "&lt;" or "&gt;" in a free-text field is kept and shown encoded (a tag is refused, see above).</summary>
    [Fact]
    public async Task Free_text_with_comparison_signs_is_kept_and_shown_encoded()
    {
        var slug = await TerritoryAsync();
        var client = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        const string Notes = "Budget 2027 < 10 000 €, coûts < recettes et délai > 3 mois";
        using var response = await client.PostFormAsync($"/t/{slug}/programme/4/edit",
            [new("Input.Status", "NotStarted"), new("Input.Deliverables", "Prototype"), new("Input.Notes", Notes)], tokenFrom: "/account/login");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await (await client.GetAsync($"/t/{slug}/programme")).Content.ReadAsStringAsync();
        Assert.Contains("Budget 2027 &lt; 10 000 &#x20AC;, co&#xFB;ts &lt; recettes et d&#xE9;lai &gt; 3 mois", html);
        Assert.Contains(TestClient.Parse(html).QuerySelectorAll("p"), p => p.TextContent.Contains(Notes));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BadInputSqliteTests(CatalyseFactory factory) : BadInputTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class BadInputPostgresTests(PostgresFactory factory) : BadInputTests(factory);
