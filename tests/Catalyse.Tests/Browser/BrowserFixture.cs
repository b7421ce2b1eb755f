using System.Net;
using Catalyse.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Catalyse.Tests.Browser;

/// <summary>The app on Kestrel on a free loopback port (SQLite, demo network): browsers need a real socket.</summary>
public sealed class KestrelCatalyseFactory : CatalyseFactory
{
    public KestrelCatalyseFactory() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// <summary>http://127.0.0.1:{port}, known once the host has started.</summary>
    public string BaseUrl { get; private set; } = "";

    protected override void StartHost()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
    }
}

/// <summary>
/// One app and one Chromium for the whole browser suite; every test opens its own context (cookies,
/// storage) through <see cref="NewSessionAsync"/>. Chromium is Debian's (never downloaded): the path is
/// CATALYSE_CHROMIUM or /usr/bin/chromium. Playwright's node driver comes with the NuGet package and is
/// copied into the test output by the package's own build targets, so the csproj needs nothing more.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public KestrelCatalyseFactory App { get; } = new();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => App.BaseUrl;

    /// <summary>When set, tests save screenshots of key pages there (for a human look; nothing is asserted).</summary>
    public static string? ScreenshotDir => Environment.GetEnvironmentVariable("CATALYSE_SCREENSHOT_DIR") is { Length: > 0 } d ? d : null;

    public async Task InitializeAsync()
    {
        var startApp = Task.Run(App.InitializeAsync); // migrations, geography, demo network: the slow part
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("CATALYSE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Chromium not found at {executable}: install Debian's chromium (apt-get install chromium) or set CATALYSE_CHROMIUM. Never run 'playwright install'.");
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
        await startApp;
        // Upper bounds for auto-waiting on a busy 2-core machine; nothing ever waits for a fixed time.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A fresh browser context (no cookies) and page on the app, French by default.</summary>
    public async Task<BrowserSession> NewSessionAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return new BrowserSession(this, context, await context.NewPageAsync(), javaScript);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture> { public const string Name = "browser"; }
