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


    [Theory]
    [MemberData(nameof(MarketplaceOfferFormCases))]
    public async Task Marketplace_offer_form_field_with_a_bad_value_gets_a_clear_answer(string form, string field, string value, string expected) =>
        await ParticipationFormCaseAsync(await MarketplaceArrangedAsync(MarketplaceOfferForms.Single(f => f.Name == form)), field, value, expected);

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
}
