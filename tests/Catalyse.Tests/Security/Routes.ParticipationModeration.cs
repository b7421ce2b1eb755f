namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>Moderation of participation: a signed-in person reports, the territory's catalysts decide and suspend.</summary>
    public static readonly AppRoute[] ParticipationModeration =
    [
        Get("/t/{slug}/moderation", Access.TerritoryCatalyst),
        Get("/t/{slug}/moderation?p=2&bp=2", Access.TerritoryCatalyst),
        Post("/t/{slug}/moderation?handler=Hide", Access.TerritoryCatalyst, 404, ("Kind", "Proposal"), ("SubjectId", "999999999"), ("Reason", "Publicité")),
        Post("/t/{slug}/moderation?handler=Dismiss", Access.TerritoryCatalyst, 404, ("Kind", "Comment"), ("SubjectId", "999999999")),
        Post("/t/{slug}/moderation?handler=Block", Access.TerritoryCatalyst, 404, ("UserId", "personne-inconnue"), ("Reason", "Publicités répétées")),
        Post("/t/{slug}/moderation?handler=Unblock", Access.TerritoryCatalyst, 404, ("UserId", "personne-inconnue")),
        Get("/t/{slug}/moderation/report/Comment/999999999", Access.SignedIn, 404),
        Post("/t/{slug}/moderation/report/Proposal/999999999", Access.SignedIn, 404, ("Reason", "Spam")),
    ];
}
