namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>The fields of a vote as the form sends them, valid (opening yesterday, closing in two weeks, Paris time).</summary>
    private static readonly (string, string)[] VoteFields =
    [
        ("Title", "Vote de la matrice {unique}"), ("Description", "Déposé par une personne qui n'en a pas le droit : la matrice vérifie que rien n'est enregistré."),
        ("Method", "Single"), ("Secret", "true"), ("VoterLevel", "EmailConfirmed"),
        ("OpensAt", "2026-01-01T08:00"), ("ClosesAt", "2099-12-31T20:00"), ("Options", "Parc des Tilleuls\nParc Simone-Veil"),
    ];

    /// <summary>
    /// Votes: anyone reads them, a signed-in person votes, the territory's catalysts organise them. A ballot cannot be
    /// taken back (the roll and the ballots are append-only), so every cell gets a vote of its own ({vote}: open, any
    /// confirmed account may vote, single choice): allowed people cast a real ballot, refused ones are checked to write
    /// nothing. Organising: the people allowed send a form that fails validation (nothing is left in the demo
    /// territories) while a refused attempt probes with a valid one.
    /// </summary>
    public static readonly AppRoute[] Votes =
    [
        Get("/t/{slug}/votes", Access.Public),
        Get("/t/{slug}/votes?status=closed&p=2", Access.Public),
        Get("/t/{slug}/votes?status=open", Access.Public),
        Get("/t/{slug}/votes/new", Access.TerritoryCatalyst),
        // Invalid on purpose (no options): allowed people get the form back, nothing is created.
        Post("/t/{slug}/votes/new", Access.TerritoryCatalyst, 400, ("Title", "Vote matrice {unique}"), ("Method", "Single"), ("Options", "")) with
        {
            ProbeForm = VoteFields,
        },
        Get("/t/{slug}/votes/999999999", Access.Public, 404),
        Post("/t/{slug}/votes/999999999", Access.SignedIn, 404, ("Options", "1")),
        Get("/t/{slug}/votes/{vote}", Access.Public),
        Get("/t/{slug}/votes/{vote.closed}", Access.Public),
        // A real ballot: cast, then back to the vote's page.
        Post("/t/{slug}/votes/{vote}", Access.SignedIn, 302, ("IdempotencyKey", "{unique}"), ("Options", "{vote.option}")),
        Get("/api/v1/territories/{slug}/votes", Access.Public),
        Get("/api/v1/territories/{slug}/votes?status=all&page=2&pageSize=5", Access.Public),
        Get("/api/v1/territories/{slug}/votes/999999999", Access.Public, 404),
        Get("/api/v1/territories/{slug}/votes/{vote}", Access.Public),
        Get("/api/v1/territories/{slug}/votes/999999999/results", Access.Public, 404),
        // Before the close (and the 30 s of counting): 409; once closed, the result.
        Get("/api/v1/territories/{slug}/votes/{vote}/results", Access.Public, 409),
        Get("/api/v1/territories/{slug}/votes/{vote.closed}/results", Access.Public),
        Get("/api/v1/territories/{slug}/votes/999999999/log", Access.Public, 404),
        Get("/api/v1/territories/{slug}/votes/{vote}/log", Access.Public),
        new("POST", "/api/v1/territories/{slug}/votes", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 400, Json = """{"title":"Vote matrice {unique}","method":"single","options":[]}""",
            ProbeJson = """
                {"title":"Vote de la matrice {unique}","method":"single","voterLevel":"email-confirmed","opensAt":"2026-01-01T08:00:00Z",
                 "closesAt":"2099-12-31T20:00:00Z","options":["Parc des Tilleuls","Parc Simone-Veil"]}
                """,
        },
        new("POST", "/api/v1/territories/{slug}/votes/999999999/ballots", Access.SignedIn) { Bearer = true, AllowedStatus = 404, Json = """{"options":[1]}""" },
        new("POST", "/api/v1/territories/{slug}/votes/{vote}/ballots", Access.SignedIn) { Bearer = true, AllowedStatus = 201, Json = """{"options":[{vote.option}]}""" },
    ];
}
