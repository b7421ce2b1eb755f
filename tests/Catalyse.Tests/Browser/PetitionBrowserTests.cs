using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Integrity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>
/// The issue's scenario: a resident of grenoble-alpes files a petition, the authority declares it eligible, three residents
/// sign (one tries twice), the counter shows 3, the log downloads and recounts to 3.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PetitionBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_petition_is_filed_declared_eligible_signed_by_three_residents_and_its_log_recounts_to_three()
    {
        const string title = "Des toilettes publiques ouvertes la nuit au Jardin de Ville";
        await using var author = await fixture.NewSessionAsync();
        await author.SignInAsync("habitant@catalyse.demo", "/t/grenoble-alpes/petitions/new");
        await author.CheckAccessibilityAsync();
        await author.Page.GetByLabel("Autorité et compétence").SelectOptionAsync(new SelectOptionValue { Label = "Ville de Grenoble — Espaces verts et propreté" });
        await author.Page.GetByLabel("Titre").FillAsync(title);
        await author.Page.GetByLabel("Texte de la pétition").FillAsync(
            "Le Jardin de Ville n'a aucune toilette publique ouverte après 20 heures ; nous demandons qu'une toilette au moins reste ouverte toute la nuit.");
        await author.Page.GetByRole(AriaRole.Button, new() { Name = "Déposer" }).ClickAsync();
        await author.Page.WaitForURLAsync(new Regex(@"/t/grenoble-alpes/petitions/\d+$"));
        var url = new Uri(author.Page.Url).AbsolutePath;
        await Expect(author.Page.Locator(".badge")).ToHaveTextAsync("En examen");
        await author.CheckAccessibilityAsync();

        await using (var authority = await fixture.NewSessionAsync())
        {
            await authority.SignInAsync("elue.grenoble@catalyse.demo", url);
            await authority.CheckAccessibilityAsync();
            await authority.Page.GetByLabel("Recevable : ouvrir la collecte des signatures").CheckAsync();
            await authority.Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la décision" }).ClickAsync();
            await Expect(authority.Page.Locator(".badge")).ToHaveTextAsync("Signatures ouvertes");
            await authority.CheckAccessibilityAsync();
            authority.AssertEveryPageCheckedAndNoScriptError();
        }

        for (var i = 0; i < 3; i++)
        {
            var email = Unique.Email($"grenoblois{i}");
            await People.CreateConfirmedAsync(fixture.App, email);
            await using var resident = await fixture.NewSessionAsync();
            await resident.SignInAsync(email, url, People.Password);
            // The first resident has the page open in a second tab too, and will sign from both.
            var second = i == 0 ? await resident.Context.NewPageAsync() : null;
            if (second is not null) await second.GotoAsync(fixture.BaseUrl + url);
            await resident.CheckAccessibilityAsync();
            await resident.Page.GetByLabel("Code postal", new() { Exact = true }).FillAsync("38000");
            await resident.Page.GetByRole(AriaRole.Button, new() { Name = "Je signe" }).ClickAsync();
            await Expect(resident.Page.Locator("#sign-title + p + p")).ToContainTextAsync("Vous avez signé");
            await Expect(resident.Page.Locator("#petition-counter .count")).ToHaveTextAsync((i + 1).ToString());
            await resident.CheckAccessibilityAsync();
            if (second is not null)
            {
                await second.GetByLabel("Code postal", new() { Exact = true }).FillAsync("38000");
                await second.GetByRole(AriaRole.Button, new() { Name = "Je signe" }).ClickAsync();
                await Expect(second.Locator("main")).ToContainTextAsync("Vous avez déjà signé cette pétition.");
                await Expect(second.Locator("#petition-counter .count")).ToHaveTextAsync("1");
                await second.CloseAsync();
            }
            resident.AssertEveryPageCheckedAndNoScriptError();
        }

        await author.VisitAsync(url);
        await Expect(author.Page.Locator("#petition-counter .count")).ToHaveTextAsync("3");
        var download = await author.Page.RunAndWaitForDownloadAsync(() => author.Page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le journal (CSV)" }).ClickAsync());
        var file = await download.PathAsync();
        using (var reader = new StreamReader(file))
        {
            var check = LogVerifier.Check(reader);
            Assert.True(check.Valid, check.Problem);
            Assert.Equal(3, check.Count);
        }
        var head = (await author.Page.Locator("code.token").TextContentAsync())!.Trim();
        await author.VisitAsync("/verify");
        await author.Page.GetByLabel("Journal exporté (CSV)").SetInputFilesAsync(file);
        await author.Page.GetByLabel("Nombre publié").FillAsync("3");
        await author.Page.GetByLabel("Empreinte de la dernière ligne publiée").FillAsync(head);
        await author.Page.GetByRole(AriaRole.Button, new() { Name = "Vérifier" }).ClickAsync();
        await Expect(author.Page.Locator("[role=status]")).ToContainTextAsync("Chaîne intacte : 3 lignes, 3 participants distincts.");
        await Expect(author.Page.Locator("[role=status]")).ToContainTextAsync("Conforme au résultat publié.");
        await author.CheckAccessibilityAsync();
        author.AssertEveryPageCheckedAndNoScriptError();
    }
}
