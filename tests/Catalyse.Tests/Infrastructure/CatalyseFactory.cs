using System.Collections.Concurrent;
using System.Data.Common;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Infrastructure;

public enum Db { Sqlite, Postgres }

/// <summary>
/// The app on a fresh database of the given provider, with the demo network, a mail pickup folder of
/// its own and a bootstrap admin token. One per test collection (the geography load takes seconds):
/// tests in it create their own data with unique names.
/// </summary>
public class CatalyseFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminToken = "cat_test_admin_token_0123456789abcdef";
    public const string AdminEmail = "root@catalyse.test";
    public const string AdminPassword = "Root-password-2026";

    public Db Provider { get; }
    public string ConnectionString { get; private set; } = "";
    public string MailFolder { get; } = System.IO.Directory.CreateTempSubdirectory("catalyse-mail-").FullName;
    private readonly string _tempDir = System.IO.Directory.CreateTempSubdirectory("catalyse-db-").FullName;
    public QueryCounter Queries { get; } = new();
    /// <summary>Extra settings (e.g. low rate limits) for a specialised factory.</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public CatalyseFactory() : this(Db.Sqlite) { }

    protected CatalyseFactory(Db provider) => Provider = provider;

    public async Task InitializeAsync()
    {
        ConnectionString = Provider == Db.Postgres
            ? await PostgresServer.CreateDatabaseAsync("catalyse")
            : $"Data Source={Path.Combine(_tempDir, "catalyse.db")};Pooling=True";
        // Start the host now (migrations, geography, demo) so that the first test does not pay for it.
        StartHost();
    }

    /// <summary>Starts the in-memory test server; the browser factory starts Kestrel on a real port instead.</summary>
    protected virtual void StartHost() => _ = Server;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Catalyse", ConnectionString);
        builder.UseSetting("Catalyse:Demo", "true");
        builder.UseSetting("Catalyse:Mail:PickupDirectory", MailFolder);
        builder.UseSetting("Catalyse:Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Catalyse:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Catalyse:Bootstrap:AdminApiToken", AdminToken);
        builder.UseSetting("Catalyse:RateLimits:AuthPerMinute", "100000");
        builder.UseSetting("Catalyse:RateLimits:ApiPerMinute", "100000");
        builder.UseSetting("Catalyse:RateLimits:ContributionsPerMinute", "100000");
        // Tests post many contributions from fresh accounts; the new-account limit is tested with its own settings.
        builder.UseSetting("Catalyse:Moderation:NewAccountContributions", "100000");
        // The background worker would announce other tests' new directory entries to the followers of their needs at any
        // moment, writing while a test checks that nothing was written; the announcements are tested by calling them.
        builder.UseSetting("Catalyse:Marketplace:AnnounceNewEntries", "false");
        foreach (var (key, value) in ExtraSettings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IInterceptor>(sp =>
            {
                Queries.Http = sp.GetRequiredService<IHttpContextAccessor>();
                return Queries;
            });
            // The tests create and sign in thousands of accounts: Identity's 100,000 PBKDF2 rounds (tens of ms each on a
            // loaded machine) made a good share of the run. The hash format and its checks stay the same.
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
    }

    /// <summary>A scope with the database, for arranging and asserting.</summary>
    public async Task<T> WithDbAsync<T>(Func<CatalyseDb, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<CatalyseDb>());
    }

    public Task WithDbAsync(Func<CatalyseDb, Task> action) => WithDbAsync(async db => { await action(db); return 0; });

    public TestClient Client(bool followRedirects = false) =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true }), this);

    /// <summary>A client signed in as one of the demo accounts (or any confirmed account).</summary>
    public async Task<TestClient> SignedInAsync(string email, string? password = null)
    {
        var client = Client();
        await client.SignInAsync(email, password ?? DemoNetwork.Password);
        return client;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { System.IO.Directory.Delete(MailFolder, true); System.IO.Directory.Delete(_tempDir, true); } catch (IOException) { }
    }
}

public sealed class PostgresFactory() : CatalyseFactory(Db.Postgres);

/// <summary>Counts SQL commands per request, keyed by the X-Query-Probe header the test sends.</summary>
public sealed class QueryCounter : DbCommandInterceptor
{
    public const string Header = "X-Query-Probe";
    public IHttpContextAccessor? Http { get; set; }
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public int CountFor(string probe) => _counts.GetValueOrDefault(probe);

    private void Count()
    {
        if (Http?.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } probe)
            _counts.AddOrUpdate(probe, 1, (_, n) => n + 1);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r) { Count(); return r; }
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r, CancellationToken ct = default) { Count(); return ValueTask.FromResult(r); }
    public override InterceptionResult<object> ScalarExecuting(DbCommand c, CommandEventData e, InterceptionResult<object> r) { Count(); return r; }
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<object> r, CancellationToken ct = default) { Count(); return ValueTask.FromResult(r); }
    public override InterceptionResult<int> NonQueryExecuting(DbCommand c, CommandEventData e, InterceptionResult<int> r) { Count(); return r; }
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<int> r, CancellationToken ct = default) { Count(); return ValueTask.FromResult(r); }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<CatalyseFactory> { public const string Name = "sqlite"; }

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFactory> { public const string Name = "postgres"; }
