using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>A resident of the Grand Guéret proposes in the demo consultation, supports and comments; the catalyst answers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsultationBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_resident_proposes_supports_and_comments_and_the_catalyst_answers()
    {
        var email = Unique.Email("aine");
        await People.CreateConfirmedAsync(fixture.App, email);
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync(email, "/t/grand-gueret/consultations", People.Password);
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Link, new() { Name = "Bien vieillir dans le Grand Guéret" }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/consultations/\d+$"));
        await Expect(s.Page.Locator("li[aria-current=step]")).ToContainTextAsync("Propositions");
        await s.CheckAccessibilityAsync();
        await s.Page.GetByLabel("Titre").FillAsync("Un café des aidants chaque mois");
        await s.Page.GetByLabel("Votre proposition").FillAsync("Un lieu et un moment pour que les aidants se retrouvent, soufflent et partagent leurs solutions.");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Publier la proposition" }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/proposals/\d+$"));
        var url = new Uri(s.Page.Url).AbsolutePath;
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Je soutiens" }).ClickAsync();
        await Expect(s.Page.Locator("#support-title + p strong")).ToHaveTextAsync("1");
        await s.CheckAccessibilityAsync();
        await s.Page.GetByLabel("Votre commentaire").FillAsync("Le centre social pourrait nous accueillir.");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Commenter" }).ClickAsync();
        await Expect(s.Page.Locator("#comments")).ToContainTextAsync("Le centre social pourrait nous accueillir.");
        await s.CheckAccessibilityAsync();
        s.AssertEveryPageCheckedAndNoScriptError();

        await using var catalyst = await fixture.NewSessionAsync();
        await catalyst.SignInAsync("catalyseur.gueret@catalyse.demo", url);
        await catalyst.CheckAccessibilityAsync();
        await catalyst.Page.GetByLabel("Statut").SelectOptionAsync("Accepted");
        await catalyst.Page.Locator("#Answer").FillAsync("Acceptée : le centre social l'accueillera dès janvier.");
        await catalyst.Page.GetByLabel("Avancement (%)").FillAsync("10");
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Publier la réponse" }).ClickAsync();
        await Expect(catalyst.Page.Locator(".badge")).ToHaveTextAsync("Acceptée");
        await Expect(catalyst.Page.Locator("#answer-title + p")).ToHaveTextAsync("Acceptée : le centre social l'accueillera dès janvier.");
        await catalyst.CheckAccessibilityAsync();
        catalyst.AssertEveryPageCheckedAndNoScriptError();
    }
}
