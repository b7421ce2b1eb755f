namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>
    /// Surveys: anyone reads the open ones, a signed-in person answers, the territory's catalysts write them, export the
    /// responses and read the free-text answers. Each cell answering for real gets a survey of its own ({survey}).
    /// </summary>
    public static readonly AppRoute[] Surveys =
    [
        Get("/t/{slug}/surveys", Access.Public),
        Get("/t/{slug}/surveys?status=closed&p=2", Access.Public),
        Get("/t/{slug}/surveys/new", Access.TerritoryCatalyst),
        // Invalid on purpose (no dates): allowed people get the form back, nothing is created.
        Post("/t/{slug}/surveys/new", Access.TerritoryCatalyst, 400, ("Title", "Questionnaire matrice {unique}")) with
        {
            ProbeForm = [("Title", "Questionnaire de la matrice {unique}"), ("RespondentLevel", "EmailConfirmed"), ("OpensAt", "2026-01-01T08:00"), ("ClosesAt", "2099-12-31T20:00")],
        },
        Get("/t/{slug}/surveys/999999999", Access.Public, 404),
        Get("/t/{slug}/surveys/{survey}", Access.Public),
        Post("/t/{slug}/surveys/999999999", Access.SignedIn, 404),
        Get("/t/{slug}/surveys/999999999?handler=Export", Access.TerritoryCatalyst, 404),
        Get("/t/{slug}/surveys/{survey}?handler=Export", Access.TerritoryCatalyst),
        Post("/t/{slug}/surveys/999999999?handler=Question", Access.TerritoryCatalyst, 404, ("QuestionText", "Une question de la matrice ?"), ("Kind", "ShortText")),
        Post("/t/{slug}/surveys/999999999?handler=Change", Access.TerritoryCatalyst, 404, ("QuestionId", "1"), ("Move", "0")),
        Post("/t/{slug}/surveys/999999999?handler=Publish", Access.TerritoryCatalyst, 404),
        Post("/t/{slug}/surveys/999999999?handler=Close", Access.TerritoryCatalyst, 404),
        Get("/t/{slug}/surveys/999999999/questions/1/answers", Access.TerritoryCatalyst, 404),
        Get("/api/v1/territories/{slug}/surveys", Access.Public),
        Get("/api/v1/territories/{slug}/surveys?status=all&page=2&pageSize=5", Access.Public),
        Get("/api/v1/territories/{slug}/surveys/999999999", Access.Public, 404),
        Get("/api/v1/territories/{slug}/surveys/{survey}", Access.Public),
        Get("/api/v1/territories/{slug}/surveys/999999999/results", Access.Public, 404),
        // Results are published at the close.
        Get("/api/v1/territories/{slug}/surveys/{survey}/results", Access.Public, 409),
        new("POST", "/api/v1/territories/{slug}/surveys", Access.TerritoryCatalyst)
        {
            Bearer = true, AllowedStatus = 400, Json = """{"title":"Questionnaire matrice {unique}","questions":[]}""",
            ProbeJson = """
                {"title":"Questionnaire de la matrice {unique}","opensAt":"2026-01-01T08:00:00Z","closesAt":"2099-12-31T20:00:00Z",
                 "questions":[{"text":"Une question ?","kind":"short-text"}]}
                """,
        },
        new("POST", "/api/v1/territories/{slug}/surveys/999999999/responses", Access.SignedIn) { Bearer = true, AllowedStatus = 404, Json = """{"answers":[]}""" },
        new("POST", "/api/v1/territories/{slug}/surveys/{survey}/responses", Access.SignedIn)
        {
            Bearer = true, AllowedStatus = 201, Json = """{"answers":[{"questionId":{survey.question},"choices":[{survey.choice}]}]}""",
        },
    ];
}
