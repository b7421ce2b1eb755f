using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Marketplace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Marketplace;

/// <summary>
/// A fixed number of SQL commands for the marketplace's API reads, whatever the number of needs, comments, offers, uses of
/// the bourse, matches and introductions (no N+1). Each case gets a territory of its own and is measured twice: with 3 of
/// each, then with 30. Budgets are what the code needs today.
/// </summary>
public abstract class MarketplaceApiQueryBudgetTests(CatalyseFactory factory)
{
    public static TheoryData<string, bool, int> Budgets => new()
    {
        { "/api/v1/territories/{slug}/needs", false, 3 },                                  // slug, count, page
        { "/api/v1/territories/{slug}/needs?status=all&theme=lien%20social", false, 3 },
        { "/api/v1/territories/{slug}/needs/{need}", false, 4 },                           // slug, need, comments: count, page
        // slug, need, index catch-up, synonyms, perimeter, commune, then per kind postings, documents count and rows; slugs of offers
        { "/api/v1/territories/{slug}/needs/{need}/matches", false, 22 },
        { "/api/v1/territories/{slug}/offers", false, 3 },
        { "/api/v1/territories/{slug}/offers?kind=pioneer-days&status=all", false, 3 },
        { "/api/v1/territories/{slug}/offers/{offer}", false, 2 },
        { "/api/v1/territories/{slug}/offers/{offer}/needs", false, 8 },
        { "/api/v1/solutions", false, 2 },
        { "/api/v1/solutions?q=b%C3%A9n%C3%A9voles&theme=lien%20social", false, 2 },
        { "/api/v1/solutions/{solution}", false, 1 },
        { "/api/v1/solutions/{solution}/adoptions", false, 3 },
        { "/api/v1/pioneer-days", false, 3 },                                              // count, page, uses
        { "/api/v1/territories/{slug}/introductions", true, 9 },                           // slug, token and account, count, page
        { "/api/v1/territories/{slug}/introductions/{introduction}", true, 8 },
    };

    private sealed record Arranged(string Slug, int Need, int Offer, int Solution, int Introduction);

    /// <summary>The two arrangements (3 and 30 of each), made once per factory: the reads do not change them.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CatalyseFactory, System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<Task<Arranged>>>> Cache = new();

    private Task<Arranged> ArrangedAsync(int n) =>
        Cache.GetOrCreateValue(factory).GetOrAdd(n, _ => new Lazy<Task<Arranged>>(() => ArrangeAsync(n))).Value;

    /// <summary><paramref name="n"/> needs (the last measured, with n comments and n introductions to n offers), n pioneer offers (the last with n uses), n solutions.</summary>
    private async Task<Arranged> ArrangeAsync(int n)
    {
        var slug = Unique.Slug("budget-marche");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var (territoryId, _) = await MarketplaceFixtures.TerritoryAsync(factory, slug);
        Need need = null!;
        for (var i = 0; i < n; i++) need = await MarketplaceFixtures.CreateNeedAsync(factory, slug);
        Offer offer = null!, pioneer = null!;
        Solution solution = null!;
        int introduction = 0;
        for (var i = 0; i < n; i++)
        {
            offer = await MarketplaceFixtures.CreateOfferAsync(factory, slug);
            pioneer = await MarketplaceFixtures.CreateOfferAsync(factory, slug, pioneer: true);
            solution = await MarketplaceFixtures.CreateSolutionAsync(factory);
            using var scope = factory.Services.CreateScope();
            var services = scope.ServiceProvider;
            Assert.Empty(await services.GetRequiredService<NeedService>().CommentAsync(need.Id, offer.AuthorId, $"Commentaire numéro {i}") ?? []);
            var (result, intro, errors) = await services.GetRequiredService<IntroductionService>().ProposeAsync(need.Id, need.AuthorId, false,
                new IntroductionInput(MatchKind.Offer, offer.Id, "Rencontrez-vous."));
            Assert.True(result == IntroductionResult.Done, string.Join("; ", errors.SelectMany(e => e.Value)));
            introduction = intro!.Id;
        }
        await factory.WithDbAsync(async db =>
        {
            var territories = await db.Territories.OrderBy(t => t.Id).Select(t => t.Id).Take(n).ToListAsync();
            foreach (var (t, i) in territories.Select((t, i) => (t, i)))
            {
                db.Add(new PioneerDayUse { OfferId = pioneer.Id, TerritoryId = t, Days = 0.5m, On = new DateOnly(2026, 1, 1).AddDays(i), Purpose = "Démarrage", RecordedBy = pioneer.AuthorId, RecordedAt = DateTimeOffset.UtcNow });
                db.Add(new SolutionAdoption { SolutionId = solution.Id, TerritoryId = t, Changes = "Adaptée.", StartedOn = new DateOnly(2026, 1, 1), RecordedBy = pioneer.AuthorId, RecordedAt = DateTimeOffset.UtcNow });
            }
            await db.SaveChangesAsync();
        });
        return new Arranged(slug, need.Id, offer.Id, solution.Id, introduction);
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Marketplace_api_reads_stay_within_their_query_budget_and_do_not_grow_with_the_data(string template, bool catalyst, int budget)
    {
        using var client = factory.Client();
        if (catalyst) client.UseToken(await Tokens.OfDemoAccountAsync(factory, "coordination@catalyse.demo"));
        int? before = null;
        foreach (var n in new[] { 3, 30 })
        {
            var a = await ArrangedAsync(n);
            var url = template.Replace("{slug}", a.Slug).Replace("{need}", a.Need.ToString()).Replace("{offer}", a.Offer.ToString())
                .Replace("{solution}", a.Solution.ToString()).Replace("{introduction}", a.Introduction.ToString());
            // The matcher's index catches up with the directory changes other tests left (measured: the steady state).
            using (var scope = factory.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<MatchIndexer>().CatchUpAsync();
            var count = await factory.CommandsAsync(client, url);
            Assert.True(count > 0, "The probe counted nothing: the counter is not wired.");
            if (before is null) Assert.True(count <= budget, $"{url}: {count} SQL commands, budget {budget}.");
            else Assert.True(count <= before, $"{template}: {before} SQL commands with 3 of each, {count} with 30.");
            before ??= count;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MarketplaceApiQueryBudgetSqliteTests(CatalyseFactory factory) : MarketplaceApiQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class MarketplaceApiQueryBudgetPostgresTests(PostgresFactory factory) : MarketplaceApiQueryBudgetTests(factory);
