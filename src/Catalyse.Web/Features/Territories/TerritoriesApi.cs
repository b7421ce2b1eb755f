using Catalyse.Web.Infrastructure.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Territories;

public static class TerritoriesApi
{
    public sealed record StepDto(int Number, string Title, string Status, DateOnly? StartDate, DateOnly? DueDate, string Deliverables, string Notes);

    public sealed record TerritoryDto(
        string Slug, string Name, string Description, List<string> Themes, string? Type, string? Model,
        long Population, int CommuneCount, double? Latitude, double? Longitude, string Url);

    public sealed record TerritoryDetailDto(
        string Slug, string Name, string Description, List<string> Themes, string? Type, string? Model,
        long Population, int CommuneCount, double? Latitude, double? Longitude, string Url,
        List<string> Perimeter, PerimeterInput PerimeterSelection, List<StepDto> Programme);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        MaxDepth = 16,
    };

    public static string? Kebab(Enum? value) => value is null ? null : JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static TerritoryDto Dto(TerritorySummary t, HttpRequest req) => new(
        t.Slug, t.Name, t.Description, t.Themes, Kebab(t.Type), Kebab(t.Model), t.Population, t.CommuneCount,
        t.Latitude, t.Longitude, $"{req.BaseUrl()}/t/{t.Slug}");

    public static void MapTerritoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/territories").WithTags("Territories");

        api.MapGet("/", async Task<Ok<List<TerritoryDto>>> (int? page, int? pageSize, TerritoryQueries queries, HttpContext ctx, CancellationToken ct) =>
            {
                var result = await queries.ListAsync(page, pageSize, ct);
                ctx.Response.Headers["X-Total-Count"] = result.Total.ToString();
                if (result.HasNext)
                    ctx.Response.Headers.Link = $"</api/v1/territories?page={result.PageNumber + 1}&pageSize={result.PageSize}>; rel=\"next\"";
                return TypedResults.Ok(result.Items.Select(t => Dto(t, ctx.Request)).ToList());
            })
            .WithName("ListTerritories")
            .WithSummary("Territories of the network, by name; paginated with page and pageSize (≤ 100), total in X-Total-Count.");

        api.MapGet("/{slug}", async Task<Results<Ok<TerritoryDetailDto>, NotFound>> (string slug, TerritoryQueries queries, TerritoryService territories, HttpContext ctx, CancellationToken ct) =>
            {
                var t = await queries.SummaryAsync(slug, ct);
                if (t is null) return TypedResults.NotFound();
                var selection = await queries.PerimeterSelectionAsync(t.Id, ct);
                var steps = await queries.ProgrammeAsync(t.Id, ct);
                var communes = await territories.CommuneCodesAsync(t.Id, ct);
                var d = Dto(t, ctx.Request);
                return TypedResults.Ok(new TerritoryDetailDto(d.Slug, d.Name, d.Description, d.Themes, d.Type, d.Model, d.Population,
                    d.CommuneCount, d.Latitude, d.Longitude, d.Url, communes,
                    new PerimeterInput(Codes(selection, PerimeterKind.Region), Codes(selection, PerimeterKind.Departement),
                        Codes(selection, PerimeterKind.Epci), Codes(selection, PerimeterKind.Commune)),
                    steps.Select(s => new StepDto(s.Number, s.Title, Kebab(s.Status)!, s.StartDate, s.DueDate, s.Deliverables, s.Notes)).ToList()));
            })
            .WithName("GetTerritory")
            .WithSummary("One territory with the INSEE codes of its communes (perimeter), what was picked (perimeterSelection) and its 7-step programme.");

        api.MapPost("/", async Task<Results<Created<TerritoryDetailDto>, ValidationProblem>> (HttpRequest req, TerritoryService territories, TerritoryQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var (input, bad) = await ApiJson.ReadAsync<NewTerritory>(req, l, ct);
                if (bad is not null) return bad;
                var (territory, errors) = await territories.CreateAsync(input!, ct);
                if (territory is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
                var created = await queries.SummaryAsync(territory.Slug, ct);
                var d = Dto(created!, req);
                var communes = await territories.CommuneCodesAsync(territory.Id, ct);
                var steps = await queries.ProgrammeAsync(territory.Id, ct);
                return TypedResults.Created($"/api/v1/territories/{territory.Slug}", new TerritoryDetailDto(d.Slug, d.Name, d.Description, d.Themes,
                    d.Type, d.Model, d.Population, d.CommuneCount, d.Latitude, d.Longitude, d.Url, communes, input!.Perimeter ?? new PerimeterInput(),
                    steps.Select(s => new StepDto(s.Number, s.Title, Kebab(s.Status)!, s.StartDate, s.DueDate, s.Deliverables, s.Notes)).ToList()));
            })
            .Accepts<NewTerritory>("application/json")
            .RequireAuthorization(Policies.ApiCoordinator)
            .DisableAntiforgery()
            .WithName("CreateTerritory")
            .WithSummary("Create a territory (network coordinator, Bearer token). Population and commune count are computed from the perimeter.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static List<string> Codes(List<(PerimeterKind Kind, string Code)> items, PerimeterKind kind) =>
        items.Where(i => i.Kind == kind).Select(i => i.Code).ToList();

    /// <summary>GET /t/{slug}/perimeter.geojson — the outlines and centroids drawn on the territory map.</summary>
    public static void MapTerritoryMapData(this IEndpointRouteBuilder app) =>
        app.MapGet("/t/{slug}/perimeter.geojson", async (string slug, Infrastructure.Data.TerritoryScope scope, TerritoryQueries queries, GeoOutlines outlines, HttpContext ctx, CancellationToken ct) =>
            {
                var (communes, deps) = await queries.PerimeterGeographyAsync(scope.TerritoryId!.Value, ct);
                ctx.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Text(outlines.FeatureCollection(communes, deps), "application/geo+json");
            })
            .WithName("TerritoryPerimeterGeoJson").WithTags("Territories")
            .WithSummary("The territory's perimeter as GeoJSON: commune outlines where shipped, centroids otherwise, and département outlines.");

    public static IServiceCollection AddTerritories(this IServiceCollection services) =>
        services.AddScoped<TerritoryService>().AddScoped<TerritoryQueries>();
}
