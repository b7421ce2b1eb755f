// Catalyse benchmarks: `dotnet run -c Release --project bench/Catalyse.Bench -- <what> [sqlite|postgres]`
//   geo        — first-start load of the reference geography (35k communes, 1,255 EPCI), fresh database each run
//   pages      — latency of the main pages and API calls (in-process server), p50/p95 over N requests
//   directory  — a generated national directory of 200,000 entries: import rate through the real import pipeline,
//                search, map viewports at three zooms, exports of all rows, raw insert rate (DirectoryBench.cs)
//   signatures — petition signatures through the app's PetitionSigning (its group commit included) under W parallel
//                workers (default 16), on one petition and spread over 20, with repeats that must be refused,
//                exactly-once checks and the raw insert rate of the same database:
//                `-- signatures sqlite|postgres [people=20000] [workers=16]` (SignaturesBench.cs)
//   votes      — the results of closed votes of 100,000 ballots (single choice, ranked/Schulze, participatory budget): the
//                first count, then p50/p95 of the results page and API: `-- votes sqlite|postgres [ballots=100000]`
//                (VoteResultsBench.cs)
//   marketplace — the matcher at national scale: N actors and places (200,000) and S solutions (10,000) indexed by the
//                real MatchIndexer, then p50/p95/p99 of Matcher.MatchAsync for 200 needs in five territories and of
//                NeedsForAsync: `-- marketplace sqlite|postgres [entries=200000] [solutions=10000]` (MarketplaceBench.cs)
// PostgreSQL runs start a throwaway server (as the tests do).
using System.Diagnostics;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.EntityFrameworkCore;

// WebApplicationFactory finds the app's content root from the test assembly; here, say it.
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Catalyse.slnx"))) root = root.Parent;
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CATALYSE_WEB", Path.Combine(root!.FullName, "src", "Catalyse.Web"));

var what = args.ElementAtOrDefault(0) ?? "geo";
var providers = args.ElementAtOrDefault(1) is { } p ? [p] : new[] { "sqlite", "postgres" };

foreach (var provider in providers)
{
    var db = provider == "postgres" ? Db.Postgres : Db.Sqlite;
    switch (what)
    {
        case "geo": await Geo(db); break;
        case "pages": await Pages(db); break;
        case "directory": await DirectoryBench.RunAsync(db, args.ElementAtOrDefault(2) is { } n ? int.Parse(n) : 200_000); break;
        case "signatures":
            await SignaturesBench.RunAsync(db, args.ElementAtOrDefault(2) is { } people ? int.Parse(people) : SignaturesBench.DefaultCount,
                args.ElementAtOrDefault(3) is { } workers ? int.Parse(workers) : SignaturesBench.DefaultWorkers);
            break;
        case "votes": await VoteResultsBench.RunAsync(db, args.ElementAtOrDefault(2) is { } ballots ? int.Parse(ballots) : VoteResultsBench.DefaultBallots); break;
        case "marketplace":
            await MarketplaceBench.RunAsync(db, args.ElementAtOrDefault(2) is { } entries ? int.Parse(entries) : MarketplaceBench.DefaultEntries,
                args.ElementAtOrDefault(3) is { } solutions ? int.Parse(solutions) : MarketplaceBench.DefaultSolutions);
            break;
        default: Console.Error.WriteLine($"Unknown benchmark {what}"); return 2;
    }
}
return 0;

static async Task Geo(Db db)
{
    var times = new List<long>();
    for (var run = 0; run < 3; run++)
    {
        await using var factory = db == Db.Postgres ? new PostgresFactory() : new CatalyseFactory();
        await factory.InitializeAsync(); // migrations + geography + demo, through the real start-up
        // Measure the loader alone on an emptied geography, in the same process.
        await factory.WithDbAsync(async ctx =>
        {
            await ctx.ReferenceDataVersions.ExecuteDeleteAsync();
            return 0;
        });
        using var scope = factory.Services.CreateScope();
        var loader = scope.ServiceProvider.GetRequiredService<ReferenceGeographyLoader>();
        var watch = Stopwatch.StartNew();
        await loader.EnsureLoadedAsync();
        times.Add(watch.ElapsedMilliseconds);
        var communes = await scope.ServiceProvider.GetRequiredService<CatalyseDb>().Communes.CountAsync();
        Console.WriteLine($"geo {db}: run {run + 1}: {watch.ElapsedMilliseconds} ms ({communes} communes)");
    }
    Console.WriteLine($"geo {db}: median {times.Order().ElementAt(times.Count / 2)} ms over {times.Count} runs");
}

static async Task Pages(Db db)
{
    await using var factory = db == Db.Postgres ? new PostgresFactory() : new CatalyseFactory();
    await factory.InitializeAsync();
    using var client = factory.Client();
    string[] urls = ["/", "/t/grand-gueret", "/t/grand-gueret/programme", "/t/grand-gueret/perimeter.geojson",
        "/api/v1/territories", "/api/v1/territories/grenoble-alpes", "/api/v1/geo/search?q=gueret", "/api/v1/geo/search?q=38000"];
    foreach (var url in urls)
    {
        for (var i = 0; i < 20; i++) await client.GetAsync(url); // warm-up
        var samples = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        Console.WriteLine($"pages {db}: {url,-40} p50 {samples[samples.Count / 2],6:F2} ms  p95 {samples[(int)(samples.Count * 0.95)],6:F2} ms");
    }
}
