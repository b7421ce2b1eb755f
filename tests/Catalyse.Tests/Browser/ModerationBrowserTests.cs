using System.Text.RegularExpressions;
using Catalyse.Web.Features.Directory;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>Contribution in Chromium: a resident suggests an edit and reports an entry; the catalyst applies it from the queue; history and management pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModerationBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_residents_edit_is_applied_by_the_catalyst_and_shows_in_the_history()
    {
        var name = $"Atelier vélo {Guid.NewGuid().ToString("N")[..6]}";
        var id = await fixture.App.WithDbAsync(async db =>
        {
            var entry = new Entry
            {
                Kind = EntryKind.Actor, Category = "association", Name = name, CommuneCode = "23096", Latitude = 46.17, Longitude = 1.87,
                Status = EntryStatus.Published, SearchText = DirectoryService.SearchTextOf(new Entry { Name = name }, "Guéret"),
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Entries.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });

        await using (var resident = await fixture.NewSessionAsync())
        {
            await resident.SignInAsync("habitant@catalyse.demo", $"/t/grand-gueret/directory/{id}");
            await resident.CheckAccessibilityAsync();
            await resident.Page.GetByRole(AriaRole.Link, new() { Name = "Proposer une modification" }).ClickAsync();
            await resident.Page.WaitForURLAsync(new Regex($"/directory/{id}/edit$"));
            await resident.CheckAccessibilityAsync();
            await resident.Page.Locator("#Input_OpeningHours").FillAsync("Mercredi 14 h – 18 h");
            await resident.Page.GetByLabel("ODD 11 — Villes et communautés durables").CheckAsync();
            await resident.Page.Locator("#Comment").FillAsync("Affiché sur la porte");
            await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Proposer" }).ClickAsync();
            await resident.Page.WaitForURLAsync(new Regex($"/directory/{id}$"));
            await Expect(resident.Page.Locator("body")).ToContainTextAsync("relecture");
            await resident.CheckAccessibilityAsync();

            await resident.Page.GetByRole(AriaRole.Link, new() { Name = "Signaler la fiche" }).ClickAsync();
            await resident.CheckAccessibilityAsync();
            await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le signalement" }).ClickAsync();
            await Expect(resident.Page.Locator(".error-summary")).ToContainTextAsync("Choisissez ce qui ne va pas.");
            await resident.CheckAccessibilityAsync();
            await resident.Page.GetByLabel("Des informations sont fausses ou dépassées").CheckAsync();
            await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le signalement" }).ClickAsync();
            await resident.Page.WaitForURLAsync(new Regex($"/directory/{id}$"));
            await resident.CheckAccessibilityAsync();
            resident.AssertEveryPageCheckedAndNoScriptError();
        }

        await using var catalyst = await fixture.NewSessionAsync();
        await catalyst.SignInAsync("catalyseur.gueret@catalyse.demo", "/t/grand-gueret/directory/moderation?tab=edits");
        await catalyst.CheckAccessibilityAsync();
        var card = catalyst.Page.Locator("li.card", new() { Has = catalyst.Page.GetByRole(AriaRole.Heading, new() { Name = name }) });
        await Expect(card.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(card).ToContainTextAsync("Mercredi 14 h – 18 h");
        await catalyst.ScreenshotAsync("moderation");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Accepter {name}" }).ClickAsync();
        await Expect(catalyst.Page.Locator("body")).ToContainTextAsync("Modification publiée.");
        await catalyst.CheckAccessibilityAsync();

        await catalyst.VisitAsync("/t/grand-gueret/directory/moderation?tab=reports");
        await Expect(catalyst.Page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await catalyst.VisitAsync("/t/grand-gueret/directory/moderation?tab=hidden");
        await catalyst.VisitAsync("/t/grand-gueret/directory/moderation");
        await catalyst.VisitAsync($"/t/grand-gueret/directory/{id}");
        await Expect(catalyst.Page.Locator("dl.details")).ToContainTextAsync("Mercredi 14 h – 18 h");
        await Expect(catalyst.Page.Locator("dl.details")).ToContainTextAsync("Villes et communautés durables");
        await catalyst.Page.GetByRole(AriaRole.Link, new() { Name = "Historique" }).ClickAsync();
        await catalyst.Page.WaitForURLAsync(new Regex($"/directory/{id}/history$"));
        await Expect(catalyst.Page.Locator("ol.history li").First).ToContainTextAsync("Hugo Habitant");
        await catalyst.CheckAccessibilityAsync();
        await catalyst.VisitAsync($"/t/grand-gueret/directory/{id}/manage");
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Masquer", Exact = true }).ClickAsync();
        await Expect(catalyst.Page.Locator("[data-valmsg-for='Reason']")).ToHaveTextAsync("Indiquez le motif.");
        await catalyst.CheckAccessibilityAsync();
        catalyst.AssertEveryPageCheckedAndNoScriptError();
    }
}
