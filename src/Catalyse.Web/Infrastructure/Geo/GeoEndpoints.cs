using Microsoft.AspNetCore.Http.HttpResults;

namespace Catalyse.Web.Infrastructure.Geo;

public static class GeoEndpoints
{
    public sealed record GeoPlaceDto(string Kind, string Code, string Name, string Detail, long Population, string Key);

    public static void MapGeoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/geo/search", async Task<Ok<List<GeoPlaceDto>>> (string? q, GeoService geo, CancellationToken ct) =>
            {
                var places = await geo.SearchAsync(q, 20, ct);
                return TypedResults.Ok(places.Select(p => new GeoPlaceDto(
                    p.Kind.ToString().ToLowerInvariant(), p.Code, p.Name, p.Detail, p.Population, p.Key)).ToList());
            })
            .WithName("SearchGeography").WithTags("Geography")
            .WithSummary("Search régions, départements, EPCI and communes by name, INSEE code, SIREN or postal code (20 results at most).");

        // Background of the network map: simplified outlines of the metropolitan régions (IGN Admin Express 2018).
        app.MapGet("/geo/regions.geojson", (IWebHostEnvironment env, HttpContext ctx) =>
            {
                ctx.Response.Headers.CacheControl = "public, max-age=86400";
                return Results.File(Path.Combine(ReferenceGeographyLoader.GeoFolder(env), "regions-simplifiees.geojson"), "application/geo+json");
            })
            .WithName("RegionOutlines").WithTags("Geography")
            .WithSummary("Simplified outlines of the metropolitan régions (GeoJSON), for maps.");
    }
}
