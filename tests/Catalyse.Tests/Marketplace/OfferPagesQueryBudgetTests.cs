using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Marketplace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Marketplace;

/// <summary>
/// A fixed number of SQL commands for the offers, bourse des pionniers and solutions pages, whatever the number of offers,
/// needs, uses of days, solutions and adaptations (no N+1). Each case gets a territory of its own and is measured twice:
/// with 3 of everything, then with 30. Budgets are what the code needs today.
/// </summary>
public abstract class OfferPagesQueryBudgetTests(CatalyseFactory factory)
{
    public enum Viewer { Anonymous, Staff }

    public static TheoryData<string, Viewer, int> Budgets => new()
    {
        { "/t/{slug}/offers", Viewer.Anonymous, 3 },                         // slug, count, page
        { "/t/{slug}/offers?kind=skills&status=all", Viewer.Staff, 3 },
        { "/t/{slug}/offers/new", Viewer.Staff, 2 },                         // slug, communes
        // slug, offer, its entity, the matcher (synonyms, perimeter, commune, postings, documents count, documents)
        { "/t/{slug}/offers/{offer}", Viewer.Anonymous, 9 },
        { "/t/{slug}/offers/{offer}", Viewer.Staff, 9 },
        { "/pioneers", Viewer.Anonymous, 3 },                                // count, page, uses
        { "/pioneers", Viewer.Staff, 4 },                                    // + territories for the forms
        { "/solutions", Viewer.Anonymous, 2 },                               // count, page
        { "/solutions?q=visiteurs%20b%C3%A9n%C3%A9voles", Viewer.Staff, 2 },
        { "/solutions/new", Viewer.Staff, 1 },                               // territories
        { "/solutions/{solution}", Viewer.Anonymous, 3 },                    // solution, count, page of adaptations
        { "/solutions/{solution}", Viewer.Staff, 4 },                        // + territories
        { "/solutions/spread", Viewer.Anonymous, 4 },                        // count, page; count, page of the most adapted
    };

    private sealed record Arranged(string Slug, int OfferId, int SolutionId);

    private async Task<Arranged> ArrangeAsync(string template, int n)
    {
        var slug = Unique.Slug("budget-offers");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var author = await MarketplaceFixtures.PersonAsync(factory);
        int offerId = 0, solutionId = 0;
        if (template.Contains("offers"))
        {
            for (var i = 0; i < n; i++)
            {
                offerId = (await MarketplaceFixtures.CreateOfferAsync(factory, slug, authorId: author)).Id;
                await MarketplaceFixtures.CreateNeedAsync(factory, slug, authorId: author);
            }
        }
        if (template.StartsWith("/pioneers"))
        {
            var (territoryId, _) = await MarketplaceFixtures.TerritoryAsync(factory, slug);
            for (var i = 0; i < n; i++)
            {
                var offer = await MarketplaceFixtures.CreateOfferAsync(factory, slug, pioneer: true, authorId: author);
                for (var u = 0; u < 2; u++)
                {
                    using var scope = factory.Services.CreateScope();
                    var errors = await scope.ServiceProvider.GetRequiredService<OfferService>().RecordPioneerUseAsync(offer.Id, author,
                        new PioneerUseInput(territoryId, 0.5m, new DateOnly(2026, 10, 1 + u), "Aide au démarrage"));
                    Assert.True(errors is { Count: 0 });
                }
            }
        }
        if (template.StartsWith("/solutions"))
        {
            var territories = new List<int> { (await MarketplaceFixtures.TerritoryAsync(factory, slug)).TerritoryId };
            if (template.Contains("{solution}"))
                for (var i = 1; i < n; i++)
                {
                    var other = Unique.Slug("budget-adopt");
                    await TerritoryBuilder.CreateAsync(factory, other, TerritoryBuilder.Perimeter(communes: ["23096"]));
                    territories.Add((await MarketplaceFixtures.TerritoryAsync(factory, other)).TerritoryId);
                }
            for (var i = 0; i < n; i++)
            {
                solutionId = (await MarketplaceFixtures.CreateSolutionAsync(factory, author)).Id;
                using var scope = factory.Services.CreateScope();
                var (outcome, _) = await scope.ServiceProvider.GetRequiredService<SolutionService>().RecordAdoptionAsync(solutionId, territories[0], author,
                    new AdoptionInput("Adaptée aux hameaux", new DateOnly(2026, 9, 1)));
                Assert.Equal(AdoptionOutcome.Recorded, outcome);
            }
            foreach (var t in territories.Skip(1))
            {
                using var scope = factory.Services.CreateScope();
                var (outcome, _) = await scope.ServiceProvider.GetRequiredService<SolutionService>().RecordAdoptionAsync(solutionId, t, author,
                    new AdoptionInput("Adaptée aux hameaux", new DateOnly(2026, 9, 1)));
                Assert.Equal(AdoptionOutcome.Recorded, outcome);
            }
        }
        return new Arranged(slug, offerId, solutionId);
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Offer_and_solution_pages_stay_within_their_query_budget_and_do_not_grow_with_items(string template, Viewer viewer, int budget)
    {
        using var client = viewer == Viewer.Anonymous ? factory.Client() : await factory.SignedInAsync("coordination@catalyse.demo");
        int? before = null;
        foreach (var n in new[] { 3, 30 })
        {
            var a = await ArrangeAsync(template, n);
            var url = template.Replace("{slug}", a.Slug).Replace("{offer}", a.OfferId.ToString()).Replace("{solution}", a.SolutionId.ToString());
            // The matcher's index catches up with the directory changes other tests left (measured: the steady state).
            using (var scope = factory.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<MatchIndexer>().CatchUpAsync();
            var count = await factory.CommandsAsync(client, url);
            Assert.True(count > 0, "The probe counted nothing: the counter is not wired.");
            if (before is null) Assert.True(count <= budget, $"{url} ({viewer}): {count} SQL commands, budget {budget}.");
            else Assert.True(count <= before, $"{template} ({viewer}): {before} SQL commands with 3 items, {count} with 30.");
            before ??= count;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OfferPagesQueryBudgetSqliteTests(CatalyseFactory factory) : OfferPagesQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class OfferPagesQueryBudgetPostgresTests(PostgresFactory factory) : OfferPagesQueryBudgetTests(factory);
