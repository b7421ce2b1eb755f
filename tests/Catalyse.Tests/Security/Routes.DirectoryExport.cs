namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>Open-data exports of the directory (issue 3).</summary>
    public static readonly AppRoute[] DirectoryExport =
    [
        Get("/api/v1/territories/{slug}/export.csv?kind=place", Access.Public),
        Get("/api/v1/territories/{slug}/export.geojson", Access.Public),
        Get("/api/v1/territories/{slug}/export.jsonld", Access.Public),
        Get("/api/v1/territories/{slug}/gogocarto.json", Access.Public),
        Get("/api/v1/directory/export.csv", Access.Public),
        Get("/api/v1/directory/export.geojson?bbox=-5,41,10,52", Access.Public),
        Get("/api/v1/directory/export.jsonld", Access.Public),
        Get("/api/v1/directory/gogocarto.json", Access.Public),
    ];
}
