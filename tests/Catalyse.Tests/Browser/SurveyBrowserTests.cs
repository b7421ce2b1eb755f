using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>
/// The catalyst of the Grand Guéret writes a survey (a draft, two questions), opens it; a resident answers; the catalyst
/// closes it and everyone sees the results as a chart and its table.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_catalyst_writes_and_opens_a_survey_a_resident_answers_and_the_results_show_as_chart_and_table()
    {
        await using var catalyst = await fixture.NewSessionAsync();
        await catalyst.SignInAsync("catalyseur.gueret@catalyse.demo", "/t/grand-gueret/surveys/new");
        await catalyst.CheckAccessibilityAsync();
        var title = "Horaires du marché " + Guid.NewGuid().ToString("N")[..6];
        await catalyst.Page.Locator("#Title").FillAsync(title);
        await catalyst.Page.Locator("#OpensAt").FillAsync(DateTime.Now.AddDays(-1).ToString("yyyy-MM-ddTHH:mm"));
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        await catalyst.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/surveys/\d+$"));
        var url = new Uri(catalyst.Page.Url).AbsolutePath;
        await catalyst.CheckAccessibilityAsync();

        await catalyst.Page.Locator("#QuestionText").FillAsync("Quel jour préférez-vous pour le marché ?");
        await catalyst.Page.Locator("#Kind").SelectOptionAsync("SingleChoice");
        await catalyst.Page.Locator("#Choices").FillAsync("Mardi\nSamedi\nDimanche");
        await catalyst.Page.Locator("#Required").CheckAsync();
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la question" }).ClickAsync();
        await Expect(catalyst.Page.Locator("#questions-title ~ ol > li")).ToHaveCountAsync(1);
        await catalyst.CheckAccessibilityAsync();
        await catalyst.Page.Locator("#QuestionText").FillAsync("Le marché actuel vous convient-il ?");
        await catalyst.Page.Locator("#Kind").SelectOptionAsync("Scale");
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la question" }).ClickAsync();
        await Expect(catalyst.Page.Locator("#questions-title ~ ol > li")).ToHaveCountAsync(2);
        await catalyst.CheckAccessibilityAsync();
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir le questionnaire" }).ClickAsync();
        await Expect(catalyst.Page.Locator("#manage-title")).ToBeVisibleAsync();
        await catalyst.CheckAccessibilityAsync();

        var email = Unique.Email("sondage");
        await People.CreateConfirmedAsync(fixture.App, email);
        await using var resident = await fixture.NewSessionAsync();
        await resident.SignInAsync(email, "/t/grand-gueret/surveys", People.Password);
        await resident.CheckAccessibilityAsync();
        await resident.Page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await resident.Page.WaitForURLAsync(new Regex(@"/t/grand-gueret/surveys/\d+$"));
        await resident.CheckAccessibilityAsync();
        // Sent without the required answer: the message, then answered.
        await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer mes réponses" }).ClickAsync();
        await Expect(resident.Page.Locator(".error-summary")).ToContainTextAsync("Répondez à cette question : « Quel jour préférez-vous pour le marché ? ».");
        await resident.CheckAccessibilityAsync();
        await resident.Page.GetByLabel("Samedi").CheckAsync();
        await resident.Page.GetByLabel("4", new() { Exact = true }).CheckAsync();
        await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer mes réponses" }).ClickAsync();
        await Expect(resident.Page.Locator("main")).ToContainTextAsync("Vous avez répondu à ce questionnaire. Merci !");
        await Expect(resident.Page.Locator("main")).ToContainTextAsync("Les résultats seront publiés à la clôture.");
        await resident.CheckAccessibilityAsync();
        resident.AssertEveryPageCheckedAndNoScriptError();

        await catalyst.VisitAsync(url);
        await catalyst.Page.GetByRole(AriaRole.Button, new() { Name = "Clore maintenant et publier les résultats" }).ClickAsync();
        await Expect(catalyst.Page.Locator("#results-title")).ToBeVisibleAsync();
        await catalyst.CheckAccessibilityAsync();
        catalyst.AssertEveryPageCheckedAndNoScriptError();

        // Anyone: the chart (drawn by Chart.js above each table) and the table with the same figures.
        await using var visitor = await fixture.NewSessionAsync();
        await visitor.VisitAsync(url, page => Expect(page.Locator("div.chart canvas")).ToHaveCountAsync(2));
        var first = visitor.Page.Locator("table.results").First;
        await Expect(first.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(first.Locator("tbody tr").Nth(1)).ToContainTextAsync("Samedi");
        await Expect(first.Locator("tbody tr").Nth(1).Locator("td").First).ToHaveTextAsync("1");
        await visitor.ScreenshotAsync("survey-results");
        visitor.AssertEveryPageCheckedAndNoScriptError();
    }
}
