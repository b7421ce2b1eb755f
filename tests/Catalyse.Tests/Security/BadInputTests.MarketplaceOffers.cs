using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Security;

/// <summary>
/// Bad input on the offer form, the bourse des pionniers' form of days given, the solution form and "we adapted it".
/// In the tests' own territory (perimeter: Guéret), with a fresh pioneer offer or solution per case.
/// </summary>
public abstract partial class BadInputTests
{
    /// <summary>Placeholders: <c>{territory}</c>, <c>{territory.id}</c>, <c>{offer.pioneer}</c> (10 days, fresh), <c>{solution}</c> (fresh).</summary>
    private static FormUnderTest[] MarketplaceOfferForms =>
    [
        new("offer", "/t/{territory}/offers/new", Persona.Coordinator,
            [("Kind", "Skills"), ("Title", "Visites de convivialité {unique}"), ("Description", "Des bénévoles formés rendent visite aux personnes seules."),
             ("Themes", "lien social, aînés"), ("CommuneCode", "23096"), ("Quantity", "3"), ("AvailableUntil", "2099-06-30"), ("EntryId", "")],
            (name, v) => name is "Themes" or "Quantity" or "AvailableUntil" or "EntryId" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("pioneer use", "/pioneers", Persona.Coordinator,
            [("OfferId", "{offer.pioneer}"), ("Territory", "{territory}"), ("Days", "1"), ("On", "2026-11-01"), ("Purpose", "Aide au démarrage de la fabrique")],
            (_, v) => FormUnderTest.Required(v)) { Fixed = ["OfferId"] },
        new("solution", "/solutions/new", Persona.Coordinator,
            [("Title", "Réseau de visiteurs {unique}"), ("Summary", "Des bénévoles rendent visite chaque semaine aux seniors isolés."), ("ForWhom", "Seniors isolés"),
             ("Results", "120 personnes visitées"), ("Cost", "8 000 € par an"), ("Conditions", "Un coordinateur à mi-temps"), ("Themes", "lien social"),
             ("CommuneCode", "23096"), ("OriginTerritoryId", "{territory.id}"), ("ContactEntryId", "")],
            (name, v) => name is "Title" or "Summary" ? FormUnderTest.Required(v) : FormUnderTest.Optional(v)),
        new("adoption", "/solutions/{solution}", Persona.Coordinator,
            [("Territory", "{territory}"), ("Changes", "Adaptée aux hameaux"), ("StartedOn", "2026-09-01")], (_, v) => FormUnderTest.Required(v)),
    ];

    public static TheoryData<string, string, string, string> MarketplaceOfferFormCases => ParticipationCases(MarketplaceOfferForms);

    private static readonly Regex MarketplaceMessage = new(
        @"^(Choisissez ce que vous offrez\.|Le titre compte de 5 à 200 caractères\.|Décrivez l'offre en .+|Décrivez la solution en .+|Choisissez la commune concernée\."
        + @"|Cette commune n'est pas dans le périmètre du territoire\.|Code commune inconnu\.|Territoire inconnu\.|Cette fiche de l'annuaire n'existe pas\."
        + @"|Choisissez le territoire qui a reçu les jours\.|Des jours par demi-journées, de 0,5 à 60\.|Indiquez la date\.|Une date des années 2000 à 2100\."
        + @"|Dites à quoi ont servi les jours .+|Choisissez un territoire dont vous êtes catalyseur\.|Dites ce qui a changé dans l'adaptation .+"
        + @"|Indiquez quand l'adaptation a commencé\.|Une date à venir\.|Une quantité positive\.|Il reste .+ jours sur cette offre\.|\d+ thèmes au plus\.)$");

    [Theory]
    [MemberData(nameof(MarketplaceOfferFormCases))]
    public async Task Marketplace_offer_form_field_with_a_bad_value_gets_a_clear_answer(string form, string field, string value, string expected)
    {
        var f = MarketplaceOfferForms.Single(x => x.Name == form);
        var bad = BadValues.All.Single(v => v.Label() == value);
        var outcome = f.Rule(field, bad);
        Assert.Equal(Expectation(outcome), expected);
        var client = await ClientAsync(f.Persona);
        var unique = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var made = new Dictionary<string, string> { ["{territory}"] = await TerritoryAsync() };
        var url = await MarketplacePlaceholdersAsync(f.Url, made);
        var pairs = new List<(string Key, byte[] Encoded)>();
        foreach (var (key, text) in f.Valid)
        {
            var resolved = await MarketplacePlaceholdersAsync(text.Replace("{unique}", unique), made);
            pairs.Add((key, key == field ? bad.FormEncoded() : Encoding.ASCII.GetBytes(Uri.EscapeDataString(resolved))));
        }
        var before = outcome == Outcome.Refused ? await DbFingerprint.TakeAsync(factory) : null;
        using var response = await PostRawFormAsync(client, url, pairs);
        var status = (int)response.StatusCode;
        var html = await response.Content.ReadAsStringAsync();
        var what = $"{f.Name} {field} = {value}";
        Assert.True(status < 500, $"{what}: {status}");
        if (outcome == Outcome.Refused)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {status} {response.Headers.Location}");
            var doc = TestClient.Parse(html);
            Assert.Equal("fr", doc.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(doc.QuerySelector("form[method=post]"));
            var span = doc.QuerySelector($"[data-valmsg-for='{field}']");
            var message = span is not null && span.TextContent.Trim().Length > 0
                ? span.TextContent.Trim()
                : doc.QuerySelector(".validation-summary-errors li")?.TextContent.Trim() ?? "";
            Assert.True(FrenchMessage.IsMatch(message) || MarketplaceMessage.IsMatch(message), $"{what}: expected a French message for the field, got '{message}'");
            DbFingerprint.AssertUnchanged(before!, await DbFingerprint.TakeAsync(factory), what);
        }
        else
        {
            Assert.True(status is 200 or 302 or 400, $"{what}: {status}");
            if (outcome == Outcome.Accepted && status != 302)
            {
                var message = TestClient.Parse(html).QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim();
                Assert.True(string.IsNullOrEmpty(message), $"{what}: accepted value got a message '{message}'");
            }
            DbFingerprint.AssertWellFormed(await DbFingerprint.TakeAsync(factory), what);
        }
        if (response.Content.Headers.ContentType?.MediaType == "text/html") BadValues.AssertNotReflected(html, what);
    }

    /// <summary>Recording more days than are left is refused with the days left, nothing written.</summary>
    [Fact]
    public async Task Pioneer_days_beyond_those_left_are_refused_with_the_days_left()
    {
        var client = await ClientAsync(Persona.Coordinator);
        var slug = await TerritoryAsync();
        var offer = await MarketplaceFixtures.CreateOfferAsync(factory, slug, pioneer: true);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await PostRawFormAsync(client, "/pioneers", [("OfferId", A(offer.Id.ToString())), ("Territory", A(slug)), ("Days", A("11")),
            ("On", A("2026-11-01")), ("Purpose", A("Aide au démarrage de la fabrique"))]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Matches("^Il reste 10([,.]0+)? jours sur cette offre\\.$", doc.QuerySelector("[data-valmsg-for='Days']")?.TextContent.Trim() ?? "");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "overdraw");

        static byte[] A(string s) => Encoding.ASCII.GetBytes(Uri.EscapeDataString(s));
    }

    private async Task<string> MarketplacePlaceholdersAsync(string text, Dictionary<string, string> made)
    {
        var slug = made["{territory}"];
        if (text.Contains("{territory.id}") && !made.ContainsKey("{territory.id}"))
            made["{territory.id}"] = (await MarketplaceFixtures.TerritoryAsync(factory, slug)).TerritoryId.ToString();
        if (text.Contains("{offer.pioneer}") && !made.ContainsKey("{offer.pioneer}"))
            made["{offer.pioneer}"] = (await MarketplaceFixtures.CreateOfferAsync(factory, slug, pioneer: true)).Id.ToString();
        if (text.Contains("{solution}") && !made.ContainsKey("{solution}"))
            made["{solution}"] = (await MarketplaceFixtures.CreateSolutionAsync(factory)).Id.ToString();
        foreach (var (placeholder, value) in made) text = text.Replace(placeholder, value);
        return text;
    }
}
