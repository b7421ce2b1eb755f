using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>
/// The marketplace in Chromium: a resident of the Grand Guéret posts a need about isolated elderly people; the need's page
/// shows, with their reasons, the solution proven in Mirecourt Dompaire and the local association; the catalyst proposes an
/// introduction with the association, both sides accept and the catalyst records that they met. Then every other page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MarketplaceBrowserTests(BrowserFixture fixture)
{
    private const string VisitsSolution = "Visites de convivialité pour seniors isolés";

    private static ILocator Card(IPage page, string name) =>
        page.Locator("#matches li.card", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });

    [Fact]
    public async Task A_residents_need_finds_a_solution_and_an_actor_and_the_introduction_ends_in_a_meeting()
    {
        var word = "Pradeaux" + Guid.NewGuid().ToString("N")[..6];
        var title = $"Personnes âgées isolées au hameau de {word}";

        // 1. The resident posts the need.
        await using var resident = await fixture.NewSessionAsync();
        await resident.SignInAsync("habitant@catalyse.demo", "/t/grand-gueret/needs/new");
        await resident.CheckAccessibilityAsync();
        // Sent empty: the messages, nothing written.
        await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Signaler le besoin" }).ClickAsync();
        await Expect(resident.Page.Locator(".error-summary")).ToBeVisibleAsync();
        await resident.CheckAccessibilityAsync();
        await resident.Page.Locator("#Title").FillAsync(title);
        await resident.Page.Locator("#Description").FillAsync(
            "Dans les hameaux, des personnes âgées vivent seules et ne voient presque personne de la semaine : il faudrait des visites régulières et un peu de compagnie.");
        await resident.Page.Locator("#Themes").FillAsync("lien social");
        await resident.Page.Locator("#CommuneCode").SelectOptionAsync("23096");
        await resident.Page.Locator("#AffectedGroup").FillAsync("Personnes âgées vivant seules");
        await resident.Page.Locator("#AffectedCount").FillAsync("40");
        await resident.Page.Locator("#Urgency").SelectOptionAsync("High");
        await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Signaler le besoin" }).ClickAsync();
        await resident.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/needs/\d+$"));
        var needUrl = new Uri(resident.Page.Url).AbsolutePath;
        await Expect(resident.Page.Locator("h1")).ToHaveTextAsync(title);
        await resident.CheckAccessibilityAsync();

        // 2. The leads, with their reasons: the solution from elsewhere (a synonym: personnes âgées ≈ seniors) and the local actor.
        var solution = Card(resident.Page, VisitsSolution);
        await Expect(solution).ToHaveCountAsync(1);
        await Expect(resident.Page.Locator("#matches h3").First).ToHaveTextAsync("Solutions d'ailleurs");
        await Expect(solution.Locator("ul.reasons")).ToContainTextAsync("Synonyme : personnes âgées ≈ seniors");
        await Expect(solution.Locator("ul.reasons")).ToContainTextAsync(new Regex("Thèmes communs : |Mots en commun : "));
        var actor = Card(resident.Page, DemoMarketplace.VisitorsAssociation);
        await Expect(actor).ToHaveCountAsync(1);
        await Expect(actor.Locator("ul.reasons")).ToContainTextAsync(new Regex(@"à \d+,\d km"));
        await Expect(actor.Locator("ul.reasons")).ToContainTextAsync(new Regex("Thèmes communs : |Mots en commun : "));
        await resident.ScreenshotAsync("marketplace-need");

        // 3. The catalyst opens the need and proposes an introduction with the association.
        await using var catalyst = await fixture.NewSessionAsync();
        await catalyst.SignInAsync("catalyseur.gueret@catalyse.demo", needUrl);
        await catalyst.CheckAccessibilityAsync();
        await Expect(catalyst.Page.Locator("#status-title")).ToBeVisibleAsync();
        var card = Card(catalyst.Page, DemoMarketplace.VisitorsAssociation);
        await card.Locator("textarea").FillAsync("Vos bénévoles pourraient passer au hameau : voulez-vous en parler ?");
        await card.GetByRole(AriaRole.Button, new() { Name = "Proposer une mise en relation" }).ClickAsync();
        await catalyst.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/introductions/\d+$"));
        var introductionUrl = new Uri(catalyst.Page.Url).AbsolutePath;
        await Expect(catalyst.Page.Locator("body")).ToContainTextAsync("Mise en relation proposée : les deux parties sont prévenues.");
        await Expect(catalyst.Page.Locator("h1 + p .badge")).ToHaveTextAsync("Proposée");
        await catalyst.CheckAccessibilityAsync();
        await catalyst.VisitAsync(needUrl);
        await Expect(catalyst.Page.Locator("#introductions").GetByRole(AriaRole.Link, new() { Name = DemoMarketplace.VisitorsAssociation }))
            .ToHaveAttributeAsync("href", introductionUrl);
        await Expect(catalyst.Page.Locator("#introductions")).ToContainTextAsync("Proposée");

        // 4. The person answering for the association sees it (notification, list), opens it and accepts.
        await using var member = await fixture.NewSessionAsync();
        await member.SignInAsync("membre.gueret@catalyse.demo", "/notifications");
        await member.CheckAccessibilityAsync();
        await Expect(member.Page.Locator("main")).ToContainTextAsync($"Une mise en relation vous est proposée : « {title} ↔ {DemoMarketplace.VisitorsAssociation} ».");
        await member.VisitAsync("/t/grand-gueret/introductions");
        await member.Page.GetByRole(AriaRole.Link, new() { Name = $"{title} ↔ {DemoMarketplace.VisitorsAssociation}" }).ClickAsync();
        await member.Page.WaitForURLAsync(BaseUrlOf(member) + introductionUrl);
        await Expect(member.Page.Locator("main")).ToContainTextAsync("Vos bénévoles pourraient passer au hameau");
        await member.CheckAccessibilityAsync();
        await member.Page.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Expect(member.Page.Locator("body")).ToContainTextAsync("Vous avez accepté la mise en relation.");
        await Expect(member.Page.Locator("h1 + p .badge")).ToHaveTextAsync("Proposée");
        await member.CheckAccessibilityAsync();
        member.AssertEveryPageCheckedAndNoScriptError();

        // 5. The need's author accepts too: accepted.
        await resident.VisitAsync("/t/grand-gueret/introductions");
        await resident.Page.GetByRole(AriaRole.Link, new() { Name = $"{title} ↔ {DemoMarketplace.VisitorsAssociation}" }).ClickAsync();
        await resident.Page.WaitForURLAsync(BaseUrlOf(resident) + introductionUrl);
        await resident.CheckAccessibilityAsync();
        await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Expect(resident.Page.Locator("body")).ToContainTextAsync("Vous avez accepté la mise en relation.");
        await Expect(resident.Page.Locator("h1 + p .badge")).ToHaveTextAsync("Acceptée");
        await resident.CheckAccessibilityAsync();
        resident.AssertEveryPageCheckedAndNoScriptError();

        // 6. The catalyst records the outcome: they met.
        await catalyst.VisitAsync(introductionUrl);
        await Expect(catalyst.Page.Locator("h1 + p .badge")).ToHaveTextAsync("Acceptée");
        await catalyst.Page.Locator("#Outcome").SelectOptionAsync("MeetingHeld");
        await catalyst.Page.Locator("#Note").FillAsync("Première visite au hameau le 3 mars.");
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(catalyst.Page.Locator("main dl")).ToContainTextAsync("Rencontre faite");
        await Expect(catalyst.Page.Locator("main dl")).ToContainTextAsync("Première visite au hameau le 3 mars.");
        await catalyst.CheckAccessibilityAsync();
        await catalyst.ScreenshotAsync("marketplace-introduction");
        await catalyst.VisitAsync("/t/grand-gueret/introductions?tab=all");
        await Expect(catalyst.Page.Locator("li.card", new() { HasText = title })).ToContainTextAsync("Rencontre faite");
        catalyst.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task Every_other_marketplace_page_passes_axe_in_French_and_in_English()
    {
        await using var visitor = await fixture.NewSessionAsync();
        await visitor.VisitAsync("/t/grand-gueret/needs");
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Besoins du territoire");
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Aller au bourg sans voiture" })).ToBeVisibleAsync();

        await visitor.VisitAsync("/t/grand-gueret/offers");
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Offres");
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Une salle pour des ateliers le mercredi" }).ClickAsync();
        await visitor.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/offers/\d+$"));
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Une salle pour des ateliers le mercredi");
        await Expect(visitor.Page.Locator("#help")).ToBeVisibleAsync();
        await visitor.CheckAccessibilityAsync();

        await visitor.VisitAsync("/pioneers");
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Bourse des pionniers");
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Deux jours pour lancer une fabrique à initiatives" })).ToBeVisibleAsync();

        await visitor.VisitAsync("/solutions");
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Solutions");
        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = VisitsSolution }).ClickAsync();
        await visitor.Page.WaitForURLAsync(new Regex(@"/solutions/\d+$"));
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync(VisitsSolution);
        await Expect(visitor.Page.Locator("section[aria-labelledby=adoptions]")).ToContainTextAsync("facteurs");
        await visitor.CheckAccessibilityAsync();

        await visitor.VisitAsync("/solutions/spread");
        await Expect(visitor.Page.Locator("h1")).ToHaveTextAsync("Comment les solutions essaiment");
        await Expect(visitor.Page.Locator("section[aria-labelledby=moves] tbody")).ToContainTextAsync(VisitsSolution);
        visitor.AssertEveryPageCheckedAndNoScriptError();

        // Signed in: the forms, and the catalyst's synonyms.
        await using var catalyst = await fixture.NewSessionAsync();
        await catalyst.SignInAsync("catalyseur.gueret@catalyse.demo", "/t/grand-gueret/offers/new");
        await catalyst.CheckAccessibilityAsync();
        await Expect(catalyst.Page.Locator("h1")).ToHaveTextAsync("Proposer une offre");
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Publier l'offre" }).ClickAsync();
        await Expect(catalyst.Page.Locator(".error-summary")).ToBeVisibleAsync();
        await catalyst.CheckAccessibilityAsync();

        await catalyst.VisitAsync("/solutions/new");
        await Expect(catalyst.Page.Locator("h1")).ToHaveTextAsync("Partager une solution");
        await catalyst.Page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(catalyst.Page.Locator(".error-summary")).ToBeVisibleAsync();
        await catalyst.CheckAccessibilityAsync();

        await catalyst.VisitAsync("/t/grand-gueret/marketplace/synonyms");
        await Expect(catalyst.Page.Locator("h1")).ToHaveTextAsync("Synonymes de la place de marché");
        await Expect(catalyst.Page.Locator("#Text")).ToHaveValueAsync(new Regex("personnes âgées ~ seniors"));

        catalyst.AssertEveryPageCheckedAndNoScriptError();

        // In English, as a fresh resident (the language chosen sticks to the account: the demo accounts stay in French).
        var email = Unique.Email("marketplace-en");
        await People.CreateConfirmedAsync(fixture.App, email);
        await using var english = await fixture.NewSessionAsync();
        await english.SignInAsync(email, "/t/grand-gueret/needs/new", People.Password);
        await english.CheckAccessibilityAsync();
        await english.Page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(english.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await english.CheckAccessibilityAsync();
        await english.Page.GetByRole(AriaRole.Button, new() { Name = "Report the need" }).ClickAsync();
        await Expect(english.Page.Locator(".error-summary")).ToBeVisibleAsync();
        await english.CheckAccessibilityAsync();
        foreach (var (path, heading) in new[]
        {
            ("/t/grand-gueret/needs", "Needs of the territory"),
            ("/t/grand-gueret/offers", "Offers"),
            ("/pioneers", "Pioneers' exchange"),
            ("/solutions", "Solutions"),
            ("/solutions/spread", "How solutions spread"),
            ("/t/grand-gueret/introductions", "Introductions"),
        })
        {
            await english.VisitAsync(path);
            await Expect(english.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Expect(english.Page.Locator("h1")).ToHaveTextAsync(heading);
        }
        await english.VisitAsync("/t/grand-gueret/needs");
        await english.Page.GetByRole(AriaRole.Link, new() { Name = "Aller au bourg sans voiture" }).ClickAsync();
        await english.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/needs/\d+$"));
        await Expect(english.Page.Locator("#matches-title")).ToHaveTextAsync("Leads");
        await english.CheckAccessibilityAsync();
        english.AssertEveryPageCheckedAndNoScriptError();
    }

    private static string BaseUrlOf(BrowserSession session) => session.BaseUrl;
}
