namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>Public meetings: anyone reads them, a signed-in person registers, the catalysts organise them.</summary>
    public static readonly AppRoute[] Meetings =
    [
        Get("/t/{slug}/meetings", Access.Public),
        Get("/t/{slug}/meetings?past=true&p=2", Access.Public),
        Get("/t/{slug}/meetings/new", Access.TerritoryCatalyst),
        // Invalid on purpose (no dates): allowed people get the form back, nothing is created.
        Post("/t/{slug}/meetings/new", Access.TerritoryCatalyst, 400, ("Title", "Réunion matrice {unique}"), ("Place", "Mairie"), ("Capacity", "10")),
        Get("/t/{slug}/meetings/999999999", Access.Public, 404),
        Get("/t/{slug}/meetings/999999999/calendar.ics", Access.Public, 404),
        Post("/t/{slug}/meetings/999999999?handler=Register", Access.SignedIn, 404),
        Post("/t/{slug}/meetings/999999999?handler=Cancel", Access.SignedIn, 404),
        Post("/t/{slug}/meetings/999999999?handler=Attendance", Access.TerritoryCatalyst, 404, ("Attended", "1")),
        Post("/t/{slug}/meetings/999999999?handler=Minutes", Access.TerritoryCatalyst, 404, ("Minutes", "Compte rendu de la matrice.")),
        Get("/api/v1/territories/{slug}/meetings", Access.Public),
        Get("/api/v1/territories/{slug}/meetings/999999999", Access.Public, 404),
        new("POST", "/api/v1/territories/{slug}/meetings/999999999/registrations", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },
        new("POST", "/api/v1/territories/{slug}/meetings/999999999/registrations/cancel", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },
    ];
}
