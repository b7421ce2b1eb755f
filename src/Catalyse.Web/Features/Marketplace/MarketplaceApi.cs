using System.Security.Claims;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using static Catalyse.Web.Features.Participation.ApiInput;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>
/// The marketplace's API: needs ("me too", comments, the catalyst's status, the matcher's proposals with their reasons),
/// offers and the bourse des pionniers, the network's solutions and their essaimage, and introductions (mises en relation).
/// Reads are public except introductions; writes take a Bearer token.
/// </summary>
public static class MarketplaceApi
{
    public sealed record NeedSummaryDto(int Id, string Title, string Status, string Urgency, List<string> Themes, string? CommuneName,
        int Supports, int Comments, DateTimeOffset CreatedAt, string Url);

    public sealed record CommentDto(int Id, string AuthorName, string Body, DateTimeOffset CreatedAt);

    public sealed record NeedDto(int Id, string Title, string Description, string Status, string Urgency, List<string> Themes, string? CommuneCode,
        string? CommuneName, string AffectedGroup, int? AffectedCount, string AuthorName, int Supports, int Comments, string? StatusNote,
        string? ProjectTitle, string? ProjectUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, List<CommentDto> LatestComments,
        string MatchesUrl, string Url);

    public sealed record CreateNeedRequest(string? Title, string? Description, List<string?>? Themes, string? CommuneCode, string? AffectedGroup,
        int? AffectedCount, string? Urgency);

    public sealed record CommentRequest(string? Comment);

    public sealed record NeedStatusRequest(string? Status, string? Note, string? ProjectTitle, string? ProjectUrl);

    public sealed record SynonymDto(string Found, string MeansAlso);

    public sealed record ReasonsDto(List<string> SharedThemes, List<string> Words, List<SynonymDto> Synonyms, int Successes);

    public sealed record MatchDto(string Kind, int Id, string Title, double Score, string Url, string? CommuneCode, double? DistanceKm, ReasonsDto Reasons);

    public sealed record MatchSetDto(List<MatchDto> Solutions, List<MatchDto> Actors, List<MatchDto> Places, List<MatchDto> Offers);

    public sealed record OfferDto(int Id, string Territory, string Kind, string Title, string Description, List<string> Themes, string? CommuneName,
        decimal? Quantity, decimal DaysUsed, string Status, string AuthorName, int? EntryId, DateTimeOffset CreatedAt, string Url);

    public sealed record CreateOfferRequest(string? Kind, string? Title, string? Description, List<string?>? Themes, string? CommuneCode,
        decimal? Quantity, DateOnly? AvailableUntil, int? EntryId);

    public sealed record SolutionSummaryDto(int Id, string Title, string Summary, List<string> Themes, string? CommuneName, string? OriginTerritory,
        int Adoptions, string Url);

    public sealed record SolutionDto(int Id, string Title, string Summary, string ForWhom, string Results, string Cost, string Conditions,
        List<string> Themes, string? CommuneCode, string? CommuneName, string? OriginTerritory, string? OriginSlug, int? ContactEntryId,
        string? ContactName, int Adoptions, DateTimeOffset CreatedAt, string AdoptionsUrl, string Url);

    public sealed record CreateSolutionRequest(string? Title, string? Summary, string? ForWhom, string? Results, string? Cost, string? Conditions,
        List<string?>? Themes, string? CommuneCode, int? OriginTerritoryId, int? ContactEntryId);

    public sealed record AdoptionDto(int Id, int SolutionId, string SolutionTitle, string? FromTerritory, string? FromSlug, string Territory,
        string Slug, string Changes, DateOnly StartedOn);

    public sealed record AdoptionRequest(string? Changes, DateOnly? StartedOn);

    public sealed record PioneerUseDto(int Id, string Territory, string Slug, decimal Days, DateOnly On, string Purpose);

    public sealed record PioneerOfferDto(int Id, string Territory, string Title, string Description, List<string> Themes, string AuthorName,
        decimal DaysOffered, decimal DaysUsed, decimal DaysLeft, string Status, List<PioneerUseDto> Uses, string Url);

    public sealed record PioneerUseRequest(int? TerritoryId, decimal? Days, DateOnly? On, string? Purpose);

    public sealed record PartyDto(string Name, bool? Accepted);

    public sealed record IntroductionDto(int Id, int NeedId, string NeedTitle, string TargetKind, int TargetId, string TargetName, PartyDto NeedParty,
        PartyDto TargetParty, string ProposedBy, string Message, string Status, string? Outcome, string? OutcomeNote, DateTimeOffset CreatedAt,
        DateTimeOffset? OutcomeAt, string Url);

    public sealed record IntroductionRequest(string? TargetKind, int? TargetId, string? Message);

    public sealed record AnswerRequest(bool? Accept);

    public sealed record OutcomeRequest(string? Outcome, string? Note);

    private static string K<T>(T value) where T : struct, Enum => TerritoriesApi.Kebab(value)!;

    private static string? UserId(HttpContext ctx) => ctx.User.FindFirstValue(ClaimTypes.NameIdentifier);

    private static NeedSummaryDto Dto(NeedSummary n, string baseUrl, string slug) => new(n.Id, n.Title, K(n.Status), K(n.Urgency), n.Themes, n.CommuneName,
        n.SupportCount, n.CommentCount, n.CreatedAt, $"{baseUrl}/t/{slug}/needs/{n.Id}");

    private static NeedDto Dto(NeedView v, List<CommentView> comments, string baseUrl, string slug)
    {
        var n = v.Need;
        return new(n.Id, n.Title, n.Description, K(n.Status), K(n.Urgency), n.Themes, n.CommuneCode, v.CommuneName, n.AffectedGroup, n.AffectedCount,
            v.AuthorName, n.SupportCount, n.CommentCount, n.StatusNote, n.ProjectTitle, n.ProjectUrl, n.CreatedAt, n.UpdatedAt,
            comments.Select(c => new CommentDto(c.Id, c.AuthorName, c.Body, c.CreatedAt)).ToList(),
            $"{baseUrl}/api/v1/territories/{slug}/needs/{n.Id}/matches", $"{baseUrl}/t/{slug}/needs/{n.Id}");
    }

    private static OfferDto Dto(OfferSummary o, string baseUrl) => new(o.Id, o.TerritorySlug, K(o.Kind), o.Title, o.Description, o.Themes, o.CommuneName,
        o.Quantity, o.DaysUsed, K(o.Status), o.AuthorName, o.EntryId, o.CreatedAt, $"{baseUrl}/t/{o.TerritorySlug}/offers/{o.Id}");

    private static SolutionSummaryDto Dto(SolutionSummary s, string baseUrl) => new(s.Id, s.Title, s.Summary, s.Themes, s.CommuneName, s.OriginTerritory,
        s.AdoptionCount, $"{baseUrl}/solutions/{s.Id}");

    private static SolutionDto Dto(SolutionView v, string baseUrl)
    {
        var s = v.Solution;
        return new(s.Id, s.Title, s.Summary, s.ForWhom, s.Results, s.Cost, s.Conditions, s.Themes, s.CommuneCode, v.CommuneName, v.OriginTerritory,
            v.OriginSlug, s.ContactEntryId, v.ContactName, s.AdoptionCount, s.CreatedAt, $"{baseUrl}/api/v1/solutions/{s.Id}/adoptions", $"{baseUrl}/solutions/{s.Id}");
    }

    private static AdoptionDto Dto(AdoptionView a) => new(a.Id, a.SolutionId, a.SolutionTitle, a.FromTerritory, a.FromSlug, a.ToTerritory, a.ToSlug,
        a.Changes, a.StartedOn);

    private static IntroductionDto Dto(IntroductionView v, string baseUrl)
    {
        var i = v.Introduction;
        return new(i.Id, i.NeedId, v.NeedTitle, K(i.TargetKind), i.TargetId, i.TargetName, new PartyDto(v.NeedPartyName, i.NeedPartyAccepted),
            new PartyDto(v.TargetPartyName, i.TargetPartyAccepted), v.ProposedByName, i.Message, K(i.Status),
            i.Outcome == IntroductionOutcome.None ? null : K(i.Outcome), i.OutcomeNote, i.CreatedAt, i.OutcomeAt, $"{baseUrl}/t/{v.Slug}/introductions/{i.Id}");
    }

    private static MatchDto Dto(Match m, string baseUrl, string slug, IReadOnlyDictionary<int, string> slugs) => new(K(m.Kind), m.Id, m.Title, m.Score,
        m.Kind switch
        {
            MatchKind.Solution => $"{baseUrl}/solutions/{m.Id}",
            MatchKind.Actor or MatchKind.Place => $"{baseUrl}/t/{slug}/directory/{m.Id}",
            MatchKind.Offer => $"{baseUrl}/t/{(m.TerritoryId is { } t && slugs.TryGetValue(t, out var s) ? s : slug)}/offers/{m.Id}",
            _ => $"{baseUrl}/t/{(m.TerritoryId is { } t2 && slugs.TryGetValue(t2, out var s2) ? s2 : slug)}/needs/{m.Id}",
        },
        m.CommuneCode, m.DistanceKm, new ReasonsDto(m.SharedThemes.ToList(), m.Words.ToList(),
            m.Synonyms.Select(s => new SynonymDto(s.Found, s.MeansAlso)).ToList(), m.Successes));

    /// <summary>The slugs of the territories of these matches (offers of the bourse come from the whole network): one query.</summary>
    private static async Task<Dictionary<int, string>> SlugsAsync(CatalyseDb db, IEnumerable<Match> matches, int here, CancellationToken ct)
    {
        var ids = matches.Where(m => m.Kind is MatchKind.Offer or MatchKind.Need).Select(m => m.TerritoryId).OfType<int>().Where(t => t != here).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Territories.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Slug, ct);
    }

    private static ProblemHttpResult Conflict(string title) => TypedResults.Problem(statusCode: 409, title: title);

    public static void MapMarketplaceApi(this IEndpointRouteBuilder app)
    {
        var bearer = ApiTokenAuthentication.SignedInPolicy;
        var territory = app.MapGroup("/api/v1/territories/{slug}").WithTags("Marketplace");
        var network = app.MapGroup("/api/v1").WithTags("Marketplace");

        // ------------------------------------------------------------------ needs

        territory.MapGet("/needs", async Task<Results<Ok<List<NeedSummaryDto>>, ValidationProblem>> (string? status, string? theme, int? page, int? pageSize,
            TerritoryScope scope, MarketplaceQueries queries, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (status is not null && !MarketplaceQueries.NeedFilters.Contains(status)) return Invalid(l, "status", l["Filtre inconnu : open, new, qualified, in-progress, satisfied, abandoned ou all."]);
            if (theme?.Length > 60) return Invalid(l, "theme", l["Un thème de 60 caractères au plus."]);
            var list = await queries.NeedsAsync(scope.TerritoryId!.Value, status, theme, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            return TypedResults.Ok(list.Items.Select(n => Dto(n, ctx.Request.BaseUrl(), scope.Slug!)).ToList());
        }).WithName("ListNeeds").WithSummary("Needs of the territory, newest first: status=open (default: new, qualified or in progress)|new|qualified|in-progress|satisfied|abandoned|all, theme, page, pageSize ≤ 100; total in X-Total-Count.");

        territory.MapGet("/needs/{id:int}", async Task<Results<Ok<NeedDto>, NotFound>> (int id, TerritoryScope scope, MarketplaceQueries queries,
            HttpContext ctx, CancellationToken ct) =>
        {
            if (await queries.NeedAsync(id, ct) is not { } need) return TypedResults.NotFound();
            var comments = await queries.CommentsAsync(id, 1, ct);
            return TypedResults.Ok(Dto(need, comments.Items, ctx.Request.BaseUrl(), scope.Slug!));
        }).WithName("GetNeed").WithSummary("One need: its description, who is affected, its status and project, its \"me too\" count and its first 50 comments.");

        territory.MapPost("/needs", async Task<Results<Created<NeedDto>, ValidationProblem>> (HttpRequest req, TerritoryScope scope, NeedService needs,
            MarketplaceQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<CreateNeedRequest>(req, l, ct);
            if (bad is not null) return bad;
            if (!TryEnum<NeedUrgency>(input!.Urgency ?? "medium", out var urgency)) return Invalid(l, "urgency", l["Urgence inconnue : low, medium, high ou critical."]);
            var (need, errors) = await needs.CreateAsync(scope.TerritoryId!.Value, UserId(req.HttpContext)!,
                new NeedInput(input.Title, input.Description, input.Themes, input.CommuneCode, input.AffectedGroup, input.AffectedCount, urgency), ct);
            if (need is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            return TypedResults.Created($"/api/v1/territories/{scope.Slug}/needs/{need.Id}", Dto((await queries.NeedAsync(need.Id, ct))!, [], req.BaseUrl(), scope.Slug!));
        }).Accepts<CreateNeedRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CreateNeed").WithSummary("Post a need (Bearer token): title, description, themes, communeCode (of the territory), affectedGroup, affectedCount, urgency=low|medium|high|critical. Its author follows it.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/needs/{id:int}/me-too", async Task<IResult> (int id, HttpRequest req, NeedService needs, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await needs.MeTooAsync(id, UserId(req.HttpContext)!, ct) switch
            {
                MeTooOutcome.Added => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/needs/{id}", new { needId = id, status = "added" }),
                MeTooOutcome.AlreadyAdded => TypedResults.Ok(new { needId = id, status = "already-added" }),
                MeTooOutcome.Closed => Conflict(l["Ce besoin est clos."]),
                MeTooOutcome.Refused => TypedResults.Problem(statusCode: 403, title: l["Votre compte ne peut pas participer sur ce territoire pour le moment."]),
                _ => TypedResults.NotFound(),
            }).RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("MeTooNeed").WithSummary("\"Me too\": the person shares the need (once; Bearer token) and follows it. 201 added, 200 already said, 409 the need is closed.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/needs/{id:int}/me-too/withdraw", async Task<Results<Ok<object>, NotFound>> (int id, HttpRequest req, NeedService needs,
            MarketplaceQueries queries, CancellationToken ct) =>
        {
            if (await queries.NeedAsync(id, ct) is null) return TypedResults.NotFound();
            var withdrawn = await needs.WithdrawMeTooAsync(id, UserId(req.HttpContext)!, ct);
            return TypedResults.Ok<object>(new { needId = id, status = withdrawn ? "withdrawn" : "none" });
        }).RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("WithdrawMeTooNeed").WithSummary("Take back a \"me too\" (Bearer token): status withdrawn, or none when there was none.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/needs/{id:int}/comments", async Task<Results<Created<object>, ValidationProblem, NotFound>> (int id, HttpRequest req, NeedService needs,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<CommentRequest>(req, l, ct);
            if (bad is not null) return bad;
            var errors = await needs.CommentAsync(id, UserId(req.HttpContext)!, input!.Comment, ct);
            if (errors is null) return TypedResults.NotFound();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            return TypedResults.Created<object>($"/api/v1/territories/{req.RouteValues["slug"]}/needs/{id}", new { needId = id, status = "recorded" });
        }).Accepts<CommentRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CommentNeed").WithSummary("Comment a need (Bearer token): {\"comment\": \"…\"}, 2 to 5,000 characters; its followers are told.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/needs/{id:int}/status", async Task<Results<Ok<NeedDto>, ValidationProblem, NotFound, ForbidHttpResult>> (int id, HttpRequest req,
            TerritoryScope scope, TerritoryAccess access, NeedService needs, MarketplaceQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (!await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
            var (input, bad) = await ApiJson.ReadAsync<NeedStatusRequest>(req, l, ct);
            if (bad is not null) return bad;
            if (!TryEnum<NeedStatus>(input!.Status, out var status)) return Invalid(l, "status", l["Statut inconnu : new, qualified, in-progress, satisfied ou abandoned."]);
            var errors = await needs.SetStatusAsync(id, new NeedStatusInput(status, input.Note, input.ProjectTitle, input.ProjectUrl), ct);
            if (errors is null) return TypedResults.NotFound();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            var comments = await queries.CommentsAsync(id, 1, ct);
            return TypedResults.Ok(Dto((await queries.NeedAsync(id, ct))!, comments.Items, req.BaseUrl(), scope.Slug!));
        }).Accepts<NeedStatusRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("SetNeedStatus").WithSummary("Qualify a need (catalyst of the territory; Bearer token): status=new|qualified|in-progress|satisfied|abandoned, note (the reason, required when abandoned), projectTitle (required when in progress), projectUrl.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapGet("/needs/{id:int}/matches", async Task<Results<Ok<MatchSetDto>, ValidationProblem, NotFound>> (int id, int? take, TerritoryScope scope,
            CatalyseDb db, Matcher matcher, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (take is < 1 or > 50) return Invalid(l, "take", l["De 1 à 50 pistes par sorte."]);
            var need = await db.Set<Need>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
            if (need is null) return TypedResults.NotFound();
            var set = await matcher.ForNeedAsync(need, take ?? 10, ct);
            var slugs = await SlugsAsync(db, set.All, need.TerritoryId, ct);
            var baseUrl = ctx.Request.BaseUrl();
            List<MatchDto> Of(IReadOnlyList<Match> matches) => matches.Select(m => Dto(m, baseUrl, scope.Slug!, slugs)).ToList();
            return TypedResults.Ok(new MatchSetDto(Of(set.Solutions), Of(set.Actors), Of(set.Places), Of(set.Offers)));
        }).WithName("NeedMatches").WithSummary("What could answer a need: solutions of the network, actors and places of the territory, offers (the bourse des pionniers included), at most `take` (≤ 50, default 10) of each, best first, each with its reasons: shared themes, words found, synonyms used ({found, meansAlso}), past successes, and the distance in km.");

        // ------------------------------------------------------------------ offers

        territory.MapGet("/offers", async Task<Results<Ok<List<OfferDto>>, ValidationProblem>> (string? kind, string? status, int? page, int? pageSize,
            TerritoryScope scope, MarketplaceQueries queries, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            OfferKind? k = null;
            if (kind is not null) { if (!TryEnum<OfferKind>(kind, out var parsed)) return Invalid(l, "kind", l["Sorte d'offre inconnue : skills, in-kind, place, volunteer-time, money ou pioneer-days."]); k = parsed; }
            if (status is not (null or "open" or "all")) return Invalid(l, "status", l["Filtre inconnu : open ou all."]);
            var list = await queries.OffersAsync(scope.TerritoryId!.Value, k, status != "all", page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            return TypedResults.Ok(list.Items.Select(o => Dto(o, ctx.Request.BaseUrl())).ToList());
        }).WithName("ListOffers").WithSummary("Offers of the territory, newest first: kind=skills|in-kind|place|volunteer-time|money|pioneer-days, status=open (default)|all, page, pageSize ≤ 100; total in X-Total-Count.");

        territory.MapGet("/offers/{id:int}", async Task<Results<Ok<OfferDto>, NotFound>> (int id, TerritoryScope scope, MarketplaceQueries queries, HttpContext ctx, CancellationToken ct) =>
            await queries.OfferAsync(id, ct) is { } o && o.TerritoryId == scope.TerritoryId ? TypedResults.Ok(Dto(o, ctx.Request.BaseUrl())) : TypedResults.NotFound())
            .WithName("GetOffer").WithSummary("One offer of the territory.");

        territory.MapPost("/offers", async Task<Results<Created<OfferDto>, ValidationProblem>> (HttpRequest req, TerritoryScope scope, OfferService offers,
            MarketplaceQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<CreateOfferRequest>(req, l, ct);
            if (bad is not null) return bad;
            if (!TryEnum<OfferKind>(input!.Kind, out var kind)) return Invalid(l, "kind", l["Sorte d'offre inconnue : skills, in-kind, place, volunteer-time, money ou pioneer-days."]);
            var (offer, errors) = await offers.CreateAsync(scope.TerritoryId!.Value, UserId(req.HttpContext)!,
                new OfferInput(kind, input.Title, input.Description, input.Themes, input.CommuneCode, input.Quantity, input.AvailableUntil, input.EntryId), ct);
            if (offer is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            return TypedResults.Created($"/api/v1/territories/{scope.Slug}/offers/{offer.Id}", Dto((await queries.OfferAsync(offer.Id, ct))!, req.BaseUrl()));
        }).Accepts<CreateOfferRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CreateOffer").WithSummary("Post an offer (Bearer token): kind=skills|in-kind|place|volunteer-time|money|pioneer-days, title, description, themes, communeCode (not for pioneer days), quantity (days of the bourse: 0.5 to 60; euros; hours), availableUntil, entryId (the directory entry offering).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/offers/{id:int}/close", async Task<Results<Ok<OfferDto>, NotFound, ForbidHttpResult>> (int id, HttpRequest req, TerritoryScope scope,
            TerritoryAccess access, OfferService offers, MarketplaceQueries queries, CancellationToken ct) =>
        {
            if (await queries.OfferAsync(id, ct) is not { } offer || offer.TerritoryId != scope.TerritoryId) return TypedResults.NotFound();
            if (offer.AuthorId != UserId(req.HttpContext) && !await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
            await offers.CloseAsync(id, ct);
            return TypedResults.Ok(Dto((await queries.OfferAsync(id, ct))!, req.BaseUrl()));
        }).RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CloseOffer").WithSummary("Close an offer (its author or a catalyst of the territory; Bearer token): it leaves the matcher.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapGet("/offers/{id:int}/needs", async Task<Results<Ok<List<MatchDto>>, ValidationProblem, NotFound>> (int id, int? take, TerritoryScope scope,
            CatalyseDb db, Matcher matcher, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (take is < 1 or > 50) return Invalid(l, "take", l["De 1 à 50 pistes par sorte."]);
            var offer = await db.Set<Offer>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
            if (offer is null || offer.TerritoryId != scope.TerritoryId) return TypedResults.NotFound();
            var needs = await matcher.NeedsForAsync(MatchSource.Of(MatchIndexer.Of(offer), offer.TerritoryId), take ?? 10, ct);
            return TypedResults.Ok(needs.Select(m => Dto(m, ctx.Request.BaseUrl(), scope.Slug!, new Dictionary<int, string>())).ToList());
        }).WithName("OfferNeeds").WithSummary("Where could we help? The open needs of the territory this offer could answer, best first (take ≤ 50, default 10), with their reasons.");

        territory.MapGet("/actors/{id:int}/needs", async Task<Results<Ok<List<MatchDto>>, ValidationProblem, NotFound>> (int id, int? take, TerritoryScope scope,
            CatalyseDb db, Directory.DirectoryFeed directory, Matcher matcher, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (take is < 1 or > 50) return Invalid(l, "take", l["De 1 à 50 pistes par sorte."]);
            if (await directory.FindAsync(id, ct) is not { Published: true, Kind: Directory.EntryKind.Actor or Directory.EntryKind.Place, CommuneCode: { } commune } entry
                || !await db.TerritoryCommunes.AnyAsync(c => c.TerritoryId == scope.TerritoryId && c.CommuneCode == commune, ct))
                return TypedResults.NotFound();
            var needs = await matcher.NeedsForAsync(MatchSource.Of(MatchIndexer.Of(entry), scope.TerritoryId!.Value), take ?? 10, ct);
            return TypedResults.Ok(needs.Select(m => Dto(m, ctx.Request.BaseUrl(), scope.Slug!, new Dictionary<int, string>())).ToList());
        }).WithName("ActorNeeds").WithSummary("Where could we help? The open needs of the territory a published actor or place of its perimeter could answer, best first (take ≤ 50, default 10), with their reasons.");

        // ------------------------------------------------------------------ solutions and essaimage

        network.MapGet("/solutions", async Task<Results<Ok<List<SolutionSummaryDto>>, ValidationProblem>> (string? q, string? theme, int? page, int? pageSize,
            MarketplaceQueries queries, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (q?.Length > 200) return Invalid(l, "q", l["Une recherche de 200 caractères au plus."]);
            if (theme?.Length > 60) return Invalid(l, "theme", l["Un thème de 60 caractères au plus."]);
            var list = await queries.SolutionsAsync(q, theme, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            return TypedResults.Ok(list.Items.Select(s => Dto(s, ctx.Request.BaseUrl())).ToList());
        }).WithName("ListSolutions").WithSummary("The network's library of solutions, most adopted first: q (every word, by its stem), theme, page, pageSize ≤ 100; total in X-Total-Count.");

        network.MapGet("/solutions/{id:int}", async Task<Results<Ok<SolutionDto>, NotFound>> (int id, MarketplaceQueries queries, HttpContext ctx, CancellationToken ct) =>
            await queries.SolutionAsync(id, ct) is { } s ? TypedResults.Ok(Dto(s, ctx.Request.BaseUrl())) : TypedResults.NotFound())
            .WithName("GetSolution").WithSummary("One solution: what, for whom, results, cost, conditions to replicate, the actor to contact, and how many territories adapted it.");

        network.MapPost("/solutions", async Task<Results<Created<SolutionDto>, ValidationProblem, ForbidHttpResult>> (HttpRequest req, CatalyseDb db,
            SolutionService solutions, MarketplaceQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var userId = UserId(req.HttpContext)!;
            if (!TerritoryAccess.IsNetworkStaff(req.HttpContext.User)
                && !await db.Memberships.IgnoreQueryFilters().AnyAsync(m => m.UserId == userId && m.Role == TerritoryRole.Catalyst, ct))
                return TypedResults.Forbid();
            var (input, bad) = await ApiJson.ReadAsync<CreateSolutionRequest>(req, l, ct);
            if (bad is not null) return bad;
            var (solution, errors) = await solutions.CreateAsync(userId, new SolutionInput(input!.Title, input.Summary, input.ForWhom, input.Results,
                input.Cost, input.Conditions, input.Themes, input.CommuneCode, input.OriginTerritoryId, input.ContactEntryId), ct);
            if (solution is null) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            return TypedResults.Created($"/api/v1/solutions/{solution.Id}", Dto((await queries.SolutionAsync(solution.Id, ct))!, req.BaseUrl()));
        }).Accepts<CreateSolutionRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("CreateSolution").WithSummary("Add a solution to the network's library (a catalyst of a territory, or network staff; Bearer token): title, summary, forWhom, results, cost, conditions, themes, communeCode, originTerritoryId, contactEntryId.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        network.MapGet("/solutions/{id:int}/adoptions", async Task<Results<Ok<List<AdoptionDto>>, ValidationProblem, NotFound>> (int id, int? page, int? pageSize,
            CatalyseDb db, MarketplaceQueries queries, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            if (!await db.Set<Solution>().AnyAsync(s => s.Id == id, ct)) return TypedResults.NotFound();
            var list = await queries.AdoptionsAsync(id, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            return TypedResults.Ok(list.Items.Select(Dto).ToList());
        }).WithName("SolutionAdoptions").WithSummary("Essaimage: the territories that adapted a solution and what they changed, newest first; page, pageSize ≤ 100; total in X-Total-Count.");

        territory.MapPost("/solutions/{id:int}/adoptions", async Task<IResult> (int id, HttpRequest req, TerritoryScope scope, TerritoryAccess access,
            SolutionService solutions, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (!await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
            var (input, bad) = await ApiJson.ReadAsync<AdoptionRequest>(req, l, ct);
            if (bad is not null) return bad;
            var (outcome, errors) = await solutions.RecordAdoptionAsync(id, scope.TerritoryId!.Value, UserId(req.HttpContext)!,
                new AdoptionInput(input!.Changes, input.StartedOn), ct);
            return outcome switch
            {
                AdoptionOutcome.Recorded => TypedResults.Created($"/api/v1/solutions/{id}/adoptions", new { solutionId = id, territory = scope.Slug, status = "recorded" }),
                AdoptionOutcome.AlreadyRecorded => Conflict(l["Ce territoire a déjà enregistré l'adaptation de cette solution."]),
                AdoptionOutcome.NotFound => TypedResults.NotFound(),
                _ => TypedResults.ValidationProblem(errors, title: l["Requête invalide"]),
            };
        }).Accepts<AdoptionRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("RecordAdoption").WithSummary("Essaimage: the territory adapted this solution (catalyst of the territory; Bearer token): changes (what changed), startedOn. 201, 409 already recorded.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        // ------------------------------------------------------------------ bourse des pionniers

        network.MapGet("/pioneer-days", async Task<Results<Ok<List<PioneerOfferDto>>, ValidationProblem>> (int? page, int? pageSize, MarketplaceQueries queries,
            IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            var list = await queries.OffersAsync(null, OfferKind.PioneerDays, false, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            var uses = (await queries.PioneerUsesAsync(list.Items.Select(o => o.Id).ToList(), ct)).ToLookup(u => u.OfferId);
            var baseUrl = ctx.Request.BaseUrl();
            return TypedResults.Ok(list.Items.Select(o => new PioneerOfferDto(o.Id, o.TerritorySlug, o.Title, o.Description, o.Themes, o.AuthorName,
                o.Quantity ?? 0, o.DaysUsed, Math.Max(0, (o.Quantity ?? 0) - o.DaysUsed), K(o.Status),
                uses[o.Id].Select(u => new PioneerUseDto(u.Id, u.TerritoryName, u.TerritorySlug, u.Days, u.On, u.Purpose)).ToList(),
                $"{baseUrl}/t/{o.TerritorySlug}/offers/{o.Id}")).ToList());
        }).WithName("ListPioneerDays").WithSummary("The bourse des pionniers of the whole network: days offered by experienced catalysts, days used and left, and each use (territory, days, date, purpose); page, pageSize ≤ 100; total in X-Total-Count.");

        network.MapPost("/pioneer-days/{offerId:int}/uses", async Task<IResult> (int offerId, HttpRequest req, MarketplaceQueries queries, OfferService offers,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (await queries.OfferAsync(offerId, ct) is not { Kind: OfferKind.PioneerDays } offer) return TypedResults.NotFound();
            var userId = UserId(req.HttpContext)!;
            if (offer.AuthorId != userId && !TerritoryAccess.IsNetworkStaff(req.HttpContext.User)) return TypedResults.Forbid();
            var (input, bad) = await ApiJson.ReadAsync<PioneerUseRequest>(req, l, ct);
            if (bad is not null) return bad;
            var errors = await offers.RecordPioneerUseAsync(offerId, userId, new PioneerUseInput(input!.TerritoryId, input.Days, input.On, input.Purpose), ct);
            if (errors is null) return TypedResults.NotFound();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: l["Requête invalide"]);
            return TypedResults.Created("/api/v1/pioneer-days", new { offerId, status = "recorded" });
        }).Accepts<PioneerUseRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("RecordPioneerDays").WithSummary("Record days of the bourse given to a territory (the offer's author or network staff; Bearer token): territoryId, days (by half days, 0.5 to 60, never beyond the days left), on, purpose.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        // ------------------------------------------------------------------ introductions

        territory.MapGet("/introductions", async Task<Results<Ok<List<IntroductionDto>>, ValidationProblem>> (int? page, int? pageSize, TerritoryScope scope,
            TerritoryAccess access, MarketplaceQueries queries, IStringLocalizer<SharedResource> l, HttpContext ctx, CancellationToken ct) =>
        {
            var party = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct) ? null : UserId(ctx);
            var list = await queries.IntroductionsAsync(scope.TerritoryId!.Value, null, party, page, pageSize, ct);
            ctx.Response.Headers["X-Total-Count"] = list.Total.ToString();
            return TypedResults.Ok(list.Items.Select(i => Dto(i, ctx.Request.BaseUrl())).ToList());
        }).RequireAuthorization(bearer)
            .WithName("ListIntroductions").WithSummary("Introductions of the territory, newest first (Bearer token): all of them for its catalysts, otherwise those where the person is a party; page, pageSize ≤ 100; total in X-Total-Count.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapGet("/introductions/{id:int}", async Task<Results<Ok<IntroductionDto>, NotFound, ForbidHttpResult>> (int id, TerritoryScope scope,
            TerritoryAccess access, MarketplaceQueries queries, HttpContext ctx, CancellationToken ct) =>
        {
            if (await queries.IntroductionAsync(id, ct) is not { } view || view.Introduction.TerritoryId != scope.TerritoryId) return TypedResults.NotFound();
            var userId = UserId(ctx);
            var i = view.Introduction;
            if (userId != i.NeedPartyId && userId != i.TargetPartyId && userId != i.ProposedBy && !await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct))
                return TypedResults.Forbid();
            return TypedResults.Ok(Dto(view, ctx.Request.BaseUrl()));
        }).RequireAuthorization(bearer)
            .WithName("GetIntroduction").WithSummary("One introduction (its parties, who proposed it, or a catalyst of the territory; Bearer token): both answers, status and outcome.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/needs/{id:int}/introductions", async Task<IResult> (int id, HttpRequest req, TerritoryAccess access, IntroductionService introductions,
            MarketplaceQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<IntroductionRequest>(req, l, ct);
            if (bad is not null) return bad;
            var catalyst = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
            MatchKind? kind = TryEnum<MatchKind>(input!.TargetKind, out var parsed) && parsed != MatchKind.Need ? parsed : null;
            var (result, intro, errors) = await introductions.ProposeAsync(id, UserId(req.HttpContext)!, catalyst, new IntroductionInput(kind, input.TargetId, input.Message), ct);
            return result switch
            {
                IntroductionResult.Done => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/introductions/{intro!.Id}",
                    Dto((await queries.IntroductionAsync(intro.Id, ct))!, req.BaseUrl())),
                IntroductionResult.NotFound => TypedResults.NotFound(),
                IntroductionResult.Forbidden => TypedResults.Forbid(),
                IntroductionResult.Conflict => Conflict(l["Cette mise en relation a déjà été proposée."]),
                _ => TypedResults.ValidationProblem(errors, title: l["Requête invalide"]),
            };
        }).Accepts<IntroductionRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("ProposeIntroduction").WithSummary("Propose an introduction about a need (its author or a catalyst of the territory; Bearer token): targetKind=solution|actor|place|offer, targetId, message. 201, 409 already proposed for this target; both parties are told.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/introductions/{id:int}/answer", async Task<IResult> (int id, HttpRequest req, IntroductionService introductions,
            MarketplaceQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<AnswerRequest>(req, l, ct);
            if (bad is not null) return bad;
            if (input!.Accept is not { } accept) return Invalid(l, "accept", l["Répondez par true (accepter) ou false (décliner)."]);
            return await introductions.AnswerAsync(id, UserId(req.HttpContext)!, accept, ct) switch
            {
                IntroductionResult.Done => TypedResults.Ok(Dto((await queries.IntroductionAsync(id, ct))!, req.BaseUrl())),
                IntroductionResult.NotFound => TypedResults.NotFound(),
                IntroductionResult.Forbidden => TypedResults.Forbid(),
                _ => Conflict(l["Cette mise en relation a déjà reçu ses réponses."]),
            };
        }).Accepts<AnswerRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("AnswerIntroduction").WithSummary("A party accepts or declines an introduction (Bearer token): {\"accept\": true|false}. Accepted when both accept; 409 once accepted or declined.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        territory.MapPost("/introductions/{id:int}/outcome", async Task<IResult> (int id, HttpRequest req, TerritoryAccess access, IntroductionService introductions,
            MarketplaceQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var (input, bad) = await ApiJson.ReadAsync<OutcomeRequest>(req, l, ct);
            if (bad is not null) return bad;
            IntroductionOutcome? outcome = TryEnum<IntroductionOutcome>(input!.Outcome, out var parsed) && parsed != IntroductionOutcome.None ? parsed : null;
            var (result, errors) = await introductions.RecordOutcomeAsync(id, UserId(req.HttpContext)!, await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct),
                outcome, input.Note, ct);
            return result switch
            {
                IntroductionResult.Done => TypedResults.Ok(Dto((await queries.IntroductionAsync(id, ct))!, req.BaseUrl())),
                IntroductionResult.NotFound => TypedResults.NotFound(),
                IntroductionResult.Forbidden => TypedResults.Forbid(),
                _ => TypedResults.ValidationProblem(errors, title: l["Requête invalide"]),
            };
        }).Accepts<OutcomeRequest>("application/json").RequireAuthorization(bearer).DisableAntiforgery()
            .WithName("RecordIntroductionOutcome").WithSummary("What came of an accepted introduction (a party or a catalyst; Bearer token): outcome=meeting-held|partnership|project-launched|no-follow-up, note. A positive outcome counts as a success of the target in the ranking.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
