using System.Text.RegularExpressions;
using Catalyse.Web.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Catalyse.Tests.Browser;

/// <summary>
/// One test's browser context and page. It records every document the page shows (navigations,
/// form posts, redirects) so that a test can prove each one went through axe, and it collects script
/// errors (a Content-Security-Policy refusal, an exception in our JavaScript) so that they fail the test.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    private readonly BrowserFixture _fixture;
    private readonly List<string> _unchecked = [];
    private readonly List<string> _scriptErrors = [];
    private readonly bool _javaScript;
    private string? _current;
    private bool _currentChecked = true;
    private IPage? _checker;

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public BrowserSession(BrowserFixture fixture, IBrowserContext context, IPage page, bool javaScript)
    {
        _fixture = fixture;
        _javaScript = javaScript;
        Context = context;
        Page = page;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame != page.MainFrame || frame.Url == "about:blank") return;
            lock (_unchecked)
            {
                if (_current is not null && !_currentChecked) _unchecked.Add(_current);
                _current = frame.Url;
                _currentChecked = false;
            }
        };
        page.PageError += (_, error) => { lock (_scriptErrors) _scriptErrors.Add($"{page.Url}: {error}"); };
        page.Console += (_, message) =>
        {
            // Error statuses of the document itself (404 page, 400 form re-render) are expected;
            // failed sub-resources are caught below with their URL.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                lock (_scriptErrors) _scriptErrors.Add($"{page.Url}: console error: {message.Text}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Request.IsNavigationRequest)
                lock (_scriptErrors) _scriptErrors.Add($"{page.Url}: {response.Request.Method} {response.Url} answered {response.Status}");
        };
    }

    public string BaseUrl => _fixture.BaseUrl;

    /// <summary>Opens a path, waits for what the page needs (e.g. its map) and checks it with axe.</summary>
    public async Task<IResponse?> VisitAsync(string path, Func<IPage, Task>? ready = null, int expectedStatus = 200)
    {
        var response = await Page.GotoAsync(path);
        Assert.True(response is not null && response.Status == expectedStatus,
            $"GET {path}: expected {expectedStatus}, got {response?.Status}");
        if (ready is not null) await ready(Page);
        await CheckAccessibilityAsync();
        return response;
    }

    /// <summary>Runs axe on the page as it is now; fails on serious or critical violations.</summary>
    public async Task CheckAccessibilityAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        if (_javaScript)
            await Axe.AssertNoSeriousViolationsAsync(Page, Page.Url);
        else
            await CheckWithoutScriptAsync();
        lock (_unchecked)
            if (_current == Page.Url) _currentChecked = true;
    }

    /// <summary>
    /// axe is JavaScript, and a page whose context has scripts disabled cannot run it. So the
    /// no-script document (as rendered, without its script elements) is copied into a script-enabled
    /// page of the same origin (same styles) and checked there.
    /// </summary>
    private async Task CheckWithoutScriptAsync()
    {
        var html = ScriptElement().Replace(await Page.ContentAsync(), "");
        if (_checker is null)
        {
            var context = await _fixture.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseUrl, Locale = "fr-FR", ViewportSize = Page.ViewportSize is { } v ? new ViewportSize { Width = v.Width, Height = v.Height } : null,
            });
            _checker = await context.NewPageAsync();
            await _checker.GotoAsync("/health");
        }
        await _checker.SetContentAsync(html);
        await Axe.AssertNoSeriousViolationsAsync(_checker, Page.Url + " (without JavaScript)");
    }

    [GeneratedRegex(@"<script\b[^>]*>[\s\S]*?</script>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptElement();

    /// <summary>Signs in through the login form and lands on <paramref name="returnUrl"/> (not yet checked by axe).</summary>
    public async Task SignInAsync(string email, string returnUrl, string password = DemoNetwork.Password)
    {
        await VisitAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await Page.Locator("#Input_Email").FillAsync(email);
        await Page.Locator("#Input_Password").FillAsync(password);
        await Page.Locator("main form button[type=submit]").ClickAsync();
        await Page.WaitForURLAsync(BaseUrl + returnUrl);
        await Expect(Page.Locator("header form[action='/account/logout'] button")).ToBeVisibleAsync();
    }

    /// <summary>Saves a full-page PNG when CATALYSE_SCREENSHOT_DIR is set (for a human look).</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (BrowserFixture.ScreenshotDir is not { } dir) return;
        System.IO.Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    /// <summary>Every document shown went through axe, no script failed and no sub-resource was an error.</summary>
    public void AssertEveryPageCheckedAndNoScriptError()
    {
        lock (_unchecked)
        {
            var missed = _unchecked.ToList();
            if (_current is not null && !_currentChecked) missed.Add(_current);
            Assert.True(missed.Count == 0, "Pages shown but not checked with axe:\n" + string.Join("\n", missed));
        }
        lock (_scriptErrors)
            Assert.True(_scriptErrors.Count == 0, "Script errors:\n" + string.Join("\n", _scriptErrors));
    }

    public async ValueTask DisposeAsync()
    {
        if (_checker is not null) await _checker.Context.DisposeAsync();
        await Context.DisposeAsync();
    }
}
