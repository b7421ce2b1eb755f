namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>
    /// Needs of a territory: anyone reads them, a signed-in person reports one, says "moi aussi", follows and comments; the
    /// catalysts qualify them and propose introductions (so does the need's author: {need} is by a fresh resident). Introductions:
    /// their parties, whoever proposed them and the catalysts ({introduction} is between fresh people, none of the personas).
    /// The synonym list: the catalysts.
    /// </summary>
    public static readonly AppRoute[] MarketplaceNeeds =
    [
        Get("/t/{slug}/needs", Access.Public),
        Get("/t/{slug}/needs?status=all&theme=lien%20social&p=2", Access.Public),
        Get("/t/{slug}/needs/new", Access.SignedIn),
        // Invalid on purpose (no description nor commune): allowed people get the form back, nothing is created.
        Post("/t/{slug}/needs/new", Access.SignedIn, 400, ("Title", "Besoin de la matrice {unique}"), ("Urgency", "High")),
        Get("/t/{slug}/needs/999999999", Access.Public, 404),
        Get("/t/{slug}/needs/{need}", Access.Public),
        Get("/t/{slug}/directory/{entry}/needs", Access.Public),
        Get("/t/{slug}/directory/999999999/needs", Access.Public, 404),
        Get("/t/{slug}/needs/{need}?c=2&ip=2", Access.Public),
        Post("/t/{slug}/needs/999999999?handler=MeToo", Access.SignedIn, 404),
        Post("/t/{slug}/needs/{need}?handler=MeToo", Access.SignedIn, 302),
        Post("/t/{slug}/needs/{need}?handler=Withdraw", Access.SignedIn, 302),
        Post("/t/{slug}/needs/{need}?handler=Follow", Access.SignedIn, 302),
        Post("/t/{slug}/needs/{need}?handler=Unfollow", Access.SignedIn, 302),
        // Too short on purpose.
        Post("/t/{slug}/needs/{need}?handler=Comment", Access.SignedIn, 400, ("Comment", "a")) with
        {
            ProbeForm = [("Comment", "Un commentaire de la matrice {unique}")],
        },
        Post("/t/{slug}/needs/999999999?handler=Comment", Access.SignedIn, 404, ("Comment", "Un commentaire de la matrice")),
        // Abandoned without a reason: the catalysts get the form back.
        Post("/t/{slug}/needs/{need}?handler=Status", Access.TerritoryCatalyst, 400, ("Status", "Abandoned")) with
        {
            ProbeForm = [("Status", "Satisfied"), ("Note", "Satisfait par la matrice {unique}")],
        },
        Post("/t/{slug}/needs/999999999?handler=Status", Access.TerritoryCatalyst, 404, ("Status", "Satisfied")),
        // A target that does not exist: the catalysts get the form back with the reason.
        Post("/t/{slug}/needs/{need}?handler=Propose", Access.TerritoryCatalyst, 400, ("TargetKind", "Offer"), ("TargetId", "999999999")) with
        {
            ProbeForm = [("TargetKind", "Offer"), ("TargetId", "{offer}")],
        },
        Post("/t/{slug}/needs/999999999?handler=Propose", Access.SignedIn, 404, ("TargetKind", "Offer"), ("TargetId", "1")),
        Get("/t/{slug}/introductions", Access.SignedIn),
        Get("/t/{slug}/introductions?tab=all&p=2", Access.SignedIn),
        Get("/t/{slug}/introductions/999999999", Access.SignedIn, 404),
        Get("/t/{slug}/introductions/{introduction}", Access.TerritoryCatalyst),
        Post("/t/{slug}/introductions/999999999?handler=Accept", Access.SignedIn, 404),
        Post("/t/{slug}/introductions/999999999?handler=Decline", Access.SignedIn, 404),
        Post("/t/{slug}/introductions/999999999?handler=Outcome", Access.SignedIn, 404, ("Outcome", "MeetingHeld")),
        // Not accepted yet: the catalysts get the form back.
        Post("/t/{slug}/introductions/{introduction}?handler=Outcome", Access.TerritoryCatalyst, 400, ("Outcome", "MeetingHeld")),
        Get("/t/{slug}/marketplace/synonyms", Access.TerritoryCatalyst),
        // One term on a line: the catalysts get the form back with the line named.
        Post("/t/{slug}/marketplace/synonyms", Access.TerritoryCatalyst, 400, ("Text", "seniors")) with
        {
            ProbeForm = [("Text", "piraté {unique} ~ matrice {unique}")],
        },
    ];
}
