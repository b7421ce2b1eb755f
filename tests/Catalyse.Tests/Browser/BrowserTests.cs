using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>
/// End-to-end journeys in Debian's Chromium against the app on Kestrel. Every document shown is
/// checked with axe (no serious or critical violation) and no script may fail.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(BrowserFixture fixture)
{
    private const string Coordinator = "coordination@catalyse.demo";
    private const string GueretCatalyst = "catalyseur.gueret@catalyse.demo";
    private const string GrenobleCatalyst = "catalyseur.grenoble@catalyse.demo";

    // The perimeter picked in the creation tests: two EPCI in two régions and one commune outside both.
    private const string GrandGueret = "200034825";       // CA du Grand Guéret (Creuse)
    private const string MirecourtDompaire = "200068369"; // CC de Mirecourt Dompaire (Vosges)
    private const string Voiron = "38563";                // Isère, CA du Pays Voironnais, not Grenoble-Alpes-Métropole

    [Fact]
    public async Task Visitor_signs_up_confirms_through_the_mail_and_signs_in()
    {
        await using var s = await fixture.NewSessionAsync();
        var email = $"nouvelle.{Guid.NewGuid():N}@example.test";
        const string password = "Inscription-2026";

        await s.VisitAsync("/account/register");
        await s.Page.Locator("#Input_DisplayName").FillAsync("Nina Nouvelle");
        await s.Page.Locator("#Input_Email").FillAsync(email);
        await s.Page.Locator("#Input_Password").FillAsync(password);
        await s.Page.Locator("#Input_ConfirmPassword").FillAsync(password);
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Expect(s.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(email);
        await s.CheckAccessibilityAsync();

        var mail = await Mailbox.LatestToAsync(fixture.App.MailFolder, email);
        var link = Mailbox.Link(mail, "/account/confirm");
        Assert.StartsWith(fixture.BaseUrl + "/account/confirm", link);
        await s.VisitAsync(link);
        await Expect(s.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre adresse est confirmée");

        await s.Page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await s.Page.WaitForURLAsync(fixture.BaseUrl + "/account/login");
        await s.CheckAccessibilityAsync();
        await s.Page.Locator("#Input_Email").FillAsync(email);
        await s.Page.Locator("#Input_Password").FillAsync(password);
        await s.Page.Locator("main form button[type=submit]").ClickAsync();
        await s.Page.WaitForURLAsync(fixture.BaseUrl + "/");
        await Expect(s.Page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" })).ToBeVisibleAsync();
        await Expect(s.Page.GetByRole(AriaRole.Link, new() { Name = "Mon profil" })).ToBeVisibleAsync();
        await NetworkMapDrawn(s.Page);
        await s.CheckAccessibilityAsync();

        s.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task Coordinator_creates_a_territory_from_two_EPCI_and_a_commune_with_live_search()
    {
        var expected = ExpectedPerimeter();
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync(Coordinator, "/territories/new");
        await s.CheckAccessibilityAsync();
        await Expect(s.Page.Locator(".error-summary")).ToBeHiddenAsync(); // no empty error box before any error

        await s.Page.Locator("#Input_Name").FillAsync("Bourgs en réseau (navigateur)");
        await s.Page.Locator("#Input_Slug").FillAsync("bourgs-navigateur");
        await s.Page.Locator("#Input_Description").FillAsync("Créé par le test du navigateur, avec JavaScript.");
        await s.Page.Locator("#Input_Themes").FillAsync("mieux vieillir, mobilité");

        await PickLive(s.Page, "Grand Guéret", $"epci:{GrandGueret}");
        await PickLive(s.Page, "Mirecourt", $"epci:{MirecourtDompaire}");
        await PickLive(s.Page, "Voiron", $"commune:{Voiron}");
        // The results of the last search are still on screen: the page as a coordinator sees it.
        await Expect(s.Page.Locator("#geo-results .search-results li").First).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();
        await s.ScreenshotAsync("territories-new-results");

        await Expect(s.Page.Locator("#picked input:checked")).ToHaveCountAsync(3);
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Créer le territoire" }).ClickAsync();
        await s.Page.WaitForURLAsync(fixture.BaseUrl + "/t/bourgs-navigateur");
        await Expect(s.Page.Locator("main .flash")).ToContainTextAsync("Bourgs en réseau (navigateur)");
        await AssertFigures(s.Page, expected);
        // The map draws one interactive shape per commune (outline or centroid).
        await Expect(s.Page.Locator("#territory-map path.leaflet-interactive")).ToHaveCountAsync(expected.Communes);
        await s.CheckAccessibilityAsync();

        s.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task Coordinator_creates_a_territory_without_JavaScript()
    {
        var expected = ExpectedPerimeter();
        await using var s = await fixture.NewSessionAsync(javaScript: false);
        await s.SignInAsync(Coordinator, "/territories/new");
        await s.CheckAccessibilityAsync();

        await s.Page.Locator("#Input_Name").FillAsync("Bourgs sans script");
        await s.Page.Locator("#Input_Slug").FillAsync("bourgs-sans-script");
        // By SIREN, by name and by postal code: each search posts the form and re-renders it with results.
        await PickWithoutScript(s, GrandGueret, $"epci:{GrandGueret}");
        await PickWithoutScript(s, "Mirecourt Dompaire", $"epci:{MirecourtDompaire}");
        await PickWithoutScript(s, "38500", $"commune:{Voiron}");
        await Expect(s.Page.Locator("#picked input:checked")).ToHaveCountAsync(2); // the third is ticked in the results
        await Expect(s.Page.Locator("#Input_Name")).ToHaveValueAsync("Bourgs sans script");

        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Créer le territoire" }).ClickAsync();
        await s.Page.WaitForURLAsync(fixture.BaseUrl + "/t/bourgs-sans-script");
        await AssertFigures(s.Page, expected);
        await Expect(s.Page.Locator("#territory-map .map-fallback")).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();

        s.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task Header_button_switches_to_English()
    {
        await using var s = await fixture.NewSessionAsync();
        await s.VisitAsync("/account/login");
        await Expect(s.Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        await s.Page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await s.Page.WaitForURLAsync(fixture.BaseUrl + "/account/login");
        await Expect(s.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(s.Page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Français" })).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();
        var cookie = Assert.Single(await s.Context.CookiesAsync(), c => c.Name == ".AspNetCore.Culture");
        Assert.Equal("c=en|uic=en", Uri.UnescapeDataString(cookie.Value));

        await Expect(s.Page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(s.Page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Sign up" })).ToBeVisibleAsync();

        // The choice sticks on the next page.
        await s.VisitAsync("/t/grand-gueret", TerritoryMapDrawn(25));
        await Expect(s.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        s.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task Public_pages_and_re_rendered_forms_pass_axe()
    {
        await using var s = await fixture.NewSessionAsync();
        await s.VisitAsync("/", NetworkMapDrawn);
        await s.VisitAsync("/t/grand-gueret", TerritoryMapDrawn(25));
        await s.ScreenshotAsync("territory-grand-gueret");
        await s.VisitAsync("/t/grand-gueret/programme");
        await s.VisitAsync("/account/forgot-password");
        await s.VisitAsync("/error/404", expectedStatus: 404);
        await Expect(s.Page.Locator("h1")).ToHaveTextAsync("Page introuvable");
        await s.VisitAsync("/t/does-not-exist", expectedStatus: 404);
        // Petitions: the list, the demo petition collecting signatures (counter, public log), the log verification page.
        await s.VisitAsync("/t/grenoble-alpes/petitions");
        await s.Page.Locator("main .entry-list h2 a").First.ClickAsync();
        await s.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/t/grenoble-alpes/petitions/\d+$"));
        await Expect(s.Page.Locator("#petition-counter")).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();
        await s.VisitAsync("/verify");
        // Votes: the list, the demo participatory budget (open: the invitation to sign in), and a closed vote's result.
        await s.VisitAsync("/t/grenoble-alpes/votes");
        await s.Page.GetByRole(AriaRole.Link, new() { Name = "Budget participatif 2027 : vos projets pour les quartiers" }).ClickAsync();
        await s.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/t/grenoble-alpes/votes/\d+$"));
        await Expect(s.Page.GetByRole(AriaRole.Link, new() { Name = "Connectez-vous pour voter" })).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();
        var closed = await ClosedRankedVoteAsync();
        await s.VisitAsync($"/t/grenoble-alpes/votes/{closed}");
        await Expect(s.Page.Locator("#result-title")).ToBeVisibleAsync();
        await Expect(s.Page.Locator("main table")).ToHaveCountAsync(2); // the result, and the duels of the ranked method
        await s.ScreenshotAsync("vote-result-ranked");

        // Forms sent empty or wrong come back with their messages (status 400).
        await s.VisitAsync("/account/register");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Expect(s.Page.Locator(".error-summary li").First).ToBeVisibleAsync();
        await Expect(s.Page.Locator("[data-valmsg-for='Input.Email']")).Not.ToBeEmptyAsync();
        await s.CheckAccessibilityAsync();

        await s.VisitAsync("/account/login");
        await s.Page.Locator("#Input_Email").FillAsync(Coordinator);
        await s.Page.Locator("#Input_Password").FillAsync("not-the-password");
        await s.Page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(s.Page.Locator(".error-summary")).ToContainTextAsync("Adresse ou mot de passe incorrect");
        await s.CheckAccessibilityAsync();

        s.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task Catalyst_pages_pass_axe()
    {
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync(GueretCatalyst, "/t/grand-gueret/programme/1/edit");
        await Expect(s.Page.Locator("#Input_Status")).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();

        await s.VisitAsync("/t/grand-gueret/edit");
        await Expect(s.Page.Locator("#Input_Name")).ToBeVisibleAsync();
        await s.VisitAsync("/t/grand-gueret/team");
        await Expect(s.Page.Locator("main table tbody tr").First).ToBeVisibleAsync();
        // Filing a petition (signed in), in another territory than the catalyst's own.
        await s.VisitAsync("/t/grenoble-alpes/petitions/new");
        await Expect(s.Page.Locator("#Target")).ToBeVisibleAsync();

        await s.VisitAsync("/account/profile");
        // A token without a name: the form comes back with its message.
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Créer un jeton" }).ClickAsync();
        await Expect(s.Page.Locator("[data-valmsg-for='NewToken.Name']")).Not.ToBeEmptyAsync();
        await s.CheckAccessibilityAsync();
        await s.Page.Locator("#NewToken_Name").FillAsync("Tableur de suivi");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Créer un jeton" }).ClickAsync();
        await Expect(s.Page.Locator("#created-token")).ToContainTextAsync("cat_");
        await Expect(s.Page.Locator("main table")).ToContainTextAsync("Tableur de suivi");
        await s.CheckAccessibilityAsync();

        // Notifications, the moderation queue, and the report form of a demo proposal (sent without a reason: 400).
        await s.VisitAsync("/notifications");
        await s.VisitAsync("/t/grand-gueret/moderation");
        await Expect(s.Page.Locator("#blocked-title")).ToBeVisibleAsync();
        await s.VisitAsync("/t/grand-gueret/consultations");
        await s.Page.Locator("main .entry-list h2 a").First.ClickAsync();
        await s.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/t/grand-gueret/consultations/\d+$"));
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Link, new() { Name = "Un minibus à la demande pour aller au marché" }).ClickAsync();
        await s.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/t/grand-gueret/proposals/\d+$"));
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Link, new() { Name = "Signaler cette proposition" }).ClickAsync();
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Signaler", Exact = true }).ClickAsync();
        await Expect(s.Page.Locator(".error-summary")).ToContainTextAsync("Choisissez la raison du signalement.");
        await s.CheckAccessibilityAsync();

        s.AssertEveryPageCheckedAndNoScriptError();

        // The catalyst of Grenoble sees the authorities' and the census forms, and the answer form of a petition.
        await using var g = await fixture.NewSessionAsync();
        await g.SignInAsync(GrenobleCatalyst, "/t/grenoble-alpes/petitions/authorities");
        await Expect(g.Page.Locator("#Name")).ToBeVisibleAsync();
        await Expect(g.Page.Locator("#CensusFile")).ToBeVisibleAsync();
        await g.CheckAccessibilityAsync();
        await g.VisitAsync("/t/grenoble-alpes/petitions");
        await g.Page.Locator("main .entry-list h2 a").First.ClickAsync();
        await g.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/t/grenoble-alpes/petitions/\d+$"));
        await Expect(g.Page.Locator("#Answer")).ToBeVisibleAsync();
        await g.CheckAccessibilityAsync();
        // Organising a vote: the form, then sent without options (it comes back with its messages, status 400).
        await g.VisitAsync("/t/grenoble-alpes/votes/new");
        await Expect(g.Page.Locator("#Options")).ToBeVisibleAsync();
        await g.Page.Locator("#Title").FillAsync("Nom du futur parc");
        await g.Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(g.Page.Locator("[data-valmsg-for='Options']")).Not.ToBeEmptyAsync();
        await g.CheckAccessibilityAsync();
        g.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task Axe_check_fails_on_serious_violations_and_names_them()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="fr"><head><title>Mauvaise page</title></head>
            <body><main><h1>Formulaire</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text" id="sans-etiquette"></main></body></html>
            """);
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.FailException>(() => Axe.AssertNoSeriousViolationsAsync(page, "a test page"));
        Assert.Contains("image-alt [critical]", failure.Message);
        Assert.Contains("label [critical]", failure.Message);
        Assert.Contains("#sans-etiquette", failure.Message);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /// <summary>A ranked vote of grenoble-alpes with three ballots, closed five minutes ago (its result is due): its id.</summary>
    private async Task<int> ClosedRankedVoteAsync()
    {
        var vote = await Participation.VoteData.OpenAsync(fixture.App, Catalyse.Web.Features.Participation.Votes.VoteMethod.Ranked,
            "Parc des Tilleuls\nParc Simone-Veil\nParc de la Résistance");
        var (a, b, c) = (vote.Options[0].Id, vote.Options[1].Id, vote.Options[2].Id);
        var people = await Participation.PetitionData.PeopleAsync(fixture.App, 3);
        foreach (var (person, ranking) in people.Zip(new[] { new[] { a, b, c }, [b, a], [c] }))
            Assert.Equal(Catalyse.Web.Features.Participation.Votes.CastOutcome.Cast,
                (await Participation.VoteData.CastAsync(fixture.App, vote.Id, person, Participation.VoteData.Rank(ranking))).Outcome);
        await Participation.VoteData.CloseAsync(fixture.App, vote.Id);
        return vote.Id;
    }

    /// <summary>Types in the search box (htmx fetches results as you type) and ticks one result, which moves to "Sélection".</summary>
    private async Task PickLive(IPage page, string query, string key)
    {
        var box = page.Locator("#geo-q");
        await page.RunAndWaitForResponseAsync(() => box.FillAsync(query),
            r => r.Url.Contains("handler=Search") && Uri.UnescapeDataString(r.Url.Replace('+', ' ')).Contains("q=" + query) && r.Status == 200);
        var result = page.Locator($"#geo-results input[type=checkbox][value='{key}']");
        await result.CheckAsync();
        await Expect(page.Locator($"#picked input[type=checkbox][value='{key}']")).ToBeCheckedAsync();
        await Expect(page.Locator($"#geo-results input[type=checkbox][value='{key}']")).ToHaveCountAsync(0);
    }

    /// <summary>Without JavaScript: the "Rechercher" button posts the form back with the results; ticking keeps the choice for the next post.</summary>
    private static async Task PickWithoutScript(BrowserSession s, string query, string key)
    {
        await s.Page.Locator("#geo-q").FillAsync(query);
        await s.Page.RunAndWaitForResponseAsync(
            () => s.Page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("handler=Search"));
        // The result is not on the previous page (other query), so this waits for the re-rendered form.
        var result = s.Page.Locator($"#geo-results input[type=checkbox][value='{key}']");
        await Expect(result).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();
        await result.CheckAsync();
    }

    private static async Task AssertFigures(IPage page, (long Population, int Communes) expected)
    {
        var population = await page.Locator("dl.facts div").Filter(new() { Has = page.Locator("dt", new() { HasTextString = "Population" }) }).Locator("dd").InnerTextAsync();
        var communes = await page.Locator("dl.facts div").Filter(new() { Has = page.Locator("dt", new() { HasTextString = "Communes" }) }).Locator("dd").InnerTextAsync();
        Assert.Equal(expected.Population, long.Parse(new string(population.Where(char.IsAsciiDigit).ToArray())));
        Assert.Equal(expected.Communes, int.Parse(new string(communes.Where(char.IsAsciiDigit).ToArray())));
        await Expect(page.Locator("main section[aria-labelledby=map-title] > ul > li")).ToHaveCountAsync(3);
    }

    private static Task NetworkMapDrawn(IPage page) =>
        Expect(page.Locator("#network-map path.leaflet-interactive").First).ToBeVisibleAsync();

    private static Func<IPage, Task> TerritoryMapDrawn(int communes) => page =>
        Expect(page.Locator("#territory-map path.leaflet-interactive")).ToHaveCountAsync(communes);

    /// <summary>Population and commune count of the picked perimeter, straight from the shipped epci.json.</summary>
    private (long Population, int Communes) ExpectedPerimeter()
    {
        var root = fixture.App.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "ReferenceData", "geo", "epci.json")));
        var epcis = json.RootElement.EnumerateArray().ToList();
        var members = new Dictionary<string, long>();
        foreach (var code in new[] { GrandGueret, MirecourtDompaire })
            foreach (var m in epcis.Single(e => e.GetProperty("code").GetString() == code).GetProperty("membres").EnumerateArray())
                members[m.GetProperty("code").GetString()!] = m.GetProperty("populationTotale").GetInt64();
        Assert.DoesNotContain(Voiron, members.Keys);
        var voiron = epcis.SelectMany(e => e.GetProperty("membres").EnumerateArray())
            .Single(m => m.GetProperty("code").GetString() == Voiron);
        Assert.NotEqual("200040715", epcis.Single(e => e.GetProperty("membres").EnumerateArray()
            .Any(m => m.GetProperty("code").GetString() == Voiron)).GetProperty("code").GetString());
        members[Voiron] = voiron.GetProperty("populationTotale").GetInt64();
        return (members.Values.Sum(), members.Count);
    }
}
