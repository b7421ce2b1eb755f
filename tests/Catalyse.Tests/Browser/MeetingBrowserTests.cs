using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>A resident registers for the demo public meeting of the Grand Guéret; the catalyst sees them in the attendance list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_resident_registers_and_the_catalyst_takes_attendance()
    {
        var email = Unique.Email("reunion");
        await People.CreateConfirmedAsync(fixture.App, email);
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync(email, "/t/grand-gueret/meetings", People.Password);
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Link, new() { Name = "Réunion publique : bien vieillir chez soi" }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/meetings/\d+$"));
        var url = new Uri(s.Page.Url).AbsolutePath;
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Je m'inscris" }).ClickAsync();
        await Expect(s.Page.Locator("#registration-title ~ p").Nth(1)).ToHaveTextAsync("Vous êtes inscrit.");
        await s.CheckAccessibilityAsync();
        s.AssertEveryPageCheckedAndNoScriptError();

        await using var catalyst = await fixture.NewSessionAsync();
        await catalyst.SignInAsync("catalyseur.gueret@catalyse.demo", url);
        await Expect(catalyst.Page.Locator("#attendance-title ~ form fieldset")).ToContainTextAsync("Test " + email[..8]);
        await catalyst.CheckAccessibilityAsync();
        catalyst.AssertEveryPageCheckedAndNoScriptError();
    }
}
