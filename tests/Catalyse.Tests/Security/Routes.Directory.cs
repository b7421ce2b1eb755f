namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>The map and directory (issue 3).</summary>
    public static readonly AppRoute[] Directory =
    [
        Get("/directory", Access.Public),
        Get("/directory?q=fablab&kind=Place&sort=recent&p=2", Access.Public),
        Get("/directory/999999999", Access.Public, 404),
        Get("/t/{slug}/directory", Access.Public),
        Get("/t/{slug}/directory/999999999", Access.Public, 404),
        Get("/t/{slug}/directory/new", Access.SignedIn),
        // The commune is in Guéret's perimeter: elsewhere the form comes back with its message (400).
        Post("/t/{slug}/directory/new", Access.SignedIn, null, ("Input.Kind", "Actor"), ("Input.Category", "association"),
            ("Input.Name", "Association matrice {unique}"), ("Input.CommuneCode", "23096")),
        Get("/t/{slug}/directory/moderation", Access.TerritoryCatalyst),
        Post("/t/{slug}/directory/moderation?handler=Approve&id=999999999", Access.TerritoryCatalyst, 404),
        Post("/t/{slug}/directory/moderation?handler=Reject&id=999999999", Access.TerritoryCatalyst, 404, ("Reason", "Hors sujet")),
        Get("/api/v1/directory", Access.Public),
        Get("/api/v1/directory/map?zoom=5", Access.Public),
        Get("/api/v1/territories/{slug}/actors?q=association&kind=actor", Access.Public),
        Get("/api/v1/territories/{slug}/map?bbox=1,45,3,47&zoom=9", Access.Public),
        new("POST", "/api/v1/territories/{slug}/actors", Access.TerritoryCatalyst)
        {
            Bearer = true,
            Json = """{"kind":"actor","category":"association","name":"Association API {unique}","communeCode":"23096"}""",
        },
    ];
}
