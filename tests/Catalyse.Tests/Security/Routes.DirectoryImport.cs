namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>The catalyst's CSV import into the directory (issue 3).</summary>
    public static readonly AppRoute[] DirectoryImport =
    [
        Get("/t/{slug}/directory/import", Access.TerritoryCatalyst),
        // No file in an urlencoded form: the page comes back with its message (400); nothing is stored.
        Post("/t/{slug}/directory/import", Access.TerritoryCatalyst, 400, ("Source", "matrice-{unique}")),
        Get("/t/{slug}/directory/import/999999999", Access.TerritoryCatalyst, 404),
        Get("/t/{slug}/directory/import/999999999?handler=Progress", Access.TerritoryCatalyst, 404),
        Post("/t/{slug}/directory/import/999999999?handler=Verify", Access.TerritoryCatalyst, 404, ("Kind", "Place"), ("Map[name]", "NOM")),
        Post("/t/{slug}/directory/import/999999999?handler=Confirm", Access.TerritoryCatalyst, 404),
        // The network's imports (coordinators): the same pages without a territory.
        Get("/directory/imports", Access.Coordinator),
        Post("/directory/imports", Access.Coordinator, 400, ("Source", "matrice-reseau-{unique}")),
        Get("/directory/imports/999999999", Access.Coordinator, 404),
        Get("/directory/imports/999999999?handler=Progress", Access.Coordinator, 404),
        Post("/directory/imports/999999999?handler=Verify", Access.Coordinator, 404, ("Kind", "Place"), ("Map[name]", "NOM")),
        Post("/directory/imports/999999999?handler=Confirm", Access.Coordinator, 404),
        // A JSON body instead of multipart: the catalyst gets a problem (400), nothing is stored.
        new("POST", "/api/v1/territories/{slug}/imports", Access.TerritoryCatalyst) { Bearer = true, AllowedStatus = 400, Json = """{"file":"x"}""" },
        new("GET", "/api/v1/territories/{slug}/imports/999999999", Access.TerritoryCatalyst) { Bearer = true, AllowedStatus = 404 },
    ];
}
