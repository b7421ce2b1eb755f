using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>A resident takes part in the demo participatory budget of grenoble-alpes: one step, a receipt, then no second ballot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VoteBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_resident_chooses_projects_within_the_budget_and_gets_a_receipt()
    {
        var email = Unique.Email("budget");
        await People.CreateConfirmedAsync(fixture.App, email);
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync(email, "/t/grenoble-alpes/votes", People.Password);
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Link, new() { Name = "Budget participatif 2027 : vos projets pour les quartiers" }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grenoble-alpes/votes/\d+$"));
        await s.CheckAccessibilityAsync();
        await s.Page.GetByLabel("Code postal", new() { Exact = true }).FillAsync("38100");
        // Over budget: 250,000 + 180,000 + 150,000 + 120,000 + 90,000 + 60,000 = 850,000 > 800,000.
        foreach (var box in await s.Page.GetByRole(AriaRole.Checkbox).AllAsync()) await box.CheckAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Déposer mon bulletin" }).ClickAsync();
        await Expect(s.Page.Locator(".field-error").Filter(new() { HasText = "Votre sélection coûte 850" })).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();
        await s.Page.GetByLabel(new Regex("Fresque participative")).UncheckAsync();
        await s.Page.GetByLabel(new Regex("Fontaines à eau")).UncheckAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Déposer mon bulletin" }).ClickAsync();
        await Expect(s.Page.Locator("main")).ToContainTextAsync("A voté ! Votre bulletin figure au journal public sous le reçu");
        await Expect(s.Page.Locator("#ballot-title + p + p")).ToContainTextAsync("Vous avez voté.");
        await Expect(s.Page.GetByRole(AriaRole.Button, new() { Name = "Déposer mon bulletin" })).ToHaveCountAsync(0);
        await s.CheckAccessibilityAsync();
        s.AssertEveryPageCheckedAndNoScriptError();
    }
}
