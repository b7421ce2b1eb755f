using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Consultations;

public static class ConsultationsApi
{
    public sealed record PhaseDto(string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    public sealed record ConsultationDto(int Id, string Title, string Question, string Description, string? CurrentPhase, int SupportThreshold,
        int SupportsPerPerson, List<PhaseDto> Phases, string Url);

    public sealed record ProposalDto(int Id, int ConsultationId, string Title, string Body, string Status, int Supports, int Comments, int Progress,
        string? CommuneCode, string? Place, List<string> Links, string? Answer, long? EstimatedCost, int? MergedInto, DateTimeOffset CreatedAt, string Url);

    public sealed record ProposalRequest(string? Title, string? Body, string? CommuneCode, string? Place, List<string>? Links);

    private static ConsultationDto Dto(Consultation c, DateTimeOffset now, string baseUrl, string slug) => new(c.Id, c.Title, c.Question, c.Description,
        c.PhaseAt(now) is { } p ? TerritoriesApi.Kebab(p.Kind) : null, c.SupportThreshold, c.SupportsPerPerson,
        c.Phases.OrderBy(p => p.StartsAt).Select(p => new PhaseDto(TerritoriesApi.Kebab(p.Kind)!, p.StartsAt, p.EndsAt)).ToList(), $"{baseUrl}/t/{slug}/consultations/{c.Id}");

    private static ProposalDto Dto(Proposal p, string baseUrl, string slug) => new(p.Id, p.ConsultationId, p.Title, p.Body, TerritoriesApi.Kebab(p.Status)!,
        p.SupportCount, p.CommentCount, p.Progress, p.CommuneCode, p.Place, p.Links, p.Answer, p.EstimatedCost, p.MergedIntoId, p.CreatedAt, $"{baseUrl}/t/{slug}/proposals/{p.Id}");

    public static void MapConsultationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/territories/{slug}").WithTags("Consultations");
        var bearer = ApiTokenAuthentication.SignedInPolicy;

        group.MapGet("/consultations", async (int? page, int? pageSize, TerritoryScope scope, ConsultationQueries queries, TimeProvider clock, HttpContext ctx, CancellationToken ct) =>
        {
            var list = await queries.ListAsync(scope.TerritoryId!.Value, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            return TypedResults.Ok(list.Items.Select(c => Dto(c, clock.GetUtcNow(), ctx.Request.BaseUrl(), scope.Slug!)).ToList());
        }).WithName("ListConsultations").WithSummary("Consultations of the territory, newest first, with their phases and the current one; page, pageSize ≤ 100.");

        group.MapGet("/consultations/{id:int}", async Task<Results<Ok<ConsultationDto>, NotFound>> (int id, TerritoryScope scope, ConsultationQueries queries,
            TimeProvider clock, HttpContext ctx, CancellationToken ct) =>
            await queries.FindAsync(id, ct) is { } c ? TypedResults.Ok(Dto(c, clock.GetUtcNow(), ctx.Request.BaseUrl(), scope.Slug!)) : TypedResults.NotFound())
            .WithName("GetConsultation").WithSummary("One consultation.");

        group.MapGet("/proposals", async Task<Results<Ok<List<ProposalDto>>, ValidationProblem, NotFound>> (int? consultation, string? sort, string? status,
            int? page, int? pageSize, TerritoryScope scope, ConsultationQueries queries, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (consultation is null) errors["consultation"] = [l["Indiquez la consultation (consultation=id)."]];
            if (sort is not null && !ConsultationQueries.Sorts.Contains(sort)) errors["sort"] = [l["Tri inconnu : supports ou recent."]];
            ProposalStatus? s = null;
            if (status is not null)
            {
                if (Enum.GetValues<ProposalStatus>().FirstOrDefault(v => TerritoriesApi.Kebab(v) == status) is var v and not 0) s = v;
                else errors["status"] = [l["Statut inconnu."]];
            }
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            if (await queries.FindAsync(consultation!.Value, ct) is null) return TypedResults.NotFound();
            var list = await queries.ProposalsAsync(consultation.Value, sort, s, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            var ids = list.Items.Select(p => p.Id).ToList();
            var full = await queries.ProposalsByIdAsync(ids, ct);
            return TypedResults.Ok(ids.Select(id => Dto(full[id], ctx.Request.BaseUrl(), scope.Slug!)).ToList());
        }).WithName("ListProposals").WithSummary("Proposals of a consultation: consultation=id (required), sort=supports|recent, status=in-study|accepted|rejected|done|merged, page, pageSize ≤ 100.");

        group.MapGet("/proposals/{id:int}", async Task<Results<Ok<ProposalDto>, NotFound>> (int id, TerritoryScope scope, ConsultationQueries queries, HttpContext ctx, CancellationToken ct) =>
            await queries.ProposalAsync(id, ct) is { HiddenReason: null } p ? TypedResults.Ok(Dto(p, ctx.Request.BaseUrl(), scope.Slug!)) : TypedResults.NotFound())
            .WithName("GetProposal").WithSummary("One proposal, with the authority's answer and its accountability (status, cost, progress); 404 when moderation hid it.");

        group.MapPost("/consultations/{id:int}/proposals", async Task<Results<Created<ProposalDto>, ValidationProblem, NotFound>> (int id, HttpRequest req,
            TerritoryScope scope, ConsultationService consultations, ConsultationQueries queries, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (await queries.FindAsync(id, ct) is null) return TypedResults.NotFound();
            var (input, bad) = await ApiJson.ReadAsync<ProposalRequest>(req, l, ct);
            if (bad is not null) return bad;
            // A null link is not "no link": refused like any value the form cannot send.
            if (input!.Links?.Any(x => x is null) == true)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["links"] = [l["Un lien est vide."]] }, title: l["Requête invalide"]);
            var (proposal, errors) = await consultations.ProposeAsync(id, users.GetUserId(req.HttpContext.User)!,
                new ProposalInput(input!.Title, input.Body, input.CommuneCode, input.Place, string.Join('\n', input.Links ?? [])), ct);
            return proposal is null ? TypedResults.ValidationProblem(errors, title: l["Requête invalide"])
                : TypedResults.Created($"/api/v1/territories/{scope.Slug}/proposals/{proposal.Id}", Dto(proposal, req.BaseUrl(), scope.Slug!));
        }).Accepts<ProposalRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CreateProposal").WithSummary("Propose (Bearer token) during the proposals phase: title, body, communeCode, place, links.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/proposals/{id:int}/supports", async Task<IResult> (int id, HttpRequest req, ConsultationService consultations,
            UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await consultations.SupportAsync(id, users.GetUserId(req.HttpContext.User)!, ct) switch
            {
                SupportOutcome.Supported => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/proposals/{id}", new { proposalId = id, supported = true }),
                // A support is idempotent: the same request again (whatever its Idempotency-Key) answers 200.
                SupportOutcome.AlreadySupported => TypedResults.Ok(new { proposalId = id, supported = true }),
                SupportOutcome.NotFound => TypedResults.NotFound(),
                SupportOutcome.LimitReached => TypedResults.Problem(statusCode: 409, title: l["Vous avez donné tous vos soutiens dans cette consultation."]),
                SupportOutcome.Ineligible => TypedResults.Problem(statusCode: 403, title: l["Confirmez d'abord votre adresse email (lien reçu à l'inscription)."]),
                SupportOutcome.Suspended => TypedResults.Problem(statusCode: 403, title: l["Votre participation dans ce territoire est suspendue par son équipe d'animation."]),
                _ => TypedResults.Problem(statusCode: 409, title: l["Les soutiens sont fermés pour cette proposition."]),
            })
            .RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("SupportProposal").WithSummary("Support a proposal (Bearer token): 201, or 200 when already supported (idempotent); 409 past the person's allowance or outside the phases that take supports; 403 when the person's participation is suspended.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/proposals/{id:int}/supports/withdraw", async Task<IResult> (int id, HttpRequest req, ConsultationService consultations,
            UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await consultations.WithdrawSupportAsync(id, users.GetUserId(req.HttpContext.User)!, ct) switch
            {
                SupportOutcome.Withdrawn or SupportOutcome.NotSupported => TypedResults.NoContent(),
                SupportOutcome.NotFound => TypedResults.NotFound(),
                _ => TypedResults.Problem(statusCode: 409, title: l["Les soutiens sont fermés pour cette proposition."]),
            })
            .RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("WithdrawProposalSupport").WithSummary("Take one's support back (Bearer token) while supports are open: 204 (also when there was none); 409 once supports are closed.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
