namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>
    /// The marketplace's API: anyone reads needs, their matches, offers, solutions and the bourse des pionniers; a signed-in
    /// person posts a need or an offer, says "me too" and comments; the territory's catalysts qualify needs, record an
    /// essaimage and propose introductions; catalysts of any territory add solutions; network staff record days of the
    /// bourse given (besides the offer's author); introductions are read by their parties and the territory's catalysts.
    /// Each cell answering for real gets fresh data of its own ({need}, {offer}, {offer.pioneer}, {solution}, {introduction}).
    /// </summary>
    public static readonly AppRoute[] MarketplaceApi =
    [
        Get("/api/v1/territories/{slug}/needs", Access.Public),
        Get("/api/v1/territories/{slug}/needs?status=all&theme=lien%20social&page=2&pageSize=5", Access.Public),
        Get("/api/v1/territories/{slug}/needs/999999999", Access.Public, 404),
        Get("/api/v1/territories/{slug}/needs/{need}", Access.Public),
        Get("/api/v1/territories/{slug}/needs/{need}/matches?take=5", Access.Public),
        Get("/api/v1/territories/{slug}/needs/999999999/matches", Access.Public, 404),
        // Invalid on purpose (no description nor commune): allowed people get 400, nothing is created.
        new("POST", "/api/v1/territories/{slug}/needs", Access.SignedIn) { Bearer = true, AllowedStatus = 400, Json = """{"title":"Besoin matrice {unique}"}""" },
        new("POST", "/api/v1/territories/{slug}/needs/{need}/me-too", Access.SignedIn) { Bearer = true, AllowedStatus = 201 },
        new("POST", "/api/v1/territories/{slug}/needs/999999999/me-too", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },
        new("POST", "/api/v1/territories/{slug}/needs/{need}/me-too/withdraw", Access.SignedIn) { Bearer = true, AllowedStatus = 200 },
        new("POST", "/api/v1/territories/{slug}/needs/999999999/me-too/withdraw", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },
        new("POST", "/api/v1/territories/{slug}/needs/{need}/comments", Access.SignedIn)
        {
            Bearer = true, AllowedStatus = 201, Json = """{"comment":"Un commentaire de la matrice {unique}."}""",
        },
        new("POST", "/api/v1/territories/{slug}/needs/999999999/comments", Access.SignedIn)
        {
            Bearer = true, AllowedStatus = 404, Json = """{"comment":"Un commentaire sans besoin."}""",
        },
        new("POST", "/api/v1/territories/{slug}/needs/{need}/status", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 200, Json = """{"status":"qualified","note":"Vu en réunion {unique}."}""",
        },
        new("POST", "/api/v1/territories/{slug}/needs/999999999/status", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 404, Json = """{"status":"qualified"}""",
        },
        new("POST", "/api/v1/territories/{slug}/needs/{need}/introductions", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 201, Json = """{"targetKind":"offer","targetId":{offer},"message":"Vous pourriez vous rencontrer."}""",
        },
        new("POST", "/api/v1/territories/{slug}/needs/999999999/introductions", Access.SignedIn)
        {
            Bearer = true, AllowedStatus = 404, Json = """{"targetKind":"offer","targetId":1}""",
        },

        Get("/api/v1/territories/{slug}/offers", Access.Public),
        Get("/api/v1/territories/{slug}/offers?kind=pioneer-days&status=all&page=2&pageSize=5", Access.Public),
        Get("/api/v1/territories/{slug}/offers/999999999", Access.Public, 404),
        Get("/api/v1/territories/{slug}/offers/{offer}", Access.Public),
        Get("/api/v1/territories/{slug}/offers/{offer}/needs?take=5", Access.Public),
        Get("/api/v1/territories/{slug}/offers/999999999/needs", Access.Public, 404),
        Get("/api/v1/territories/{slug}/actors/{entry}/needs?take=5", Access.Public),
        Get("/api/v1/territories/{slug}/actors/999999999/needs", Access.Public, 404),
        // Invalid on purpose (no description): allowed people get 400, nothing is created.
        new("POST", "/api/v1/territories/{slug}/offers", Access.SignedIn) { Bearer = true, AllowedStatus = 400, Json = """{"kind":"skills","title":"Offre matrice {unique}"}""" },
        // Its author or a catalyst: the personas are never the author of a fresh offer.
        new("POST", "/api/v1/territories/{slug}/offers/{offer}/close", Access.TerritoryCatalyst) { Bearer = true, AllowedStatus = 200 },
        new("POST", "/api/v1/territories/{slug}/offers/999999999/close", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },

        Get("/api/v1/solutions", Access.Public),
        Get("/api/v1/solutions?q=b%C3%A9n%C3%A9voles&theme=lien%20social&page=2&pageSize=5", Access.Public),
        Get("/api/v1/solutions/999999999", Access.Public, 404),
        Get("/api/v1/solutions/{solution}", Access.Public),
        Get("/api/v1/solutions/{solution}/adoptions", Access.Public),
        Get("/api/v1/solutions/999999999/adoptions", Access.Public, 404),
        new("POST", "/api/v1/solutions", Access.AnyCatalyst)
        {
            Bearer = true, AllowedStatus = 400, Json = """{"title":"Solution matrice {unique}"}""",
            ProbeJson = """{"title":"Solution de la matrice {unique}","summary":"Une solution qui a marché dans une commune du réseau.","themes":["essai"]}""",
        },
        new("POST", "/api/v1/territories/{slug}/solutions/{solution}/adoptions", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 201, Json = """{"changes":"Adaptée aux hameaux {unique}.","startedOn":"2026-09-01"}""",
        },
        new("POST", "/api/v1/territories/{slug}/solutions/999999999/adoptions", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 404, Json = """{"changes":"Adaptée aux hameaux.","startedOn":"2026-09-01"}""",
        },

        Get("/api/v1/pioneer-days", Access.Public),
        Get("/api/v1/pioneer-days?page=2&pageSize=5", Access.Public),
        // The offer's author or network staff; invalid on purpose (no territory): staff get 400, nothing is recorded.
        new("POST", "/api/v1/pioneer-days/{offer.pioneer}/uses", Access.Coordinator)
        {
            Bearer = true, AllowedStatus = 400, Json = """{"days":1,"on":"2026-10-01","purpose":"Accompagnement au démarrage"}""",
        },
        new("POST", "/api/v1/pioneer-days/999999999/uses", Access.SignedIn) { Bearer = true, AllowedStatus = 404, Json = """{"days":1}""" },

        new("GET", "/api/v1/territories/{slug}/introductions", Access.SignedIn) { Bearer = true, AllowedStatus = 200 },
        new("GET", "/api/v1/territories/{slug}/introductions?page=2&pageSize=5", Access.SignedIn) { Bearer = true, AllowedStatus = 200 },
        // Its parties, who proposed it, or a catalyst: the personas are none of the first.
        new("GET", "/api/v1/territories/{slug}/introductions/{introduction}", Access.TerritoryCatalyst) { Bearer = true, AllowedStatus = 200 },
        new("GET", "/api/v1/territories/{slug}/introductions/999999999", Access.SignedIn) { Bearer = true, AllowedStatus = 404 },
        // Only its two parties answer (none of the personas): see the API tests.
        new("POST", "/api/v1/territories/{slug}/introductions/999999999/answer", Access.SignedIn) { Bearer = true, AllowedStatus = 404, Json = """{"accept":true}""" },
        // Not accepted yet: the catalyst gets 400 and nothing is recorded.
        new("POST", "/api/v1/territories/{slug}/introductions/{introduction}/outcome", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 400, Json = """{"outcome":"partnership","note":"Une convention signée."}""",
        },
        new("POST", "/api/v1/territories/{slug}/introductions/999999999/outcome", Access.SignedIn)
        {
            Bearer = true, AllowedStatus = 404, Json = """{"outcome":"partnership"}""",
        },
    ];
}
