using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Catalyse.Tests.Marketplace;

/// <summary>The labelled evaluation set: solutions, actors and places, and needs with what a catalyst judged relevant.</summary>
public sealed record EvaluationSet(List<EvaluationSet.SolutionRow> Solutions, List<EvaluationSet.ActorRow> Actors, List<EvaluationSet.NeedRow> Needs)
{
    public sealed record SolutionRow(string Key, string Title, string Summary, string ForWhom, string Results, string Cost, string Conditions, List<string> Themes, string CommuneCode);
    public sealed record ActorRow(string Key, string Kind, string Category, string Name, string Description, string Offers, List<string> Themes, string CommuneCode);
    public sealed record NeedRow(string Key, string Territory, string CommuneCode, string Title, string Description, List<string> Themes,
        List<string> RelevantSolutions, List<string> RelevantActors);

    public static EvaluationSet Load() => JsonSerializer.Deserialize<EvaluationSet>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Marketplace", "EvaluationSet.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}

/// <summary>Quality of the matcher on the evaluation set, macro-averaged over the needs.</summary>
public sealed record MatcherQuality(double SolutionPrecisionAt5, double SolutionRecallAt10, double ActorPrecisionAt5, double ActorRecallAt10)
{
    public override string ToString() =>
        $"solutions P@5 {SolutionPrecisionAt5:0.000} R@10 {SolutionRecallAt10:0.000}; actors and places P@5 {ActorPrecisionAt5:0.000} R@10 {ActorRecallAt10:0.000}";
}

/// <summary>A database of its own for the evaluation: only the evaluation set's solutions, actors and places in it.</summary>
public sealed class EvaluationSqliteFactory : CatalyseFactory;

public sealed class EvaluationPostgresFactory() : CatalyseFactory(Db.Postgres);

/// <summary>
/// Runs the matcher on every need of the labelled evaluation set (at least 40 realistic French needs, judged by hand
/// before the matcher existed) and fails when precision@5 or recall@10 drop below what the matcher reaches today.
/// </summary>
public abstract class MatchingEvaluationTests(CatalyseFactory factory, ITestOutputHelper output)
{
    // What the matcher reached when these were written (README, "Matching quality"), minus a small margin.
    public const double MinSolutionPrecisionAt5 = 0.44, MinSolutionRecallAt10 = 0.85, MinActorPrecisionAt5 = 0.51, MinActorRecallAt10 = 0.81;

    public static async Task<MatcherQuality> EvaluateAsync(CatalyseFactory factory, EvaluationSet set, Action<string>? log = null)
    {
        var (solutionIds, entryIds) = await SeedAsync(factory, set);
        var solutionKey = solutionIds.ToDictionary(p => p.Value, p => p.Key);
        var entryKey = entryIds.ToDictionary(p => p.Value, p => p.Key);
        double sp5 = 0, sr10 = 0, ap5 = 0, ar10 = 0;
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalyseDb>();
        var matcher = scope.ServiceProvider.GetRequiredService<Matcher>();
        var territories = await db.Territories.ToDictionaryAsync(t => t.Slug, t => t.Id);
        foreach (var need in set.Needs)
        {
            var source = MatchSource.Of(new Need
            {
                TerritoryId = territories[need.Territory], AuthorId = "", Title = need.Title, Description = need.Description, Themes = need.Themes,
                CommuneCode = need.CommuneCode,
            });
            var matches = await matcher.MatchAsync(source, 10);
            var solutions = matches.Solutions.Select(m => solutionKey.GetValueOrDefault(m.Id)).ToList();
            var actors = matches.Actors.Concat(matches.Places).OrderByDescending(m => m.Score).ThenBy(m => m.DistanceKm ?? 0)
                .Select(m => entryKey.GetValueOrDefault(m.Id)).Take(10).ToList();
            var (s5, s10) = Score(solutions, need.RelevantSolutions);
            var (a5, a10) = Score(actors, need.RelevantActors);
            sp5 += s5; sr10 += s10; ap5 += a5; ar10 += a10;
            log?.Invoke($"{need.Key} {need.Title}: solutions P@5 {s5:0.00} R@10 {s10:0.00} [{string.Join(' ', solutions.Take(5))}] want [{string.Join(' ', need.RelevantSolutions)}]; " +
                $"actors P@5 {a5:0.00} R@10 {a10:0.00} [{string.Join(' ', actors.Take(5))}] want [{string.Join(' ', need.RelevantActors)}]");
        }
        var n = set.Needs.Count;
        return new MatcherQuality(sp5 / n, sr10 / n, ap5 / n, ar10 / n);
    }

    private static (double P5, double R10) Score(List<string?> ranked, List<string> relevant) =>
        (ranked.Take(5).Count(k => k is not null && relevant.Contains(k)) / 5.0,
         relevant.Count == 0 ? 1 : ranked.Take(10).Count(k => k is not null && relevant.Contains(k)) / (double)relevant.Count);

    /// <summary>Empties the marketplace and the directory of this database, then writes the set through the app's services and index.</summary>
    private static async Task<(Dictionary<string, int> Solutions, Dictionary<string, int> Entries)> SeedAsync(CatalyseFactory factory, EvaluationSet set)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalyseDb>();
        if (await db.Set<Solution>().AnyAsync(s => s.Title == set.Solutions[0].Title))
            throw new InvalidOperationException("The evaluation set is seeded once per database.");
        await db.Set<Introduction>().IgnoreQueryFilters().ExecuteDeleteAsync();
        await db.Set<Offer>().IgnoreQueryFilters().ExecuteDeleteAsync();
        await db.Set<Need>().IgnoreQueryFilters().ExecuteDeleteAsync();
        await db.Set<Solution>().ExecuteDeleteAsync();
        await db.Set<MatchPosting>().ExecuteDeleteAsync();
        await db.Set<MatchDocument>().ExecuteDeleteAsync();
        await db.Entries.Where(e => e.Kind == EntryKind.Actor || e.Kind == EntryKind.Place).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EntryStatus.Hidden));
        var now = DateTimeOffset.UtcNow;
        var entries = set.Actors.ToDictionary(a => a.Key, a => new Entry
        {
            Kind = a.Kind == "place" ? EntryKind.Place : EntryKind.Actor, Category = a.Category, Name = a.Name, Description = a.Description, Offers = a.Offers,
            Themes = a.Themes, CommuneCode = a.CommuneCode, Status = EntryStatus.Published, CreatedAt = now, UpdatedAt = now,
            SearchText = FrenchText.Index(a.Name, a.Description, a.Offers),
        });
        db.Entries.AddRange(entries.Values);
        await db.SaveChangesAsync();
        var index = scope.ServiceProvider.GetRequiredService<MatchIndexer>();
        await index.CatchUpAsync();
        var solutions = new Dictionary<string, int>();
        foreach (var s in set.Solutions)
        {
            var solution = new Solution
            {
                Title = s.Title, Summary = s.Summary, ForWhom = s.ForWhom, Results = s.Results, Cost = s.Cost, Conditions = s.Conditions, Themes = s.Themes,
                CommuneCode = s.CommuneCode, CreatedById = "evaluation", CreatedAt = now, UpdatedAt = now,
            };
            db.Add(solution);
            await db.SaveChangesAsync();
            await index.IndexAsync(MatchIndexer.Of(solution), true);
            solutions[s.Key] = solution.Id;
        }
        return (solutions, entries.ToDictionary(e => e.Key, e => e.Value.Id));
    }

    [Fact]
    public async Task Precision_at_5_and_recall_at_10_stay_at_least_where_they_are()
    {
        var set = EvaluationSet.Load();
        Assert.True(set.Needs.Count >= 40);
        var quality = await EvaluateAsync(factory, set, output.WriteLine);
        output.WriteLine(quality.ToString());
        Assert.True(quality.SolutionPrecisionAt5 >= MinSolutionPrecisionAt5, quality.ToString());
        Assert.True(quality.SolutionRecallAt10 >= MinSolutionRecallAt10, quality.ToString());
        Assert.True(quality.ActorPrecisionAt5 >= MinActorPrecisionAt5, quality.ToString());
        Assert.True(quality.ActorRecallAt10 >= MinActorRecallAt10, quality.ToString());
    }
}

public sealed class MatchingEvaluationSqliteTests(EvaluationSqliteFactory factory, ITestOutputHelper output)
    : MatchingEvaluationTests(factory, output), IClassFixture<EvaluationSqliteFactory>;

public sealed class MatchingEvaluationPostgresTests(EvaluationPostgresFactory factory, ITestOutputHelper output)
    : MatchingEvaluationTests(factory, output), IClassFixture<EvaluationPostgresFactory>;
