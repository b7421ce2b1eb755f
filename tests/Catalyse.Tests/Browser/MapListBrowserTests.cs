using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>The list beside the directory map follows the map once the person moves it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MapListBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Zooming_the_map_narrows_the_list_to_the_visible_area()
    {
        await using var s = await fixture.NewSessionAsync();
        await s.VisitAsync("/t/grand-gueret/directory", page =>
            Expect(page.Locator("#directory-map .leaflet-container, #directory-map.leaflet-container").First).ToBeVisibleAsync());
        await Expect(s.Page.Locator("#follow-map")).ToBeCheckedAsync();
        await Expect(s.Page.Locator("#results-title")).Not.ToContainTextAsync("dans la zone de la carte");
        await s.Page.Locator("#directory-map").FocusAsync();
        await s.Page.Keyboard.PressAsync("+");
        await Expect(s.Page.Locator("#results-title")).ToContainTextAsync("dans la zone de la carte");
        await s.CheckAccessibilityAsync();
        s.AssertEveryPageCheckedAndNoScriptError();
    }
}
