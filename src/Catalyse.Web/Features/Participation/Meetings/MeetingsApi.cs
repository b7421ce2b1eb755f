using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Meetings;

public static class MeetingsApi
{
    public sealed record MeetingDto(int Id, string Title, string Description, string Place, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity,
        int Registered, string? Minutes, string Url, string CalendarUrl);

    private static MeetingDto Dto(Meeting m, string baseUrl, string slug) => new(m.Id, m.Title, m.Description, m.Place, m.StartsAt, m.EndsAt, m.Capacity,
        m.ConfirmedCount, m.Minutes, $"{baseUrl}/t/{slug}/meetings/{m.Id}", $"{baseUrl}/t/{slug}/meetings/{m.Id}/calendar.ics");

    public static void MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var bearer = ApiTokenAuthentication.SignedInPolicy;
        var group = app.MapGroup("/api/v1/territories/{slug}/meetings").WithTags("Meetings");

        group.MapGet("/", async (int? page, int? pageSize, TerritoryScope scope, CatalyseDb db, HttpContext ctx, CancellationToken ct) =>
        {
            var (p, size) = Territories.Page<Meeting>.Clamp(page, pageSize);
            var query = db.Meetings.AsNoTracking().Where(m => m.TerritoryId == scope.TerritoryId);
            ctx.Response.Headers["X-Total-Count"] = (await query.CountAsync(ct)).ToString();
            var items = await query.OrderByDescending(m => m.StartsAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
            return TypedResults.Ok(items.Select(m => Dto(m, ctx.Request.BaseUrl(), scope.Slug!)).ToList());
        }).WithName("ListMeetings").WithSummary("Public meetings of the territory, latest first; page, pageSize ≤ 100.");

        group.MapGet("/{id:int}", async Task<Results<Ok<MeetingDto>, NotFound>> (int id, TerritoryScope scope, CatalyseDb db, HttpContext ctx, CancellationToken ct) =>
            await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } m ? TypedResults.Ok(Dto(m, ctx.Request.BaseUrl(), scope.Slug!)) : TypedResults.NotFound())
            .WithName("GetMeeting").WithSummary("One meeting, with its seats taken and its minutes.");

        group.MapPost("/{id:int}/registrations", async Task<IResult> (int id, HttpRequest req, MeetingService meetings, UserManager<Accounts.User> users,
            IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await meetings.RegisterAsync(id, users.GetUserId(req.HttpContext.User)!, ct) switch
            {
                RegisterOutcome.Confirmed => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/meetings/{id}", new { meetingId = id, status = "confirmed" }),
                RegisterOutcome.Waiting => TypedResults.Created($"/api/v1/territories/{req.RouteValues["slug"]}/meetings/{id}", new { meetingId = id, status = "waiting" }),
                RegisterOutcome.AlreadyRegistered => TypedResults.Ok(new { meetingId = id, status = "already-registered" }),
                RegisterOutcome.NotFound => TypedResults.NotFound(),
                RegisterOutcome.Ineligible => TypedResults.Problem(statusCode: 403, title: l["Confirmez d'abord votre adresse email (lien reçu à l'inscription)."]),
                _ => TypedResults.Problem(statusCode: 409, title: l["Les inscriptions sont closes."]),
            })
            .RequireAuthorization(bearer).DisableAntiforgery().WithName("RegisterToMeeting")
            .WithSummary("Register (Bearer token): 201 confirmed or waiting (the meeting is full), 200 when already registered (idempotent), 409 once it has started.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/{id:int}/registrations/cancel", async Task<Results<NoContent, NotFound>> (int id, HttpRequest req, MeetingService meetings, CatalyseDb db,
            UserManager<Accounts.User> users, CancellationToken ct) =>
        {
            if (!await db.Meetings.AnyAsync(m => m.Id == id, ct)) return TypedResults.NotFound();
            await meetings.CancelAsync(id, users.GetUserId(req.HttpContext.User)!, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(bearer).DisableAntiforgery().WithName("CancelMeetingRegistration")
            .WithSummary("Cancel one's registration (Bearer token); a freed seat goes to the first person waiting.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapGet("/t/{slug}/meetings/{id:int}/calendar.ics", async (int id, TerritoryScope scope, CatalyseDb db, HttpContext ctx, CancellationToken ct) =>
            await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } m
                ? Results.Text(MeetingService.ICalendar(m, $"{ctx.Request.BaseUrl()}/t/{scope.Slug}/meetings/{m.Id}"), "text/calendar; charset=utf-8")
                : Results.NotFound())
            .WithTags("Meetings").WithName("MeetingCalendar").WithSummary("The meeting as an iCalendar file (RFC 5545).");
    }
}
