namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>Consultations and proposals: anyone reads, a signed-in person proposes, supports, follows and comments, the catalysts manage.</summary>
    public static readonly AppRoute[] Consultations =
    [
        Get("/t/{slug}/consultations", Access.Public),
        Get("/t/{slug}/consultations?p=2", Access.Public),
        Get("/t/{slug}/consultations/new", Access.TerritoryCatalyst),
        // Invalid on purpose (no phase): allowed people get the form back, nothing is created.
        Post("/t/{slug}/consultations/new", Access.TerritoryCatalyst, 400, ("Title", "Consultation matrice {unique}"), ("Question", "Une question ?"),
            ("SupportThreshold", "10"), ("SupportsPerPerson", "3"), ("StartsAt", "2026-01-01T08:00")),
        Get("/t/{slug}/consultations/999999999", Access.Public, 404),
        Post("/t/{slug}/consultations/999999999", Access.SignedIn, 404, ("Title", "Proposition matrice"), ("Body", "Une proposition de la matrice.")),
        Get("/t/{slug}/proposals/999999999", Access.Public, 404),
        Post("/t/{slug}/proposals/999999999?handler=Support", Access.SignedIn, 404),
        Post("/t/{slug}/proposals/999999999?handler=Withdraw", Access.SignedIn, 404),
        Post("/t/{slug}/proposals/999999999?handler=Follow", Access.SignedIn, 404, ("Follow", "true")),
        Post("/t/{slug}/proposals/999999999?handler=Comment", Access.SignedIn, 404, ("Comment", "Commentaire matrice")),
        Post("/t/{slug}/proposals/999999999?handler=Answer", Access.TerritoryCatalyst, 404, ("Status", "InStudy"), ("Answer", "À l'étude.")),
        Post("/t/{slug}/proposals/999999999?handler=Hide", Access.TerritoryCatalyst, 404, ("CommentId", "1"), ("Reason", "Hors sujet")),
        Post("/t/{slug}/proposals/999999999?handler=Merge", Access.TerritoryCatalyst, 404, ("Target", "1")),
        Get("/api/v1/territories/{slug}/consultations", Access.Public),
        Get("/api/v1/territories/{slug}/consultations/999999999", Access.Public, 404),
        Get("/api/v1/territories/{slug}/proposals?consultation=999999999", Access.Public, 404),
        Get("/api/v1/territories/{slug}/proposals/999999999", Access.Public, 404),
        new("POST", "/api/v1/territories/{slug}/consultations/999999999/proposals", Access.SignedIn)
        {
            Bearer = true, AllowedStatus = 404, Json = """{"title":"Proposition matrice","body":"Une proposition de la matrice."}""",
        },
        new("POST", "/api/v1/territories/{slug}/proposals/999999999/supports", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },
        new("POST", "/api/v1/territories/{slug}/proposals/999999999/supports/withdraw", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },
    ];
}
