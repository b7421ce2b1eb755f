namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>
    /// Offers of a territory (anyone reads them, a signed-in person posts one, its author or a catalyst closes it), the
    /// network's bourse des pionniers (the offer's author or network staff record days given), the solutions library and
    /// its essaimage (catalysts of any territory and network staff share solutions and record adaptations).
    /// </summary>
    public static readonly AppRoute[] MarketplaceOffers =
    [
        Get("/t/{slug}/offers", Access.Public),
        Get("/t/{slug}/offers?kind=pioneer-days&status=all&p=2", Access.Public),
        Get("/t/{slug}/offers/new", Access.SignedIn),
        // Invalid on purpose (no description): allowed people get the form back, nothing is created.
        Post("/t/{slug}/offers/new", Access.SignedIn, 400, ("Kind", "PioneerDays"), ("Title", "Offre matrice {unique}")) with
        {
            ProbeForm = [("Kind", "PioneerDays"), ("Title", "Offre de la matrice {unique}"), ("Description", "Deux jours pour aider un territoire qui démarre."), ("Quantity", "2")],
        },
        Get("/t/{slug}/offers/999999999", Access.Public, 404),
        Get("/t/{slug}/offers/{offer}", Access.Public),
        Get("/t/{slug}/offers/{offer.pioneer}", Access.Public),
        Post("/t/{slug}/offers/999999999?handler=Close", Access.TerritoryCatalyst, 404),
        Post("/t/{slug}/offers/{offer}?handler=Close", Access.TerritoryCatalyst, 302),
        Get("/pioneers", Access.Public),
        Get("/pioneers?p=2", Access.Public),
        Post("/pioneers", Access.Coordinator, 302, ("OfferId", "{offer.pioneer}"), ("Territory", Gueret), ("Days", "1"), ("On", "2026-11-01"),
            ("Purpose", "Aide au démarrage de la fabrique")),
        Post("/pioneers?p=2", Access.Coordinator, 404, ("OfferId", "999999999"), ("Territory", Gueret), ("Days", "1"), ("On", "2026-11-01"),
            ("Purpose", "Aide au démarrage de la fabrique")),
        Get("/solutions", Access.Public),
        Get("/solutions?q=visites&theme=lien%20social&p=2", Access.Public),
        Get("/solutions/new", Access.AnyCatalyst),
        // Invalid on purpose (no summary).
        Post("/solutions/new", Access.AnyCatalyst, 400, ("Title", "Solution matrice {unique}")) with
        {
            ProbeForm = [("Title", "Solution de la matrice {unique}"), ("Summary", "Des bénévoles rendent visite aux aînés isolés chaque semaine.")],
        },
        Get("/solutions/999999999", Access.Public, 404),
        Get("/solutions/{solution}", Access.Public),
        Get("/solutions/{solution}?p=2", Access.Public),
        // Guéret's catalyst and network staff record it (302); Grenoble's catalyst is told to pick a territory of theirs (400).
        Post("/solutions/{solution}", Access.AnyCatalyst, null, ("Territory", Gueret), ("Changes", "Adaptée aux hameaux"), ("StartedOn", "2026-09-01")),
        Post("/solutions/999999999", Access.AnyCatalyst, 404, ("Territory", Gueret), ("Changes", "Adaptée aux hameaux"), ("StartedOn", "2026-09-01")),
        Get("/solutions/spread", Access.Public),
        Get("/solutions/spread?p=2&s=2", Access.Public),
    ];
}
