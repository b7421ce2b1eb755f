using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using static Catalyse.Web.Features.Participation.ApiInput;

namespace Catalyse.Web.Features.Participation.Surveys;

public static class SurveysApi
{
    public sealed record ChoiceDto(int Id, string Label);

    public sealed record QuestionDto(int Id, string Text, string Kind, bool Required, int MaxChoices, int ScaleMax, List<ChoiceDto> Choices);

    public sealed record SurveyDto(int Id, string Title, string Description, string RespondentLevel, DateTimeOffset OpensAt, DateTimeOffset ClosesAt,
        string Phase, bool LiveResults, int Responses, List<QuestionDto> Questions, string ResultsUrl, string Url);

    public sealed record QuestionRequest(string? Text, string? Kind, bool? Required, List<string>? Choices, int? MaxChoices, int? ScaleMax);

    public sealed record CreateSurveyRequest(string? Title, string? Description, string? RespondentLevel, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
        bool? LiveResults, bool? Publish, List<QuestionRequest?>? Questions);

    /// <summary>An answer: <c>choices</c> (choice ids), <c>value</c> (scale) or <c>text</c>.</summary>
    public sealed record AnswerRequest(int QuestionId, List<int>? Choices, int? Value, string? Text);

    public sealed record ResponseRequest(List<AnswerRequest?>? Answers);

    private static SurveyDto Dto(Survey s, DateTimeOffset now, string baseUrl, string slug) => new(s.Id, s.Title, s.Description,
        TerritoriesApi.Kebab(s.RespondentLevel)!, s.OpensAt, s.ClosesAt, TerritoriesApi.Kebab(s.PhaseAt(now))!, s.LiveResults, s.ResponseCount,
        s.Questions.Select(q => new QuestionDto(q.Id, q.Text, TerritoriesApi.Kebab(q.Kind)!, q.Required, q.MaxChoices, q.ScaleMax,
            q.Choices.Select(c => new ChoiceDto(c.Id, c.Label)).ToList())).ToList(),
        $"{baseUrl}/api/v1/territories/{slug}/surveys/{s.Id}/results", $"{baseUrl}/t/{slug}/surveys/{s.Id}");

    public static void MapSurveysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/territories/{slug}/surveys").WithTags("Surveys");
        var bearer = ApiTokenAuthentication.SignedInPolicy;

        group.MapGet("/", async Task<Results<Ok<List<SurveyDto>>, ValidationProblem>> (string? status, int? page, int? pageSize, TerritoryScope scope,
            SurveyQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (status is not null && (!SurveyQueries.Filters.Contains(status) || status == "draft")) return Invalid(l, "status", l["Filtre inconnu : open, upcoming, closed ou all."]);
            var list = await queries.ListAsync(scope.TerritoryId!.Value, status, withDrafts: false, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            var surveys = await queries.FindManyAsync(list.Items.Select(s => s.Id).ToList(), ct);
            var now = clock.GetUtcNow();
            return TypedResults.Ok(surveys.Select(s => Dto(s, now, ctx.Request.BaseUrl(), scope.Slug!)).ToList());
        }).WithName("ListSurveys").WithSummary("Open surveys of the territory, with their questions: status=open|upcoming|closed|all, page, pageSize ≤ 100; total in X-Total-Count.");

        group.MapGet("/{id:int}", async Task<Results<Ok<SurveyDto>, NotFound>> (int id, TerritoryScope scope, SurveyQueries queries, TimeProvider clock,
            HttpContext ctx, CancellationToken ct) =>
            await queries.FindAsync(id, ct) is { Published: true } s ? TypedResults.Ok(Dto(s, clock.GetUtcNow(), ctx.Request.BaseUrl(), scope.Slug!)) : TypedResults.NotFound())
            .WithName("GetSurvey").WithSummary("One survey (drafts are not shown): its questions, choices and dates.");

        group.MapPost("/", async Task<Results<Created<SurveyDto>, ValidationProblem, ForbidHttpResult>> (HttpRequest req, TerritoryScope scope, TerritoryAccess access,
            SurveyService surveys, SurveyQueries queries, UserManager<Accounts.User> users, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (!await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
            var (input, bad) = await ApiJson.ReadAsync<CreateSurveyRequest>(req, l, ct);
            if (bad is not null) return bad;
            if (!TryEnum<Eligibility.IdentityLevel>(input!.RespondentLevel ?? "email-confirmed", out var level)) return Invalid(l, "respondentLevel", l["Niveau d'identité inconnu."]);
            var questions = new List<QuestionInput>();
            foreach (var (q, i) in (input.Questions ?? []).Select((q, i) => (q, i)))
            {
                if (q is null) return Invalid(l, $"questions[{i}]", l["Une question est vide."]);
                if (!TryEnum<QuestionKind>(q.Kind, out var kind)) return Invalid(l, $"questions[{i}].kind", l["Type de question inconnu."]);
                if (q.Choices?.Any(c => c is null) == true) return Invalid(l, $"questions[{i}].choices", l["Un choix est vide."]);
                questions.Add(new QuestionInput(q.Text, kind, q.Required ?? false, string.Join('\n', (q.Choices ?? []).Select(c => c.Replace('\n', ' '))), q.MaxChoices, q.ScaleMax));
            }
            var (survey, errors) = await surveys.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(req.HttpContext.User)!,
                new SurveyInput(input.Title, input.Description, level, input.OpensAt, input.ClosesAt, input.LiveResults ?? false), questions, input.Publish ?? true, ct);
            if (survey is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            return TypedResults.Created($"/api/v1/territories/{scope.Slug}/surveys/{survey.Id}", Dto((await queries.FindAsync(survey.Id, ct))!, clock.GetUtcNow(), req.BaseUrl(), scope.Slug!));
        }).Accepts<CreateSurveyRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CreateSurvey").WithSummary("Create a survey with its questions (catalyst of the territory; Bearer token). kind: single-choice|multiple-choice|scale|short-text|long-text; publish (default true) opens it at opensAt, false keeps a draft to finish on the web page.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/{id:int}/responses", async Task<IResult> (int id, HttpRequest req, SurveyService surveys, UserManager<Accounts.User> users,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<ResponseRequest>(req, l, ct);
            if (bad is not null) return bad;
            var answers = new Dictionary<int, AnswerInput>();
            foreach (var (a, i) in (input!.Answers ?? []).Select((a, i) => (a, i)))
                if (a is null || !answers.TryAdd(a.QuestionId, new AnswerInput(a.Choices, a.Value, a.Text)))
                    return Invalid(l, $"answers[{i}]", l["Une réponse par question."]);
            var result = await surveys.RespondAsync(id, users.GetUserId(req.HttpContext.User)!, answers, ct);
            return result.Outcome switch
            {
                RespondOutcome.Recorded => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/surveys/{id}", new { surveyId = id, status = "recorded" }),
                RespondOutcome.NotFound => TypedResults.NotFound(),
                RespondOutcome.AlreadyResponded => TypedResults.Problem(statusCode: 409, title: l["Vous avez déjà répondu à ce questionnaire."]),
                RespondOutcome.NotOpen => TypedResults.Problem(statusCode: 409, title: l["Ce questionnaire n'est pas ouvert."]),
                RespondOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!, title: l["Requête invalide"]),
                _ => TypedResults.Problem(statusCode: 403, title: Petitions.PetitionsApi.MissingMessage(result.Missing, l),
                    extensions: new Dictionary<string, object?> { ["missing"] = TerritoriesApi.Kebab(result.Missing) }),
            };
        }).Accepts<ResponseRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("RespondToSurvey").WithSummary("Answer a survey once (Bearer token): answers [{questionId, choices | value | text}]. 201, 409 already answered or not open, 400 with a message per question (q{id}), 403 with `missing` when the person lacks the identity level.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{id:int}/results", async Task<Results<Ok<SurveyResult>, NotFound, ProblemHttpResult>> (int id, SurveyQueries queries,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (await queries.FindAsync(id, ct) is not { Published: true } survey) return TypedResults.NotFound();
            return queries.ResultsVisible(survey, catalyst: false) ? TypedResults.Ok(await queries.ResultsAsync(survey, ct))
                : TypedResults.Problem(statusCode: 409, title: l["Les résultats paraissent à la clôture du questionnaire."]);
        }).WithName("SurveyResults").WithSummary("Results per question (counts and shares per choice or value, mean of a scale, number of free-text answers) once the survey is closed, or while it runs when its results are live (409 otherwise). Free texts are not published.");
    }
}
