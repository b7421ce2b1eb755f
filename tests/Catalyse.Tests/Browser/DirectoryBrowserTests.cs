using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>The directory in Chromium: a catalyst's entry on the map, search without accents, the detail page, a suggestion with errors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DirectoryBrowserTests(BrowserFixture fixture)
{
    private const string GueretCatalyst = "catalyseur.gueret@catalyse.demo";
    private const string Resident = "habitant@catalyse.demo";

    /// <summary>The map has drawn at least one marker (circle) or cluster.</summary>
    private static Task MapDrawn(IPage page) =>
        Expect(page.Locator("#directory-map path.leaflet-interactive, #directory-map .cluster").First).ToBeVisibleAsync();

    [Fact]
    public async Task Catalyst_adds_an_entry_which_is_on_the_map_found_without_accents_and_opens()
    {
        var name = $"Crèches parentales du Limousin {Guid.NewGuid().ToString("N")[..6]}";
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync(GueretCatalyst, "/t/grand-gueret/directory/new");
        await s.CheckAccessibilityAsync();
        await s.Page.Locator("#Input_Kind").SelectOptionAsync("Actor");
        await s.Page.Locator("#Input_Category").SelectOptionAsync("association");
        await s.Page.Locator("#Input_Name").FillAsync(name);
        await s.Page.Locator("#Input_Description").FillAsync("Accueil des tout-petits géré par les familles.");
        await s.Page.Locator("#Input_CommuneCode").FillAsync("23096");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/directory/\d+$"));
        await Expect(s.Page.Locator("h1")).ToHaveTextAsync(name);
        await s.CheckAccessibilityAsync();

        await s.VisitAsync("/t/grand-gueret/directory", MapDrawn);
        await s.Page.Locator("#q").FillAsync("creche");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/directory\?q=creche"));
        var link = s.Page.Locator("ul.entry-list").GetByRole(AriaRole.Link, new() { Name = name });
        await Expect(link).ToBeVisibleAsync();
        await MapDrawn(s.Page);
        await s.CheckAccessibilityAsync();

        await link.ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/directory/\d+$"));
        await Expect(s.Page.Locator("h1")).ToHaveTextAsync(name);
        await s.CheckAccessibilityAsync();
        s.AssertEveryPageCheckedAndNoScriptError();
    }

    [Fact]
    public async Task A_residents_suggestion_with_errors_comes_back_accessible()
    {
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync(Resident, "/t/grand-gueret/directory/new");
        await s.CheckAccessibilityAsync();
        await s.Page.Locator("#Input_Website").FillAsync("pas-une-adresse");
        await s.Page.Locator("#Input_CommuneCode").FillAsync("38185");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Expect(s.Page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(s.Page.Locator("[data-valmsg-for='Input.Name']")).ToHaveTextAsync("Ce champ est obligatoire.");
        await s.CheckAccessibilityAsync();

        await s.Page.Locator("#Input_Name").FillAsync("Proposition du navigateur");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Expect(s.Page.Locator("[data-valmsg-for='Input.CommuneCode']")).ToHaveTextAsync("Cette commune n'est pas dans le périmètre du territoire.");
        await Expect(s.Page.Locator("[data-valmsg-for='Input.Website']")).ToContainTextAsync("Adresse web invalide");
        await Expect(s.Page.Locator("#Input_Name")).ToHaveValueAsync("Proposition du navigateur");
        await s.CheckAccessibilityAsync();
        s.AssertEveryPageCheckedAndNoScriptError();
    }
}
