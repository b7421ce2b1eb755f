using System.Diagnostics;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Votes;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

/// <summary>
/// The results of a closed vote of N ballots (100,000 by default), for the three methods that matter: single choice,
/// ranked (Schulze: the pairwise table and the strongest paths) and participatory budget. Each vote is created through
/// <see cref="VoteService.CreateAsync"/>, closed long enough ago to be counted, and its ballots are bulk-inserted
/// (COPY on PostgreSQL, one prepared INSERT in one transaction on SQLite) with realistic random choices in the ballots'
/// canonical form (<see cref="Choices"/>). Then, per vote: the first results computation (loading the choices, the
/// count in memory, and the first request that counts and stores the result), then p50/p95 of the results page
/// (HTML) and of the API results endpoint over repeated requests on an in-process server.
/// </summary>
public static class VoteResultsBench
{
    public const int DefaultBallots = 100_000;
    private const int Requests = 200;
    private const int WarmUp = 20;

    private static readonly List<(string What, string Value)> Results = [];

    private static void Report(string name, string value)
    {
        Results.Add((name, value));
        Console.WriteLine($"  {name,-52} {value}");
    }

    private sealed record Case(string Label, VoteMethod Method, string Options, long Budget, Func<Random, List<VoteOption>, string> Ballot);

    public static async Task RunAsync(Db db, int ballots)
    {
        Results.Clear();
        Console.WriteLine($"votes {db}: {ballots:N0} ballots per vote, {Environment.ProcessorCount} cores");
        await using var factory = db == Db.Postgres ? new PostgresFactory() : new CatalyseFactory();
        await factory.InitializeAsync();
        var territoryId = await factory.WithDbAsync(ctx => ctx.Territories.Where(t => t.Slug == "grenoble-alpes").Select(t => t.Id).SingleAsync());
        var creator = (await Catalyse.Tests.Participation.PetitionData.PeopleAsync(factory, 1))[0];

        var cases = new[]
        {
            new Case("single choice, 6 options", VoteMethod.Single,
                string.Join('\n', ["Parc des Tilleuls", "Parc Simone-Veil", "Parc de la Résistance", "Jardin des Plantes", "Square Jean-Moulin", "Esplanade du Lac"]),
                0, SingleBallot),
            new Case("ranked (Schulze), 8 options", VoteMethod.Ranked,
                string.Join('\n', ["Tramway", "Pistes cyclables", "Navettes électriques", "Parkings relais", "Covoiturage", "Bus de nuit", "Trottoirs élargis", "Autopartage"]),
                0, RankedBallot),
            new Case("participatory budget, 15 projects, 1 M€", VoteMethod.Budget,
                string.Join('\n', Enumerable.Range(1, 15).Select(i => $"Projet {i} : {Projects[i - 1]} | {Costs[i - 1]}")),
                1_000_000, BudgetBallot),
        };

        // JIT, EF's query cache and Razor: a small closed vote of each method, its result counted and stored, then read.
        using var client = factory.Client();
        foreach (var c in cases)
        {
            var small = await CreateClosedAsync(factory, territoryId, creator, c);
            await InsertBallotsAsync(factory, small, c, 50, new Random(1));
            foreach (var url in Urls(small))
                for (var i = 0; i < 5; i++) await GetAsync(client.Http, url);
        }

        foreach (var c in cases)
        {
            Console.WriteLine($"  -- {c.Label}");
            var vote = await CreateClosedAsync(factory, territoryId, creator, c);
            var watch = Stopwatch.StartNew();
            await InsertBallotsAsync(factory, vote, c, ballots, new Random(20261124 + (int)c.Method));
            Console.WriteLine($"     {ballots:N0} ballots inserted in {watch.Elapsed.TotalSeconds:F1} s ({ballots / watch.Elapsed.TotalSeconds:N0} rows/s)");
            if (db == Db.Postgres) await factory.WithDbAsync(ctx => ctx.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) ballots"));

            // The first computation, in parts (nothing stored), then as the first visitor pays it (counted and stored).
            var (load, count) = await factory.WithDbAsync(async ctx =>
            {
                var full = await ctx.Votes.AsNoTracking().Include(v => v.Options).SingleAsync(v => v.Id == vote.Id);
                var w = Stopwatch.StartNew();
                var choices = await ctx.Ballots.AsNoTracking().Where(b => b.VoteId == vote.Id).OrderBy(b => b.Seq).Select(b => b.Choice).ToListAsync();
                var loaded = w.Elapsed.TotalMilliseconds;
                w.Restart();
                var result = Tally.Count(full.Method, VoteService.Options(full), choices, full.BudgetTotal);
                if (result.Ballots != ballots || result.Invalid != 0) throw new InvalidOperationException($"{result.Ballots} ballots counted, {result.Invalid} invalid");
                return (loaded, w.Elapsed.TotalMilliseconds);
            });
            watch.Restart();
            await GetAsync(client.Http, $"/api/v1/territories/grenoble-alpes/votes/{vote.Id}/results");
            var first = watch.Elapsed.TotalMilliseconds;
            var stored = await factory.WithDbAsync(ctx => ctx.Votes.Where(v => v.Id == vote.Id).Select(v => v.ResultJson).SingleAsync());
            if (stored is null) throw new InvalidOperationException("The result was not stored.");
            Report($"{c.Label}: first count", $"{first,6:F0} ms (load {load:F0} ms + count {count:F0} ms in memory; stored result {stored.Length / 1024.0:F1} kB)");

            var (page, api) = Urls(vote.Id);
            Report($"{c.Label}: results page (HTML)", Stats(await TimeAsync(client.Http, page)));
            Report($"{c.Label}: API results", Stats(await TimeAsync(client.Http, api)));
        }

        Console.WriteLine($"votes {db} — summary");
        foreach (var (name, value) in Results) Console.WriteLine($"| {name} | {value} |");
    }

    private static (string Page, string Api) Urls(int id) =>
        ($"/t/grenoble-alpes/votes/{id}", $"/api/v1/territories/grenoble-alpes/votes/{id}/results");

    private static IEnumerable<string> Urls(Vote vote) => [Urls(vote.Id).Page, Urls(vote.Id).Api];

    private static async Task<Vote> CreateClosedAsync(CatalyseFactory factory, int territoryId, string creator, Case c)
    {
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<VoteService>();
        var now = DateTimeOffset.UtcNow;
        var (vote, errors) = await service.CreateAsync(territoryId, creator, new VoteInput($"Banc d'essai : {c.Label}", "Un vote généré pour la mesure.",
            c.Method, true, IdentityLevel.Resident, now.AddDays(-15), now.AddHours(-1), c.Options, 0, 5, c.Budget == 0 ? null : c.Budget, 0));
        if (vote is null) throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value)));
        return await factory.WithDbAsync(ctx => ctx.Votes.AsNoTracking().Include(v => v.Options).SingleAsync(v => v.Id == vote.Id));
    }

    // ---- ballots -----------------------------------------------------------------------------------------------------

    private static readonly string[] Projects =
        ["jardin partagé", "abris à vélos", "fresque murale", "aire de jeux", "boîte à livres", "composteurs collectifs", "bancs et ombrières",
         "éclairage solaire", "fontaine à eau", "ruches municipales", "terrain multisport", "verger communal", "préau de l'école", "skatepark", "piste de pumptrack"];

    private static readonly long[] Costs =
        [40_000, 25_000, 30_000, 180_000, 5_000, 15_000, 60_000, 90_000, 20_000, 10_000, 250_000, 35_000, 150_000, 120_000, 200_000];

    /// <summary>Each option's popularity: a few favourites, a long tail (fixed per option position).</summary>
    private static double Appeal(int position) => 1.0 / Math.Pow(position, 0.6);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>One voter's view of the options: popularity plus a personal taste, best first.</summary>
    private static List<VoteOption> Preference(Random random, List<VoteOption> options) =>
        options.OrderByDescending(o => Appeal(o.Position) + 0.6 * Gaussian(random)).ToList();

    private static string SingleBallot(Random random, List<VoteOption> options) => Choices.Set([Preference(random, options)[0].Id]);

    /// <summary>Ranks the first 1 to all options (many rank 3 or 4), unranked ones after.</summary>
    private static string RankedBallot(Random random, List<VoteOption> options)
    {
        var ranked = random.Next(10) switch { 0 => 1, < 3 => 2, < 6 => 3, < 8 => 4, 8 => options.Count / 2 + 1, _ => options.Count };
        return Choices.Ranking(Preference(random, options).Take(ranked).Select(o => o.Id));
    }

    /// <summary>Projects taken in the voter's order of preference while they fit, stopping at 1 to 6 projects.</summary>
    private static string BudgetBallot(Random random, List<VoteOption> options)
    {
        var wanted = 1 + random.Next(6);
        long spent = 0;
        var chosen = new List<int>();
        foreach (var o in Preference(random, options))
        {
            if (chosen.Count == wanted) break;
            if (spent + o.Cost > 1_000_000) continue;
            spent += o.Cost;
            chosen.Add(o.Id);
        }
        return Choices.Set(chosen);
    }

    private static readonly DateTimeOffsetToBinaryConverter Binary = new();

    /// <summary>The ballots and the vote's counter, as the casting would have left them (the public log is not needed for the result).</summary>
    private static async Task InsertBallotsAsync(CatalyseFactory factory, Vote vote, Case c, int count, Random random)
    {
        var options = vote.Options.OrderBy(o => o.Position).ToList();
        var castAt = new DateTimeOffset(vote.OpensAt.UtcDateTime.Date.AddDays(1).AddHours(10), TimeSpan.Zero);
        await factory.WithDbAsync(async ctx =>
        {
            var connection = ctx.Database.GetDbConnection();
            await connection.OpenAsync();
            if (connection is Npgsql.NpgsqlConnection pg)
            {
                await using var import = await pg.BeginBinaryImportAsync("COPY ballots (\"VoteId\", \"Seq\", \"Receipt\", \"Choice\", \"CastAt\") FROM STDIN (FORMAT BINARY)");
                for (var seq = 1; seq <= count; seq++)
                {
                    await import.StartRowAsync();
                    await import.WriteAsync(vote.Id, NpgsqlTypes.NpgsqlDbType.Integer);
                    await import.WriteAsync(seq, NpgsqlTypes.NpgsqlDbType.Integer);
                    await import.WriteAsync(Receipt(random), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await import.WriteAsync(c.Ballot(random, options), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await import.WriteAsync(castAt.AddHours(seq % 300), NpgsqlTypes.NpgsqlDbType.TimestampTz);
                }
                await import.CompleteAsync();
            }
            else
            {
                await using var tx = await connection.BeginTransactionAsync();
                await using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = "INSERT INTO ballots (\"VoteId\", \"Seq\", \"Receipt\", \"Choice\", \"CastAt\") VALUES (@v, @s, @r, @c, @t)";
                var parameters = new[] { "@v", "@s", "@r", "@c", "@t" }.Select(name =>
                {
                    var p = command.CreateParameter();
                    p.ParameterName = name;
                    command.Parameters.Add(p);
                    return p;
                }).ToArray();
                for (var seq = 1; seq <= count; seq++)
                {
                    parameters[0].Value = vote.Id;
                    parameters[1].Value = seq;
                    parameters[2].Value = Receipt(random);
                    parameters[3].Value = c.Ballot(random, options);
                    parameters[4].Value = Binary.ConvertToProvider(castAt.AddHours(seq % 300));
                    if (seq == 1) await command.PrepareAsync();
                    await command.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
            }
            await connection.CloseAsync();
            await ctx.Votes.Where(v => v.Id == vote.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.BallotCount, count));
        });
    }

    private static string Receipt(Random random)
    {
        Span<byte> bytes = stackalloc byte[10];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    // ---- latency -----------------------------------------------------------------------------------------------------

    private static double _cpuPerRequest;

    private static async Task<List<double>> TimeAsync(HttpClient http, string url)
    {
        for (var i = 0; i < WarmUp; i++) await GetAsync(http, url);
        var samples = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(http, url);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        _cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / samples.Count;
        samples.Sort();
        return samples;
    }

    private static async Task GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
    }

    private static string P(List<double> sorted, double q) => $"{sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))],6:F1}";

    private static string Stats(List<double> sorted) =>
        $"p50 {P(sorted, 0.5)} ms, p95 {P(sorted, 0.95)} ms, max {sorted[^1]:F1} ms, app CPU {_cpuPerRequest:F1} ms/req (n={sorted.Count})";
}
