using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Marketplace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Marketplace;

/// <summary>The offer, bourse des pionniers and solutions pages: posting and closing an offer, days given never beyond those
/// offered, one adaptation per territory and solution, and the essaimage page.</summary>
public abstract class OfferPagesTests(CatalyseFactory factory)
{
    private const string Gueret = "grand-gueret";

    [Fact]
    public async Task A_signed_in_person_posts_an_offer_then_closes_it()
    {
        var email = Unique.Email("offre");
        await People.CreateConfirmedAsync(factory, email);
        using var client = await factory.SignedInAsync(email, People.Password);
        var (_, commune) = await MarketplaceFixtures.TerritoryAsync(factory, Gueret);
        var title = "Prêt de la salle polyvalente " + Guid.NewGuid().ToString("N")[..6];
        using var created = await client.PostFormAsync($"/t/{Gueret}/offers/new", ("Kind", "Place"), ("Title", title),
            ("Description", "Une salle de 80 places prêtée aux associations le samedi."), ("Themes", "lien social, culture"), ("CommuneCode", commune));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString;
        Assert.Matches($"^/t/{Gueret}/offers/\\d+$", path);
        var id = int.Parse(path.Split('/')[^1]);
        var page = await client.GetDocumentAsync(path);
        Assert.Equal(title, page.QuerySelector("h1")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#help"));
        Assert.Contains(title, (await client.GetDocumentAsync($"/t/{Gueret}/offers?kind=place")).Body!.TextContent);

        using var closed = await client.PostFormAsync($"{path}?handler=Close");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(OfferStatus.Closed, await factory.WithDbAsync(db => db.Set<Offer>().IgnoreQueryFilters().Where(o => o.Id == id).Select(o => o.Status).SingleAsync()));
        Assert.DoesNotContain(title, (await client.GetDocumentAsync($"/t/{Gueret}/offers?kind=place")).Body!.TextContent);
        Assert.Contains(title, (await client.GetDocumentAsync($"/t/{Gueret}/offers?kind=place&status=all")).Body!.TextContent);
    }

    [Fact]
    public async Task An_offer_shows_the_open_needs_it_could_answer_with_the_reasons()
    {
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Gueret, title: "Rompre l'isolement des aînés des hameaux " + Guid.NewGuid().ToString("N")[..6]);
        var offer = await MarketplaceFixtures.CreateOfferAsync(factory, Gueret);
        using var client = factory.Client();
        var help = (await client.GetDocumentAsync($"/t/{Gueret}/offers/{offer.Id}")).QuerySelector("#help")!.ParentElement!;
        var link = help.QuerySelector($"a[href='/t/{Gueret}/needs/{need.Id}']");
        Assert.NotNull(link);
        Assert.Contains("lien social", link!.Closest("li")!.TextContent);
    }

    [Fact]
    public async Task Somebody_else_cannot_close_an_offer()
    {
        var offer = await MarketplaceFixtures.CreateOfferAsync(factory, Gueret);
        var email = Unique.Email("autre");
        await People.CreateConfirmedAsync(factory, email);
        using var client = await factory.SignedInAsync(email, People.Password);
        using var response = await client.PostFormAsync($"/t/{Gueret}/offers/{offer.Id}?handler=Close");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(OfferStatus.Open, await factory.WithDbAsync(db => db.Set<Offer>().IgnoreQueryFilters().Where(o => o.Id == offer.Id).Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_author_records_days_given_on_the_pioneers_page()
    {
        var email = Unique.Email("pionnier");
        var author = await People.CreateConfirmedAsync(factory, email);
        var offer = await MarketplaceFixtures.CreateOfferAsync(factory, Gueret, pioneer: true, authorId: author.Id);
        using var client = await factory.SignedInAsync(email, People.Password);
        using var response = await client.PostFormAsync("/pioneers", ("OfferId", offer.Id.ToString()), ("Territory", "grenoble-alpes"), ("Days", "1,5"),
            ("On", "2026-10-05"), ("Purpose", "Lancement de la fabrique à initiatives"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var text = (await client.GetDocumentAsync("/pioneers")).QuerySelector($"#offer-{offer.Id}")!.TextContent;
        Assert.Contains("Lancement de la fabrique à initiatives", text);
        Assert.Equal(1.5m, await factory.WithDbAsync(db => db.Set<Offer>().IgnoreQueryFilters().Where(o => o.Id == offer.Id).Select(o => o.DaysUsed).SingleAsync()));
    }

    [Fact]
    public async Task Twenty_recordings_of_one_day_at_once_on_a_ten_day_offer_give_exactly_ten()
    {
        var offer = await MarketplaceFixtures.CreateOfferAsync(factory, Gueret, pioneer: true);
        var (territoryId, _) = await MarketplaceFixtures.TerritoryAsync(factory, "grenoble-alpes");
        var recorder = await MarketplaceFixtures.PersonAsync(factory);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            await Task.Yield();
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<OfferService>().RecordPioneerUseAsync(offer.Id, recorder,
                new PioneerUseInput(territoryId, 1, new DateOnly(2026, 10, 1), $"Journée d'appui numéro {i}"));
        }));
        Assert.Equal(10, results.Count(r => r is { Count: 0 }));
        Assert.All(results.Where(r => r is { Count: > 0 }), r => Assert.True(r!.ContainsKey("days")));
        var (rows, used) = await factory.WithDbAsync(async db => (await db.Set<PioneerDayUse>().CountAsync(u => u.OfferId == offer.Id),
            await db.Set<Offer>().IgnoreQueryFilters().Where(o => o.Id == offer.Id).Select(o => o.DaysUsed).SingleAsync()));
        Assert.Equal(10, rows);
        Assert.Equal(10m, used);
    }

    [Fact]
    public async Task Adapting_a_solution_twice_keeps_one_record_and_the_spread_page_lists_it()
    {
        var solution = await MarketplaceFixtures.CreateSolutionAsync(factory, title: "Épicerie solidaire itinérante " + Guid.NewGuid().ToString("N")[..6]);
        using var client = await factory.SignedInAsync("catalyseur.gueret@catalyse.demo");
        foreach (var _ in new[] { 1, 2 })
        {
            using var response = await client.PostFormAsync($"/solutions/{solution.Id}", ("Territory", Gueret), ("Changes", "Une tournée par semaine dans les hameaux"),
                ("StartedOn", "2026-09-01"));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        var (rows, count) = await factory.WithDbAsync(async db => (await db.Set<SolutionAdoption>().CountAsync(a => a.SolutionId == solution.Id),
            await db.Set<Solution>().Where(s => s.Id == solution.Id).Select(s => s.AdoptionCount).SingleAsync()));
        Assert.Equal(1, rows);
        Assert.Equal(1, count);
        var spread = (await client.GetDocumentAsync("/solutions/spread")).Body!.TextContent;
        Assert.Contains(solution.Title, spread);
        Assert.Contains("Une tournée par semaine dans les hameaux", spread);
        var detail = (await client.GetDocumentAsync($"/solutions/{solution.Id}")).Body!.TextContent;
        Assert.Contains("Une tournée par semaine dans les hameaux", detail);
    }

    [Fact]
    public async Task A_catalyst_cannot_record_an_adaptation_for_another_territory()
    {
        var solution = await MarketplaceFixtures.CreateSolutionAsync(factory);
        using var client = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        using var response = await client.PostFormAsync($"/solutions/{solution.Id}", ("Territory", Gueret), ("Changes", "Une tournée par semaine"), ("StartedOn", "2026-09-01"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Set<SolutionAdoption>().CountAsync(a => a.SolutionId == solution.Id)));
    }

    [Fact]
    public async Task Twenty_adaptations_at_once_by_the_same_territory_keep_one()
    {
        var solution = await MarketplaceFixtures.CreateSolutionAsync(factory);
        var (territoryId, _) = await MarketplaceFixtures.TerritoryAsync(factory, Gueret);
        var recorder = await MarketplaceFixtures.PersonAsync(factory);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            await Task.Yield();
            using var scope = factory.Services.CreateScope();
            return (await scope.ServiceProvider.GetRequiredService<SolutionService>().RecordAdoptionAsync(solution.Id, territoryId, recorder,
                new AdoptionInput($"Adaptation numéro {i}", new DateOnly(2026, 9, 1)))).Outcome;
        }));
        Assert.Equal(1, outcomes.Count(o => o == AdoptionOutcome.Recorded));
        Assert.All(outcomes, o => Assert.True(o is AdoptionOutcome.Recorded or AdoptionOutcome.AlreadyRecorded, o.ToString()));
        var (rows, count) = await factory.WithDbAsync(async db => (await db.Set<SolutionAdoption>().CountAsync(a => a.SolutionId == solution.Id),
            await db.Set<Solution>().Where(s => s.Id == solution.Id).Select(s => s.AdoptionCount).SingleAsync()));
        Assert.Equal(1, rows);
        Assert.Equal(1, count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OfferPagesSqliteTests(CatalyseFactory factory) : OfferPagesTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class OfferPagesPostgresTests(PostgresFactory factory) : OfferPagesTests(factory);
