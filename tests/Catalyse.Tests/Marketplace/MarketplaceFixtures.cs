using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests;

/// <summary>Fresh needs, offers, solutions and introductions for tests, made through the marketplace's services.</summary>
public static class MarketplaceFixtures
{
    public static async Task<(int TerritoryId, string Commune)> TerritoryAsync(CatalyseFactory factory, string slug) =>
        await factory.WithDbAsync(async db =>
        {
            var id = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
            var commune = await db.TerritoryCommunes.Where(c => c.TerritoryId == id).OrderBy(c => c.CommuneCode).Select(c => c.CommuneCode).FirstAsync();
            return (id, commune);
        });

    public static async Task<string> PersonAsync(CatalyseFactory factory) =>
        (await People.CreateConfirmedAsync(factory, Unique.Email("marche"))).Id;

    /// <summary>A published actor (or place) of the directory, written as an import or a moderation would leave it.</summary>
    public static async Task<int> EntryAsync(CatalyseFactory factory, string name, string description, string offers, string commune, string[] themes,
        EntryKind kind = EntryKind.Actor)
    {
        var now = DateTimeOffset.UtcNow;
        var entry = new Entry
        {
            Kind = kind, Category = kind == EntryKind.Place ? "tiers-lieu" : "association", Name = name, Description = description, Offers = offers, CommuneCode = commune,
            Themes = [.. themes], Status = EntryStatus.Published, CreatedAt = now, UpdatedAt = now, SearchText = FrenchText.Index(name, description, offers),
        };
        await factory.WithDbAsync(async db => { db.Entries.Add(entry); return await db.SaveChangesAsync(); });
        return entry.Id;
    }

    public static async Task<Need> CreateNeedAsync(CatalyseFactory factory, string slug, string? authorId = null, string title = "Rompre l'isolement des aînés",
        string description = "Des personnes âgées vivent seules dans les hameaux, sans voisin ni visite de la semaine.", string[]? themes = null)
    {
        var (territoryId, commune) = await TerritoryAsync(factory, slug);
        authorId ??= await PersonAsync(factory);
        using var scope = factory.Services.CreateScope();
        var (need, errors) = await scope.ServiceProvider.GetRequiredService<NeedService>().CreateAsync(territoryId, authorId,
            new NeedInput(title, description, themes ?? ["lien social"], commune, "Personnes âgées isolées", 40, NeedUrgency.High));
        Assert.True(need is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return need;
    }

    public static async Task<Offer> CreateOfferAsync(CatalyseFactory factory, string slug, bool pioneer = false, string? authorId = null)
    {
        var (territoryId, commune) = await TerritoryAsync(factory, slug);
        authorId ??= await PersonAsync(factory);
        using var scope = factory.Services.CreateScope();
        var (offer, errors) = await scope.ServiceProvider.GetRequiredService<OfferService>().CreateAsync(territoryId, authorId, pioneer
            ? new OfferInput(OfferKind.PioneerDays, "Deux jours d'un catalyseur expérimenté", "J'aide un territoire qui démarre sa fabrique à initiatives.", ["gouvernance"], null, 10, null, null)
            : new OfferInput(OfferKind.Skills, "Visites de convivialité à domicile", "Des bénévoles formés rendent visite aux personnes seules chaque semaine.", ["lien social"], commune, null, null, null));
        Assert.True(offer is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return offer;
    }

    public static async Task<Solution> CreateSolutionAsync(CatalyseFactory factory, string? authorId = null, string title = "Réseau de visiteurs bénévoles")
    {
        authorId ??= await PersonAsync(factory);
        using var scope = factory.Services.CreateScope();
        var (solution, errors) = await scope.ServiceProvider.GetRequiredService<SolutionService>().CreateAsync(authorId,
            new SolutionInput(title, "Des bénévoles rendent visite chaque semaine aux seniors isolés des communes rurales.", "Seniors isolés",
                "120 personnes visitées, 45 bénévoles", "8 000 € par an", "Un coordinateur à mi-temps", ["lien social"], "23096", null, null));
        Assert.True(solution is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return solution;
    }

    internal static async Task<string> NeedAsync(CatalyseFactory factory, string slug, List<Func<CatalyseFactory, Task>> cleanups)
    {
        var id = (await CreateNeedAsync(factory, slug)).Id;
        cleanups.Add(f => f.WithDbAsync(db => db.Set<Need>().IgnoreQueryFilters().Where(n => n.Id == id).ExecuteDeleteAsync()));
        return id.ToString();
    }

    internal static async Task<string> OfferAsync(CatalyseFactory factory, string slug, bool pioneer, List<Func<CatalyseFactory, Task>> cleanups)
    {
        var id = (await CreateOfferAsync(factory, slug, pioneer)).Id;
        cleanups.Add(f => f.WithDbAsync(db => db.Set<Offer>().IgnoreQueryFilters().Where(o => o.Id == id).ExecuteDeleteAsync()));
        return id.ToString();
    }

    internal static async Task<string> SolutionAsync(CatalyseFactory factory, List<Func<CatalyseFactory, Task>> cleanups)
    {
        var id = (await CreateSolutionAsync(factory)).Id;
        cleanups.Add(f => f.WithDbAsync(db => db.Set<Solution>().Where(s => s.Id == id).ExecuteDeleteAsync()));
        return id.ToString();
    }

    internal static async Task<string> IntroductionAsync(CatalyseFactory factory, string slug, List<Func<CatalyseFactory, Task>> cleanups)
    {
        var need = await CreateNeedAsync(factory, slug);
        var offer = await CreateOfferAsync(factory, slug);
        using var scope = factory.Services.CreateScope();
        var (result, intro, errors) = await scope.ServiceProvider.GetRequiredService<IntroductionService>().ProposeAsync(need.Id, need.AuthorId, false,
            new IntroductionInput(MatchKind.Offer, offer.Id, "Vous pourriez vous rencontrer."));
        Assert.True(result == IntroductionResult.Done, string.Join("; ", errors.SelectMany(e => e.Value)));
        cleanups.Add(f => f.WithDbAsync(async db =>
        {
            await db.Set<Need>().IgnoreQueryFilters().Where(n => n.Id == need.Id).ExecuteDeleteAsync();
            await db.Set<Offer>().IgnoreQueryFilters().Where(o => o.Id == offer.Id).ExecuteDeleteAsync();
        }));
        return intro!.Id.ToString();
    }
}
