using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using static Catalyse.Web.Features.Participation.ApiInput;

namespace Catalyse.Web.Features.Participation.Votes;

public static class VotesApi
{
    public sealed record OptionDto(int Id, string Title, string Description, long Cost);

    public sealed record VoteDto(int Id, string Title, string Description, string Method, bool Secret, string VoterLevel, DateTimeOffset OpensAt,
        DateTimeOffset ClosesAt, string Phase, int Ballots, int MaxChoices, int ScoreMax, long BudgetTotal, long BudgetMinimum,
        List<OptionDto> Options, string LogHead, string LogUrl, string ResultsUrl, string Url);

    /// <summary>A ballot: <c>options</c> (single, approval, budget), <c>ranking</c> (ranked, preferred first) or <c>scores</c> (option id → score).</summary>
    public sealed record BallotRequest(List<int>? Options, List<int>? Ranking, Dictionary<int, int>? Scores);

    public sealed record BallotDto(int VoteId, int? Seq, string? Receipt, bool Secret);

    public sealed record CreateVoteRequest(string? Title, string? Description, string? Method, bool? Secret, string? VoterLevel, DateTimeOffset? OpensAt,
        DateTimeOffset? ClosesAt, List<string>? Options, int? MaxChoices, int? ScoreMax, long? BudgetTotal, long? BudgetMinimum);

    private static VoteDto Dto(Vote v, DateTimeOffset now, string baseUrl, string slug) => new(v.Id, v.Title, v.Description, TerritoriesApi.Kebab(v.Method)!, v.Secret,
        TerritoriesApi.Kebab(v.VoterLevel)!, v.OpensAt, v.ClosesAt, TerritoriesApi.Kebab(v.PhaseAt(now))!, v.BallotCount, v.MaxChoices, v.ScoreMax, v.BudgetTotal,
        v.BudgetMinimum, v.Options.OrderBy(o => o.Position).Select(o => new OptionDto(o.Id, o.Title, o.Description, o.Cost)).ToList(), v.LogHead,
        $"{baseUrl}/api/v1/territories/{slug}/votes/{v.Id}/log", $"{baseUrl}/api/v1/territories/{slug}/votes/{v.Id}/results", $"{baseUrl}/t/{slug}/votes/{v.Id}");

    public static void MapVotesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/territories/{slug}/votes").WithTags("Votes");
        var bearer = ApiTokenAuthentication.SignedInPolicy;

        group.MapGet("/", async Task<Results<Ok<List<VoteDto>>, ValidationProblem>> (string? status, int? page, int? pageSize, TerritoryScope scope,
            VoteQueries queries, CatalyseDb db, TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (status is not null && !VoteQueries.Filters.Contains(status)) return Invalid(l, "status", l["Filtre inconnu : open, upcoming, closed ou all."]);
            var list = await queries.ListAsync(scope.TerritoryId!.Value, status, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            var ids = list.Items.Select(v => v.Id).ToList();
            var votes = await db.Votes.AsNoTracking().Include(v => v.Options).Where(v => ids.Contains(v.Id)).ToListAsync(ct);
            var now = clock.GetUtcNow();
            return TypedResults.Ok(ids.Select(id => votes.Single(v => v.Id == id)).Select(v => Dto(v, now, ctx.Request.BaseUrl(), scope.Slug!)).ToList());
        }).WithName("ListVotes").WithSummary("Votes of the territory: status=open|upcoming|closed|all, page, pageSize ≤ 100; total in X-Total-Count.");

        group.MapGet("/{id:int}", async Task<Results<Ok<VoteDto>, NotFound>> (int id, TerritoryScope scope, VoteQueries queries, TimeProvider clock, HttpContext ctx, CancellationToken ct) =>
            await queries.FindAsync(id, ct) is { } v ? TypedResults.Ok(Dto(v, clock.GetUtcNow(), ctx.Request.BaseUrl(), scope.Slug!)) : TypedResults.NotFound())
            .WithName("GetVote").WithSummary("One vote: method, rules, options, dates, ballot count and the head hash of its public log.");

        group.MapPost("/", async Task<Results<Created<VoteDto>, ValidationProblem, ForbidHttpResult>> (HttpRequest req, TerritoryScope scope, TerritoryAccess access,
            VoteService votes, VoteQueries queries, UserManager<Accounts.User> users, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (!await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
            var (input, bad) = await ApiJson.ReadAsync<CreateVoteRequest>(req, l, ct);
            if (bad is not null) return bad;
            if (!TryEnum<VoteMethod>(input!.Method, out var method)) return Invalid(l, "method", l["Mode de scrutin inconnu."]);
            if (!TryEnum<Eligibility.IdentityLevel>(input.VoterLevel ?? "resident", out var level)) return Invalid(l, "voterLevel", l["Niveau d'identité inconnu."]);
            if (input.Options?.Any(o => o is null) == true) return Invalid(l, "options", l["Une option est vide."]);
            var options = string.Join('\n', (input.Options ?? []).Select(o => o.Replace('\n', ' ')));
            var (vote, errors) = await votes.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(req.HttpContext.User)!, new VoteInput(input.Title, input.Description,
                method, input.Secret ?? true, level, input.OpensAt, input.ClosesAt, options, input.MaxChoices, input.ScoreMax, input.BudgetTotal, input.BudgetMinimum), ct);
            if (vote is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            return TypedResults.Created($"/api/v1/territories/{scope.Slug}/votes/{vote.Id}", Dto((await queries.FindAsync(vote.Id, ct))!, clock.GetUtcNow(), req.BaseUrl(), scope.Slug!));
        }).Accepts<CreateVoteRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CreateVote").WithSummary("Organise a vote (catalyst of the territory; Bearer token). method: single|approval|ranked|score|budget; options: titles, for a budget \"title | cost\".")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/{id:int}/ballots", async Task<IResult> (int id, HttpRequest req, VoteService votes, UserManager<Accounts.User> users,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var key = req.Headers["Idempotency-Key"].ToString();
            if (key.Length > 100) return Invalid(l, "Idempotency-Key", l["Clé d'idempotence de 100 caractères au plus."]);
            var (input, bad) = await ApiJson.ReadAsync<BallotRequest>(req, l, ct);
            if (bad is not null) return bad;
            var result = await votes.CastAsync(id, users.GetUserId(req.HttpContext.User)!, new BallotInput(input!.Options, input.Ranking, input.Scores), key, ct);
            return result.Outcome switch
            {
                CastOutcome.Cast => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/votes/{id}", new BallotDto(id, result.Seq, result.Receipt, result.Receipt is null)),
                CastOutcome.Replayed => TypedResults.Ok(new BallotDto(id, null, result.Receipt, result.Receipt is null)),
                CastOutcome.NotFound => TypedResults.NotFound(),
                CastOutcome.AlreadyVoted => TypedResults.Problem(statusCode: 409, title: l["Vous avez déjà voté."]),
                CastOutcome.NotOpen => TypedResults.Problem(statusCode: 409, title: l["Ce vote n'est pas ouvert."]),
                CastOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!, title: l["Requête invalide"]),
                _ => TypedResults.Problem(statusCode: 403, title: Petitions.PetitionsApi.MissingMessage(result.Missing, l),
                    extensions: new Dictionary<string, object?> { ["missing"] = TerritoriesApi.Kebab(result.Missing) }),
            };
        }).Accepts<BallotRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CastBallot").WithSummary("Cast a ballot (Bearer token; Idempotency-Key header: the same key again is acknowledged with 200). 201 with the receipt (secret votes: shown once), 409 already voted or not open, 400 invalid ballot, 403 with `missing` when the person lacks the identity level.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{id:int}/results", async Task<Results<Ok<TallyResult>, NotFound, ProblemHttpResult>> (int id, VoteQueries queries, VoteService votes,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (await queries.FindAsync(id, ct) is not { } vote) return TypedResults.NotFound();
            return await votes.ResultAsync(vote, ct) is { } result ? TypedResults.Ok(result)
                : TypedResults.Problem(statusCode: 409, title: l["Le résultat paraît à la clôture du vote."]);
        }).WithName("VoteResults").WithSummary("The official result once the vote is closed (409 before): per option, in order, with the method's figures; ranked votes add the pairwise table.");

        group.MapGet("/{id:int}/log", async (int id, VoteQueries queries, CatalyseDb db, HttpContext ctx, CancellationToken ct) =>
            await queries.FindAsync(id, ct) is not { } v ? TypedResults.NotFound()
                : await PublicLogExport.WriteAsync(db, ctx, v.LogSubject, v.BallotCount, v.LogHead, $"vote-{id}-log.csv", ct))
            .WithName("VoteLog").WithSummary("The public hash-chained log of the ballots, as CSV (seq, at, pseudonym or receipt, choice, previous_hash, hash); X-Log-Count, X-Log-Head.");
    }
}
