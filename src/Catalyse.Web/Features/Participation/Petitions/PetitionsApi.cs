using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Petitions;

public static class PetitionsApi
{
    public sealed record PetitionDto(int Id, string Title, string Authority, string Phase, DateTimeOffset CreatedAt, DateTimeOffset? ClosesAt,
        int Signatures, int Quorum, DateTimeOffset? QuorumReachedAt, string Url);

    public sealed record PetitionDetailDto(int Id, string Title, string Body, string Authority, string Competence, string Phase, string Author,
        DateTimeOffset CreatedAt, DateTimeOffset? ReviewedAt, string? RefusalReason, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
        int Signatures, int Quorum, DateTimeOffset? QuorumReachedAt, string NextStep, string SignerLevel, string? Answer, DateTimeOffset? AnsweredAt,
        string LogHead, string LogUrl, string Url);

    public sealed record SignatureDto(int PetitionId, int Seq, string Pseudonym, DateTimeOffset SignedAt, int Signatures);

    public sealed record AuthorityDto(int Id, string Name, List<string> Competences, int Quorum, int DurationDays, string SignerLevel);

    public sealed record ReviewRequest(bool Eligible, string? Reason, string? NextStep);

    public static string Phase(PetitionPhase p) => TerritoriesApi.Kebab(p)!;

    public static void MapPetitionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/territories/{slug}/petitions").WithTags("Petitions");
        var bearer = ApiTokenAuthentication.SignedInPolicy;

        group.MapGet("/", async Task<Results<Ok<List<PetitionDto>>, ValidationProblem>> (string? status, int? page, int? pageSize, TerritoryScope scope,
            PetitionQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (status is not null && !PetitionQueries.Filters.Contains(status))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [l["Filtre inconnu : open, review, ended ou all."]] }, title: l["Requête invalide"]);
            var result = await queries.ListAsync(scope.TerritoryId!.Value, status, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = result.Total.ToString();
            var now = clock.GetUtcNow();
            return TypedResults.Ok(result.Items.Select(p => new PetitionDto(p.Id, p.Title, p.Authority, Phase(p.PhaseAt(now)), p.CreatedAt, p.ClosesAt,
                p.SignatureCount, p.Quorum, p.QuorumReachedAt, $"{ctx.Request.BaseUrl()}/t/{scope.Slug}/petitions/{p.Id}")).ToList());
        }).WithName("ListPetitions").WithSummary("Petitions of the territory, newest first: status=open|review|ended|all, page, pageSize ≤ 100; total in X-Total-Count.");

        group.MapGet("/{id:int}", async Task<Results<Ok<PetitionDetailDto>, NotFound>> (int id, TerritoryScope scope, PetitionQueries queries,
            TimeProvider clock, HttpContext ctx, CancellationToken ct) =>
        {
            if (await queries.FindAsync(id, ct) is not { } view) return TypedResults.NotFound();
            var p = view.Petition;
            var url = $"{ctx.Request.BaseUrl()}/t/{scope.Slug}/petitions/{p.Id}";
            return TypedResults.Ok(new PetitionDetailDto(p.Id, p.Title, p.Body, view.AuthorityName, p.Competence, Phase(p.PhaseAt(clock.GetUtcNow())),
                view.AuthorName, p.CreatedAt, p.ReviewedAt, p.RefusalReason, p.OpensAt, p.ClosesAt, p.SignatureCount, p.Quorum, p.QuorumReachedAt,
                TerritoriesApi.Kebab(p.NextStep)!, TerritoriesApi.Kebab(p.SignerLevel)!, p.Answer, p.AnsweredAt, p.LogHead,
                $"{ctx.Request.BaseUrl()}/api/v1/territories/{scope.Slug}/petitions/{p.Id}/log", url));
        }).WithName("GetPetition").WithSummary("One petition: its text, status and dates, the signature count and the head hash of its public log.");

        group.MapPost("/", async Task<Results<Created<PetitionDto>, ValidationProblem>> (HttpRequest req, TerritoryScope scope, PetitionService petitions,
            UserManager<Accounts.User> users, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<PetitionInput>(req, l, ct);
            if (bad is not null) return bad;
            var (p, errors) = await petitions.FileAsync(scope.TerritoryId!.Value, users.GetUserId(req.HttpContext.User)!, input!, ct);
            if (p is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            var authority = (await petitions.AuthoritiesAsync(scope.TerritoryId.Value, ct)).First(a => a.Id == p.AuthorityId).Name;
            return TypedResults.Created($"/api/v1/territories/{scope.Slug}/petitions/{p.Id}", new PetitionDto(p.Id, p.Title, authority,
                Phase(p.PhaseAt(clock.GetUtcNow())), p.CreatedAt, p.ClosesAt, 0, p.Quorum, null, $"{req.BaseUrl()}/t/{scope.Slug}/petitions/{p.Id}"));
        }).Accepts<PetitionInput>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("FilePetition").WithSummary("File a petition (any signed-in person; Bearer token): authorityId, title, body, competence. It is reviewed before signatures open.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/{id:int}/signatures", async Task<IResult> (int id, HttpRequest req, PetitionSigning signing,
            UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var key = req.Headers["Idempotency-Key"].ToString();
            if (key.Length > 100)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = [l["Clé d'idempotence de 100 caractères au plus."]] }, title: l["Requête invalide"]);
            var result = await signing.SignAsync(id, users.GetUserId(req.HttpContext.User)!, key, ct);
            SignatureDto Dto(PetitionSignature s) => new(id, s.Seq, s.Pseudonym, s.SignedAt, result.Count);
            return result.Outcome switch
            {
                SignOutcome.Signed => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/petitions/{id}", Dto(result.Signature!)),
                SignOutcome.Replayed => TypedResults.Ok(Dto(result.Signature!)),
                SignOutcome.NotFound => TypedResults.NotFound(),
                SignOutcome.AlreadySigned => TypedResults.Problem(statusCode: 409, title: l["Vous avez déjà signé cette pétition."]),
                SignOutcome.NotOpen => TypedResults.Problem(statusCode: 409, title: l["Cette pétition n'est pas ouverte aux signatures."]),
                _ => TypedResults.Problem(statusCode: 403, title: MissingMessage(result.Missing, l),
                    extensions: new Dictionary<string, object?> { ["missing"] = TerritoriesApi.Kebab(result.Missing) }),
            };
        }).RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("SignPetition").WithSummary("Sign (Bearer token). Idempotency-Key header: the same key again returns the same signature (200). 201 signed, 409 already signed or not open, 403 with `missing` (email, residence, census) when the person lacks the identity level.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/{id:int}/review", async Task<Results<NoContent, NotFound, ForbidHttpResult, ValidationProblem>> (int id, HttpRequest req,
            PetitionService petitions, PetitionQueries queries, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (await queries.FindAsync(id, ct) is not { } view) return TypedResults.NotFound();
            var userId = users.GetUserId(req.HttpContext.User);
            if (!await petitions.CanReviewAsync(view.Petition.AuthorityId, userId, ct)) return TypedResults.Forbid();
            var (input, bad) = await ApiJson.ReadAsync<ReviewRequest>(req, l, ct);
            if (bad is not null) return bad;
            PetitionNextStep? step = null;
            if (input!.NextStep is { Length: > 0 } s)
            {
                if (Enum.GetValues<PetitionNextStep>().FirstOrDefault(v => TerritoriesApi.Kebab(v) == s) is not (var v and not 0))
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["nextStep"] = [l["Étape suivante inconnue."]] }, title: l["Requête invalide"]);
                step = v;
            }
            var errors = await petitions.ReviewAsync(id, userId!, new ReviewInput(input.Eligible, input.Reason, step), ct);
            return errors is null ? TypedResults.NotFound() : errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: l["Requête invalide"]) : TypedResults.NoContent();
        }).RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("ReviewPetition").WithSummary("Eligibility review (a representative of the authority, the territory's catalyst; Bearer token): eligible opens the signatures, otherwise a reason is required.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/{id:int}/log", LogAsync).WithName("PetitionLog")
            .WithSummary("The public hash-chained log of the signatures, as CSV: seq, at, pseudonym, choice, previous_hash, hash. X-Log-Count and X-Log-Head give the count and the last hash it ends with.");

        app.MapGet("/api/v1/territories/{slug}/petition-authorities", async (TerritoryScope scope, PetitionService petitions, CancellationToken ct) =>
            TypedResults.Ok((await petitions.AuthoritiesAsync(scope.TerritoryId!.Value, ct))
                .Select(a => new AuthorityDto(a.Id, a.Name, a.Competences, a.Quorum, a.DurationDays, TerritoriesApi.Kebab(a.SignerLevel)!)).ToList()))
            .WithTags("Petitions").WithName("ListPetitionAuthorities").WithSummary("The authorities petitions may be addressed to, with their declared competences and rules.");
    }

    internal static async Task<IResult> LogAsync(int id, PetitionQueries queries, CatalyseDb db, HttpContext ctx, CancellationToken ct) =>
        await queries.FindAsync(id, ct) is not { } view ? TypedResults.NotFound()
            : await PublicLogExport.WriteAsync(db, ctx, view.Petition.LogSubject, view.Petition.SignatureCount, view.Petition.LogHead, $"petition-{id}-log.csv", ct);

    public static string MissingMessage(Missing missing, IStringLocalizer l) => missing switch
    {
        Missing.Email => l["Confirmez d'abord votre adresse email (lien reçu à l'inscription)."],
        Missing.Residence => l["Réservé aux habitants du territoire : indiquez votre code postal et votre commune."],
        Missing.Census => l["Réservé aux personnes inscrites sur la liste fournie par l'autorité : indiquez vos nom, prénom et date de naissance."],
        _ => "",
    };
}
