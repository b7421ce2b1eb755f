namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    private static readonly (string, string)[] EditFields =
        [("Input.Kind", "Actor"), ("Input.Name", "Fiche modifiée {unique}"), ("Input.CommuneCode", "{entry.commune}")];

    /// <summary>Contribution and moderation of the directory: edits, reports, history, merges, the moderation queues.</summary>
    public static readonly AppRoute[] DirectoryContribution =
    [
        Get("/t/{slug}/directory/{entry}/edit", Access.SignedIn),
        Post("/t/{slug}/directory/{entry}/edit", Access.SignedIn, null, EditFields),
        Get("/t/{slug}/directory/{entry}/report", Access.Public),
        Post("/t/{slug}/directory/{entry}/report", Access.Public, null, ("Reason", "Incorrect"), ("Message", "Matrice {unique}")),
        Get("/t/{slug}/directory/{entry}/history", Access.Public),
        Get("/t/{slug}/directory/{entry}/manage", Access.TerritoryCatalyst),
        Post("/t/{slug}/directory/{entry}/manage?handler=Hide", Access.TerritoryCatalyst, null, ("Reason", "Matrice")),
        Post("/t/{slug}/directory/{entry}/manage?handler=Restore", Access.TerritoryCatalyst, 404),
        Post("/t/{slug}/directory/{entry}/manage?handler=Merge", Access.TerritoryCatalyst, 400, ("Target", "999999999")),
        Get("/t/{slug}/directory/moderation?tab=edits", Access.TerritoryCatalyst),
        Get("/t/{slug}/directory/moderation?tab=reports&p=2", Access.TerritoryCatalyst),
        Get("/t/{slug}/directory/moderation?tab=hidden", Access.TerritoryCatalyst),
        Post("/t/{slug}/directory/moderation?handler=Merge&id=999999999", Access.TerritoryCatalyst, 404, ("Target", "1")),
        Post("/t/{slug}/directory/moderation?handler=Apply&id=999999999", Access.TerritoryCatalyst, 404),
        Post("/t/{slug}/directory/moderation?handler=Decline&id=999999999", Access.TerritoryCatalyst, 404, ("Reason", "Hors sujet")),
        Post("/t/{slug}/directory/moderation?handler=Dismiss&id=999999999", Access.TerritoryCatalyst, 404),
        // The network directory: suggestions and reports go to the coordinators.
        Get("/directory/{entry}/edit", Access.SignedIn),
        Post("/directory/{entry}/edit", Access.SignedIn, null, EditFields),
        Get("/directory/{entry}/report", Access.Public),
        Post("/directory/{entry}/report", Access.Public, null, ("Reason", "Closed")),
        Get("/directory/{entry}/history", Access.Public),
        Get("/directory/{entry}/manage", Access.Coordinator),
        Post("/directory/{entry}/manage?handler=Hide", Access.Coordinator, null, ("Reason", "Matrice")),
        Post("/directory/{entry}/manage?handler=Restore", Access.Coordinator, 404),
        Post("/directory/{entry}/manage?handler=Merge", Access.Coordinator, 400, ("Target", "999999999")),
        Get("/directory/moderation", Access.Coordinator),
        Get("/directory/moderation?tab=reports", Access.Coordinator),
        Post("/directory/moderation?handler=Approve&id=999999999", Access.Coordinator, 404),
        Post("/directory/moderation?handler=Reject&id=999999999", Access.Coordinator, 404, ("Reason", "Hors sujet")),
        Post("/directory/moderation?handler=Merge&id=999999999", Access.Coordinator, 404, ("Target", "1")),
        Post("/directory/moderation?handler=Apply&id=999999999", Access.Coordinator, 404),
        Post("/directory/moderation?handler=Decline&id=999999999", Access.Coordinator, 404, ("Reason", "Hors sujet")),
        Post("/directory/moderation?handler=Dismiss&id=999999999", Access.Coordinator, 404),
    ];
}
