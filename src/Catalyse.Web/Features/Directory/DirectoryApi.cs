using Catalyse.Web.Infrastructure.Web;
using System.Text.Json;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory;

public static class DirectoryApi
{
    public sealed record EntryDto(int Id, string Kind, string? Category, string Name, string? CommuneCode, string? Commune,
        double? Latitude, double? Longitude, List<string> Themes, string Url);

    /// <summary>Compact map record: [lat, lon, count, id, name, kind] as in GoGoCarto.</summary>
    public sealed record MapDto(int Zoom, int Count, bool Clustered, List<object?[]> Cells);

    private static EntryDto Dto(EntrySummary e, string basePath) => new(e.Id, TerritoriesApi.Kebab(e.Kind)!, e.Category, e.Name,
        e.CommuneCode, e.CommuneName, e.Latitude, e.Longitude, e.Themes, $"{basePath}/{e.Id}");

    internal static ValidationProblem? Parse(string? kind, string? bbox, int? sdg, IStringLocalizer l, out EntryKind? parsedKind, out BoundingBox? box)
    {
        parsedKind = null; box = null;
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(kind))
        {
            if (Enum.GetValues<EntryKind>().FirstOrDefault(k => TerritoriesApi.Kebab(k) == kind || k.ToString().Equals(kind, StringComparison.OrdinalIgnoreCase)) is { } k && k != 0)
                parsedKind = k;
            else errors["kind"] = [l["Type de fiche inconnu : actor, place, initiative ou policy."]];
        }
        if (!string.IsNullOrEmpty(bbox) && !BoundingBox.TryParse(bbox, out box))
            errors["bbox"] = [l["bbox attendu : ouest,sud,est,nord en degrés."]];
        if (sdg is < 1 or > 17) errors["sdg"] = [l["Les ODD vont de 1 à 17."]];
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: l["Requête invalide"]) : null;
    }

    public static void MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        var territory = app.MapGroup("/api/v1/territories/{slug}").WithTags("Directory");
        var network = app.MapGroup("/api/v1/directory").WithTags("Directory");

        async Task<Results<Ok<List<EntryDto>>, ValidationProblem>> List(string? q, string? kind, string? theme, int? sdg, string? bbox, int? page, int? pageSize,
            TerritoryScope scope, DirectoryQueries queries, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct)
        {
            if (Parse(kind, bbox, sdg, l, out var k, out var box) is { } problem) return problem;
            var result = await queries.SearchAsync(scope.TerritoryId, new EntryFilter(q?.Length > 200 ? q[..200] : q, k, theme, sdg, box), page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = result.Entries.Total.ToString();
            // Broad searches stop counting at DirectoryQueries.CountCap: the total is then a lower bound.
            if (result.TotalIsCapped) ctx.Response.Headers["X-Total-Count-Capped"] = "true";
            var basePath = ctx.Request.BaseUrl() + (scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory");
            return TypedResults.Ok(result.Entries.Items.Select(e => Dto(e, basePath)).ToList());
        }

        async Task<Results<Ok<MapDto>, ValidationProblem>> Map(string? q, string? kind, string? theme, int? sdg, string? bbox, int? zoom,
            TerritoryScope scope, DirectoryQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct)
        {
            if (Parse(kind, bbox, sdg, l, out var k, out var box) is { } problem) return problem;
            var z = Math.Clamp(zoom ?? 6, 0, 20);
            var cells = await queries.MapAsync(scope.TerritoryId, new EntryFilter(q?.Length > 200 ? q[..200] : q, k, theme, sdg, box), z, ct);
            var clustered = cells.Any(c => c.Count > 1 || c.Id is null);
            return TypedResults.Ok(new MapDto(z, cells.Sum(c => c.Count), clustered,
                cells.Select(c => new object?[] { Math.Round(c.Lat, 5), Math.Round(c.Lon, 5), c.Count, c.Id, c.Name, c.Kind is { } ck ? TerritoriesApi.Kebab(ck) : null }).ToList()));
        }

        territory.MapGet("/actors", List).WithName("ListTerritoryEntries")
            .WithSummary("Published entries of the territory (actors, places, initiatives, policies): q (French full text), kind, theme, sdg, bbox=west,south,east,north, page, pageSize ≤ 100; total in X-Total-Count (for a text, theme, sdg or bbox filter, counting stops at 10,000: X-Total-Count-Capped: true then says the total is at least that).");
        network.MapGet("/", List).WithName("ListNetworkEntries").WithSummary("The same over the whole network.");
        territory.MapGet("/map", Map).WithName("TerritoryMap")
            .WithSummary("Map of the visible box: points [lat, lon, 1, id, name, kind] when few, otherwise clusters [lat, lon, count, id|null] on a zoom-dependent grid; at most 2,000 cells.");
        network.MapGet("/map", Map).WithName("NetworkMap").WithSummary("The same over the whole network.");

        territory.MapPost("/actors", async Task<Results<Created<EntryDto>, ValidationProblem, ForbidHttpResult>> (HttpRequest req, TerritoryScope scope,
                TerritoryAccess access, DirectoryService directory, DirectoryQueries queries, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
                var (input, bad) = await ApiJson.ReadAsync<EntryInput>(req, l, ct);
                if (bad is not null) return bad;
                var (entry, errors) = await directory.CreateAsync(input!, scope.TerritoryId, users.GetUserId(req.HttpContext.User), publish: true, ct);
                if (entry is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
                var basePath = $"{req.BaseUrl()}/t/{scope.Slug}/directory";
                var summary = new EntrySummary(entry.Id, entry.Kind, entry.Category, entry.Name, entry.CommuneCode,
                    await queries.CommuneNameAsync(entry.CommuneCode, ct), entry.Latitude, entry.Longitude, entry.Themes);
                return TypedResults.Created($"/api/v1/territories/{scope.Slug}/actors/{entry.Id}", Dto(summary, basePath));
            })
            .Accepts<EntryInput>("application/json")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            .DisableAntiforgery()
            .WithName("CreateTerritoryEntry")
            .WithSummary("Create a published entry in the territory (catalyst of the territory, coordinator or admin; Bearer token).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
