namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>The fields of an authority, valid, as its form sends them (signers: a confirmed email is enough).</summary>
    private static readonly (string, string)[] AuthorityFields =
    [
        ("Name", "Autorité de la matrice {unique}"), ("Competences", "Voirie communale\nEspaces verts"), ("Quorum", "100"),
        ("DurationDays", "30"), ("SignerLevel", "EmailConfirmed"), ("Representatives", ""),
    ];

    /// <summary>
    /// Petitions: the list, filing, a petition with its counter, signing, review and answer, the authorities and the
    /// census, the log and its verification. Filing is limited to 3 petitions under review per author, so the people
    /// allowed send a filing that fails validation (400) while a refused attempt probes with a valid one. Signing goes
    /// to a petition under review (409: not open), so that the matrix adds nothing to the append-only public log.
    /// </summary>
    public static readonly AppRoute[] Participation =
    [
        Get("/t/{slug}/petitions", Access.Public),
        Get("/t/{slug}/petitions?status=all&p=2", Access.Public),
        Get("/t/{slug}/petitions?status=review", Access.Public),
        Get("/t/{slug}/petitions/new", Access.SignedIn),
        Post("/t/{slug}/petitions/new", Access.SignedIn, 400, ("Target", "{authority}|Voirie communale"), ("Title", "Trop court"), ("Body", "")) with
        {
            ProbeForm = [("Target", "{authority}|Voirie communale"), ("Title", "Pétition de la matrice {unique}"),
                ("Body", "Déposée par une personne qui n'en a pas le droit : la matrice vérifie que rien n'est enregistré.")],
        },
        Get("/t/{slug}/petitions/{petition}", Access.Public),
        Get("/t/{slug}/petitions/{petition.review}", Access.Public),
        Get("/t/{slug}/petitions/{petition}?handler=Counter", Access.Public),
        // Anonymous visitors are sent to sign in; a signed-in person reaches the signing, refused as the petition is not open.
        Post("/t/{slug}/petitions/{petition.review}?handler=Sign", Access.SignedIn, 409, ("IdempotencyKey", "{unique}")),
        // Catalysts of the territory and network staff (and the authority's representatives, not personas of the matrix).
        // Known bug: these handlers (and the authorities' Save and Census) check the right themselves and answer Forbid()
        // when it is missing, hence 403 to an anonymous visitor instead of the redirect to sign in.
        Post("/t/{slug}/petitions/{petition.review}?handler=Review", Access.TerritoryCatalyst, 302,
            ("Eligible", "false"), ("Reason", "Hors des compétences déclarées (matrice {unique})"), ("NextStep", "Answer")),
        Post("/t/{slug}/petitions/{petition}?handler=Answer", Access.TerritoryCatalyst, 302, ("Answer", "Réponse de la matrice {unique}"))
           ,
        Get("/t/{slug}/petitions/authorities", Access.Public),
        // Only catalysts see the form filled in; anybody else gets the public list.
        Get("/t/{slug}/petitions/authorities?edit={authority}", Access.Public),
        // A new authority with an invalid quorum comes back with its message (a valid one would stay in the demo territory).
        Post("/t/{slug}/petitions/authorities?handler=Save", Access.TerritoryCatalyst, 400, [.. AuthorityFields.Where(f => f.Item1 != "Quorum"), ("Quorum", "0")]) with
        {
            ProbeForm = AuthorityFields,
        },
        // Editing the fresh authority of the URL's territory (removed afterwards).
        Post("/t/{slug}/petitions/authorities?handler=Save&edit={authority}", Access.TerritoryCatalyst, 302, AuthorityFields),
        // Urlencoded, hence without a file: the form comes back with its message.
        Post("/t/{slug}/petitions/authorities?handler=Census", Access.TerritoryCatalyst, 400),
        Get("/verify", Access.Public),
        Post("/verify", Access.Public, 400, ("ExpectedCount", "3")),

        Get("/api/v1/territories/{slug}/petitions", Access.Public),
        Get("/api/v1/territories/{slug}/petitions?status=all&page=2&pageSize=5", Access.Public),
        Get("/api/v1/territories/{slug}/petitions/{petition}", Access.Public),
        Get("/api/v1/territories/{slug}/petitions/{petition}/log", Access.Public),
        Get("/api/v1/territories/{slug}/petition-authorities", Access.Public),
        new("POST", "/api/v1/territories/{slug}/petitions", Access.SignedIn)
        {
            // Too short a title and body: 400 (a valid filing would count against the author's 3 petitions under review).
            Bearer = true, AllowedStatus = 400,
            Json = """{"authorityId":{authority},"title":"Trop court","body":"","competence":"Voirie communale"}""",
        },
        new("POST", "/api/v1/territories/{slug}/petitions/{petition.review}/signatures", Access.SignedIn) { Bearer = true, AllowedStatus = 409 },
        new("POST", "/api/v1/territories/{slug}/petitions/{petition.review}/review", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 204,
            Json = """{"eligible":false,"reason":"Hors des compétences déclarées (matrice {unique})","nextStep":"answer"}""",
        },
    ];
}
