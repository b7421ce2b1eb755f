using System.Text.Json;
using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>
/// The issue's scenario: the catalyst of grenoble-alpes imports the real tiers-lieux file, sees the progress bar finish,
/// finds a fablab by searching without accents, opens its page, sees it on the map and exports GeoJSON that parses.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Catalyst_imports_the_tiers_lieux_and_finds_exports_a_fablab()
    {
        var file = Path.GetFullPath(Path.Combine(ReferenceFiles.Of(fixture.App).Folder, "..", "places", "tiers-lieux-2019.csv"));
        await using var s = await fixture.NewSessionAsync();
        await s.SignInAsync("catalyseur.grenoble@catalyse.demo", "/t/grenoble-alpes/directory/import");
        await s.CheckAccessibilityAsync();
        await s.Page.Locator("#Upload").SetInputFilesAsync(file);
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le fichier" }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grenoble-alpes/directory/import/\d+$"));
        await Expect(s.Page.Locator("table").First).ToContainTextAsync("ADE Coworking");
        await s.CheckAccessibilityAsync();
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Vérifier" }).ClickAsync();
        var confirm = s.Page.GetByRole(AriaRole.Button, new() { Name = "Confirmer l'import de 1512 fiches" });
        await Expect(confirm).ToBeVisibleAsync();
        await s.CheckAccessibilityAsync();
        await confirm.ClickAsync();
        // The progress bar (polled by htmx) reaches its end and the import says it is finished.
        var bar = s.Page.Locator("#import-progress progress");
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).ToHaveAttributeAsync("value", "1512", new() { Timeout = 120_000 });
        await Expect(s.Page.Locator("#import-progress")).ToContainTextAsync("Terminé");
        await s.CheckAccessibilityAsync();

        await s.VisitAsync("/t/grenoble-alpes/directory?kind=Place", page =>
            Expect(page.Locator("#directory-map .cluster, #directory-map path.leaflet-interactive").First).ToBeVisibleAsync());
        await s.ScreenshotAsync("directory");

        // "heres" without its accent finds the fablabs of Saint-Martin-d'Hères.
        await s.VisitAsync("/t/grenoble-alpes/directory");
        await s.Page.Locator("#q").FillAsync("fablab ensimag heres");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"q=fablab"));
        var link = s.Page.Locator("ul.entry-list").GetByRole(AriaRole.Link, new() { Name = "FabLab Ensimag" });
        await Expect(link).ToBeVisibleAsync();
        // On the map: its marker opens a popup that links to it.
        var marker = s.Page.Locator("#directory-map path.leaflet-interactive").First;
        await Expect(marker).ToBeVisibleAsync();
        await marker.ClickAsync(new() { Force = true });
        await Expect(s.Page.Locator(".leaflet-popup-content a")).ToHaveTextAsync("FabLab Ensimag");
        await s.CheckAccessibilityAsync();

        // The GeoJSON export of this view parses and holds it.
        var href = await s.Page.Locator("p.exports a", new() { HasText = "GeoJSON" }).GetAttributeAsync("href");
        var response = await s.Page.APIRequest.GetAsync(href!);
        Assert.Equal(200, response.Status);
        using var geojson = JsonDocument.Parse(await response.BodyAsync());
        Assert.Equal("FeatureCollection", geojson.RootElement.GetProperty("type").GetString());
        var feature = Assert.Single(geojson.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal("FabLab Ensimag", feature.GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());

        await link.ClickAsync();
        await s.Page.WaitForURLAsync(new Regex(@"/t/grenoble-alpes/directory/\d+$"));
        await Expect(s.Page.Locator("h1")).ToHaveTextAsync("FabLab Ensimag");
        await Expect(s.Page.Locator("script[type='application/ld+json']")).ToHaveCountAsync(1);
        await s.CheckAccessibilityAsync();
        s.AssertEveryPageCheckedAndNoScriptError();
    }
}
