namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>Votes: anyone reads them, a signed-in person votes, the territory's catalysts organise them.</summary>
    public static readonly AppRoute[] Votes =
    [
        Get("/t/{slug}/votes", Access.Public),
        Get("/t/{slug}/votes?status=closed&p=2", Access.Public),
        Get("/t/{slug}/votes/new", Access.TerritoryCatalyst),
        // Invalid on purpose (no options): allowed people get the form back, nothing is created.
        Post("/t/{slug}/votes/new", Access.TerritoryCatalyst, 400, ("Title", "Vote matrice {unique}"), ("Method", "Single"), ("Options", "")),
        Get("/t/{slug}/votes/999999999", Access.Public, 404),
        Post("/t/{slug}/votes/999999999", Access.SignedIn, 404, ("Options", "1")),
        Get("/api/v1/territories/{slug}/votes", Access.Public),
        Get("/api/v1/territories/{slug}/votes/999999999", Access.Public, 404),
        Get("/api/v1/territories/{slug}/votes/999999999/results", Access.Public, 404),
        Get("/api/v1/territories/{slug}/votes/999999999/log", Access.Public, 404),
        new("POST", "/api/v1/territories/{slug}/votes", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 400, Json = """{"title":"Vote matrice {unique}","method":"single","options":[]}""",
        },
        new("POST", "/api/v1/territories/{slug}/votes/999999999/ballots", Access.SignedIn) { Bearer = true, AllowedStatus = 404, Json = """{"options":[1]}""" },
    ];
}
