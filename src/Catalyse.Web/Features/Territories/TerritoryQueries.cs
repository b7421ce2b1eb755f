using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Territories;

public sealed record TerritorySummary(
    int Id, string Slug, string Name, string Description, List<string> Themes, TerritoryType? Type, TerritoryModel? Model,
    long Population, int CommuneCount, double? Latitude, double? Longitude);

public sealed record Page<T>(List<T> Items, int PageNumber, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool HasPrevious => PageNumber > 1;
    public bool HasNext => PageNumber < PageCount;

    public static (int Page, int Size) Clamp(int? page, int? size, int defaultSize = 20, int maxSize = 100) =>
        (Math.Clamp(page ?? 1, 1, 100_000), Math.Clamp(size ?? defaultSize, 1, maxSize));
}

/// <summary>Read side of the Territories feature: lists and the territory home.</summary>
public sealed class TerritoryQueries(CatalyseDb db)
{
    public async Task<Page<TerritorySummary>> ListAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Page<TerritorySummary>.Clamp(page, pageSize);
        var total = await db.Territories.CountAsync(ct);
        var items = await Summaries(db.Territories.OrderBy(t => t.Name).ThenBy(t => t.Id).Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new Page<TerritorySummary>(items, p, size, total);
    }

    /// <summary>Every territory of the network for the network map (the list beside it is paginated), capped.</summary>
    public Task<List<TerritorySummary>> MapAsync(int cap = 2000, CancellationToken ct = default) =>
        Summaries(db.Territories.OrderBy(t => t.Id).Take(cap)).ToListAsync(ct);

    public Task<TerritorySummary?> SummaryAsync(string slug, CancellationToken ct = default) =>
        Summaries(db.Territories.Where(t => t.Slug == slug)).FirstOrDefaultAsync(ct);

    private IQueryable<TerritorySummary> Summaries(IQueryable<Territory> territories) =>
        territories.Select(t => new TerritorySummary(t.Id, t.Slug, t.Name, t.Description, t.Themes, t.Type, t.Model, t.Population, t.CommuneCount,
            db.TerritoryCommunes.IgnoreQueryFilters().Where(tc => tc.TerritoryId == t.Id)
                .Join(db.Communes, tc => tc.CommuneCode, c => c.Code, (tc, c) => c).Average(c => c.Latitude),
            db.TerritoryCommunes.IgnoreQueryFilters().Where(tc => tc.TerritoryId == t.Id)
                .Join(db.Communes, tc => tc.CommuneCode, c => c.Code, (tc, c) => c).Average(c => c.Longitude)));

    public Task<List<ProgrammeStep>> ProgrammeAsync(int territoryId, CancellationToken ct = default) =>
        db.ProgrammeSteps.AsNoTracking().Where(s => s.TerritoryId == territoryId).OrderBy(s => s.Number).ToListAsync(ct);

    public async Task<List<(PerimeterKind Kind, string Code)>> PerimeterSelectionAsync(int territoryId, CancellationToken ct = default) =>
        (await db.PerimeterItems.Where(i => i.TerritoryId == territoryId).OrderBy(i => i.Kind).ThenBy(i => i.Code)
            .Select(i => new { i.Kind, i.Code }).ToListAsync(ct)).Select(i => (i.Kind, i.Code)).ToList();

    /// <summary>The perimeter's communes with their centroid and département, for the map.</summary>
    public async Task<(List<Commune> Communes, List<(string Code, string Name)> Departements)> PerimeterGeographyAsync(int territoryId, CancellationToken ct = default)
    {
        var communes = await (from tc in db.TerritoryCommunes
                              join c in db.Communes on tc.CommuneCode equals c.Code
                              where tc.TerritoryId == territoryId
                              orderby c.Code
                              select c).AsNoTracking().ToListAsync(ct);
        var depCodes = communes.Select(c => c.DepartementCode).Distinct().ToList();
        var deps = await db.Departements.Where(d => depCodes.Contains(d.Code)).OrderBy(d => d.Code)
            .Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        return (communes, deps.Select(d => (d.Code, d.Name)).ToList());
    }
}
