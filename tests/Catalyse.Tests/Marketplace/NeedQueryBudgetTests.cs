using Catalyse.Tests.Infrastructure;
using Catalyse.Tests.Participation;
using Catalyse.Web.Features.Marketplace;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Marketplace;

/// <summary>
/// A fixed number of SQL commands for the needs, introductions and synonyms pages, whatever the number of needs, comments,
/// "moi aussi", introductions and leads (no N+1). Each case gets a territory of its own and is measured twice: 3 needs, the
/// last with 3 comments, supports and introductions (to 3 offers), then 30 of each. Budgets are what the code needs today.
/// </summary>
public abstract class NeedQueryBudgetTests(CatalyseFactory factory)
{
    public enum Viewer { Anonymous, Author, Catalyst }

    public static TheoryData<string, Viewer, int> Budgets => new()
    {
        { "/t/{slug}/needs", Viewer.Anonymous, 3 },                       // slug, count, one page
        { "/t/{slug}/needs?status=all&theme=lien%20social", Viewer.Anonymous, 3 },
        { "/t/{slug}/needs/new", Viewer.Author, 2 },                      // slug, communes
        // slug, need, comments (count, page), introductions (count, page), the matcher (catch-up 2, synonyms, perimeter, commune, and
        // for each of the four groups its postings, document count and documents: 3 × 4 when every group has candidates)
        { "/t/{slug}/needs/{id}", Viewer.Anonymous, 23 },
        { "/t/{slug}/needs/{id}", Viewer.Author, 25 },                    // + role, supported/following
        { "/t/{slug}/needs/{id}", Viewer.Catalyst, 24 },
        { "/t/{slug}/introductions", Viewer.Author, 4 },                  // slug, role, count, page
        { "/t/{slug}/introductions?tab=all", Viewer.Catalyst, 3 },
        { "/t/{slug}/introductions/{intro}", Viewer.Author, 3 },          // slug, introduction, role
        { "/t/{slug}/introductions/{intro}", Viewer.Catalyst, 2 },
        { "/t/{slug}/marketplace/synonyms", Viewer.Catalyst, 2 },         // slug, groups (network staff: no role query)
    };

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Marketplace_need_pages_stay_within_their_query_budget_and_do_not_grow_with_needs_comments_or_introductions(string template, Viewer viewer, int budget)
    {
        var email = Unique.Email("budget-besoins");
        var author = await People.CreateConfirmedAsync(factory, email);
        using var client = viewer switch
        {
            Viewer.Anonymous => factory.Client(),
            Viewer.Catalyst => await factory.SignedInAsync("coordination@catalyse.demo"),
            _ => await factory.SignedInAsync(email, People.Password),
        };
        int? before = null;
        foreach (var n in new[] { 3, 30 })
        {
            var slug = Unique.Slug("budget-besoins");
            await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
            var (need, intro) = await ArrangeAsync(slug, author.Id, n);
            var url = template.Replace("{slug}", slug).Replace("{id}", need.ToString()).Replace("{intro}", intro.ToString());
            // The matcher's index catches up with the directory changes other tests left (measured: the steady state).
            using (var scope = factory.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<MatchIndexer>().CatchUpAsync();
            var count = await factory.CommandsAsync(client, url);
            Assert.True(count > 0, "The probe counted nothing: the counter is not wired.");
            if (before is null) Assert.True(count <= budget, $"{url} ({viewer}): {count} SQL commands, budget {budget}.");
            else Assert.True(count <= before, $"{template} ({viewer}): {before} SQL commands with 3 needs, comments and introductions, {count} with 30.");
            before ??= count;
        }
    }

    /// <summary><paramref name="n"/> needs by the author; the last with n comments, n "moi aussi" and n introductions to n offers, and the territory's own synonyms.</summary>
    private async Task<(int Need, int Introduction)> ArrangeAsync(string slug, string authorId, int n)
    {
        Need need = null!;
        for (var i = 0; i < n; i++) need = await MarketplaceFixtures.CreateNeedAsync(factory, slug, authorId, $"Rompre l'isolement des aînés {i}");
        var people = await PetitionData.PeopleAsync(factory, n);
        var intro = 0;
        foreach (var person in people)
        {
            using var scope = factory.Services.CreateScope();
            var needs = scope.ServiceProvider.GetRequiredService<NeedService>();
            Assert.Equal(MeTooOutcome.Added, await needs.MeTooAsync(need.Id, person));
            Assert.NotNull(await needs.CommentAsync(need.Id, person, "Chez nous aussi, dans le hameau."));
        }
        foreach (var person in people)
        {
            var offer = await MarketplaceFixtures.CreateOfferAsync(factory, slug, authorId: person);
            using var scope = factory.Services.CreateScope();
            var (result, created, errors) = await scope.ServiceProvider.GetRequiredService<IntroductionService>().ProposeAsync(need.Id, authorId, false,
                new IntroductionInput(MatchKind.Offer, offer.Id, "Rencontrez-vous."));
            Assert.True(result == IntroductionResult.Done, string.Join("; ", errors.SelectMany(e => e.Value)));
            intro = created!.Id;
        }
        var territoryId = (await MarketplaceFixtures.TerritoryAsync(factory, slug)).TerritoryId;
        using (var scope = factory.Services.CreateScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<SynonymService>().SaveAsync(territoryId,
                string.Join('\n', Enumerable.Range(0, n).Select(i => $"mot{i} ~ terme{i}"))));
        return (need.Id, intro);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NeedQueryBudgetSqliteTests(CatalyseFactory factory) : NeedQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class NeedQueryBudgetPostgresTests(PostgresFactory factory) : NeedQueryBudgetTests(factory);
