using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Meetings;

public sealed record MeetingInput(string? Title, string? Description, string? Place, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? Capacity);

public enum RegisterOutcome { Confirmed, Waiting, AlreadyRegistered, Closed, NotFound, Ineligible }

/// <summary>
/// The public service of public meetings. A registration takes a seat by a conditional UPDATE of the meeting's counter
/// (seats left) in the same transaction as its row (unique per person); without a seat it waits. A confirmed
/// cancellation hands its seat to the first person waiting.
/// </summary>
public sealed class MeetingService(CatalyseDb db, Eligibility.EligibilityService eligibility, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<(Meeting? Meeting, FieldErrors Errors)> CreateAsync(int territoryId, string userId, MeetingInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        var place = input.Place?.Trim() ?? "";
        if (!errors.Broken(l, "title", title, 200, false) && title.Length < 5) errors.Add("title", l["Le titre compte de 5 à 200 caractères."]);
        if (!errors.Broken(l, "place", place, 300, false) && place.Length < 3) errors.Add("place", l["Indiquez le lieu."]);
        errors.Broken(l, "description", input.Description, 10000, true);
        if (input.StartsAt?.ToUniversalTime() is not { } starts || !ParisTime.Plausible(starts)) { errors.Add("startsAt", l["Indiquez le début."]); starts = default; }
        if (input.EndsAt?.ToUniversalTime() is not { } ends || !ParisTime.Plausible(ends) || ends <= starts) { errors.Add("endsAt", l["La fin suit le début."]); ends = default; }
        if (input.Capacity is not (>= 1 and <= 100_000)) errors.Add("capacity", l["La capacité va de 1 à 100 000 places."]);
        if (errors.Count > 0) return (null, errors);
        var meeting = new Meeting
        {
            TerritoryId = territoryId, Title = title, Description = input.Description?.Trim() ?? "", Place = place, StartsAt = starts, EndsAt = ends,
            Capacity = input.Capacity!.Value, CreatedBy = userId, CreatedAt = clock.GetUtcNow(),
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        return (meeting, errors);
    }

    public async Task<RegisterOutcome> RegisterAsync(int meetingId, string userId, CancellationToken ct = default)
    {
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null) return RegisterOutcome.NotFound;
        if (meeting.StartsAt <= clock.GetUtcNow()) return RegisterOutcome.Closed;
        if (await eligibility.MissingAsync(userId, meeting.TerritoryId, Eligibility.IdentityLevel.EmailConfirmed, ct) != Eligibility.Missing.None)
            return RegisterOutcome.Ineligible;
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            // A cancelled registration comes back at the end of the queue; otherwise a new row (unique per person).
            var revived = await db.MeetingRegistrations.Where(r => r.MeetingId == meetingId && r.UserId == userId && r.Status == RegistrationStatus.Cancelled)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Waiting).SetProperty(r => r.RegisteredAt, now), ct);
            if (revived == 0)
            {
                db.MeetingRegistrations.Add(new MeetingRegistration { MeetingId = meetingId, UserId = userId, Status = RegistrationStatus.Waiting, RegisteredAt = now });
                await db.SaveChangesAsync(ct);
            }
            var seat = await db.Meetings.Where(m => m.Id == meetingId && m.ConfirmedCount < m.Capacity)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ConfirmedCount, m => m.ConfirmedCount + 1), ct);
            if (seat == 1)
                await db.MeetingRegistrations.Where(r => r.MeetingId == meetingId && r.UserId == userId)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Confirmed), ct);
            await tx.CommitAsync(ct);
            return seat == 1 ? RegisterOutcome.Confirmed : RegisterOutcome.Waiting;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return RegisterOutcome.AlreadyRegistered;
        }
    }

    /// <summary>Cancels the person's registration; a seat it frees goes to the first person waiting. False when there was none.</summary>
    public async Task<bool> CancelAsync(int meetingId, string userId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var wasConfirmed = await db.MeetingRegistrations.Where(r => r.MeetingId == meetingId && r.UserId == userId && r.Status == RegistrationStatus.Confirmed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Cancelled), ct) == 1;
        var wasWaiting = !wasConfirmed && await db.MeetingRegistrations.Where(r => r.MeetingId == meetingId && r.UserId == userId && r.Status == RegistrationStatus.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Cancelled), ct) == 1;
        if (wasConfirmed)
        {
            var promoted = false;
            for (var attempt = 0; attempt < 5 && !promoted; attempt++)
            {
                var next = await db.MeetingRegistrations.Where(r => r.MeetingId == meetingId && r.Status == RegistrationStatus.Waiting)
                    .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
                if (next is null) break;
                promoted = await db.MeetingRegistrations.Where(r => r.Id == next && r.Status == RegistrationStatus.Waiting)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Confirmed), ct) == 1;
            }
            if (!promoted)
                await db.Meetings.Where(m => m.Id == meetingId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ConfirmedCount, m => m.ConfirmedCount - 1), ct);
        }
        await tx.CommitAsync(ct);
        return wasConfirmed || wasWaiting;
    }

    /// <summary>
    /// The attendance: the confirmed registrations ticked attended, the others not. Null when the meeting does not exist;
    /// errors (nothing written) when a tick is not a confirmed registration of this meeting.
    /// </summary>
    public async Task<FieldErrors?> MarkAttendanceAsync(int meetingId, IReadOnlyCollection<long> attended, CancellationToken ct = default)
    {
        if (!await db.Meetings.AnyAsync(m => m.Id == meetingId, ct)) return null;
        var errors = new FieldErrors();
        var ticked = attended.Distinct().ToList();
        if (ticked.Count > 0 && await db.MeetingRegistrations.CountAsync(r => r.MeetingId == meetingId && ticked.Contains(r.Id) && r.Status == RegistrationStatus.Confirmed, ct) != ticked.Count)
        {
            errors.Add("attended", l["Cochez des personnes inscrites."]);
            return errors;
        }
        await db.MeetingRegistrations.Where(r => r.MeetingId == meetingId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Attended, r => ticked.Contains(r.Id) && r.Status == RegistrationStatus.Confirmed), ct);
        return errors;
    }

    public async Task<FieldErrors?> PublishMinutesAsync(int meetingId, string? minutes, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        minutes = minutes?.Trim() ?? "";
        if (!errors.Broken(l, "minutes", minutes, 50000, true) && minutes.Length < 10) errors.Add("minutes", l["Le compte rendu compte de 10 à 50 000 caractères."]);
        if (!await db.Meetings.AnyAsync(m => m.Id == meetingId, ct)) return null;
        if (errors.Count > 0) return errors;
        await db.Meetings.Where(m => m.Id == meetingId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Minutes, minutes).SetProperty(m => m.MinutesPublishedAt, clock.GetUtcNow()), ct);
        return errors;
    }

    /// <summary>The meeting as an iCalendar file (RFC 5545), for the person's calendar.</summary>
    public static string ICalendar(Meeting m, string url)
    {
        var calendar = new Ical.Net.Calendar();
        calendar.Events.Add(new Ical.Net.CalendarComponents.CalendarEvent
        {
            Uid = $"meeting-{m.Id}@catalyse", Summary = m.Title, Description = m.Description, Location = m.Place, Url = new Uri(url),
            DtStart = new Ical.Net.DataTypes.CalDateTime(m.StartsAt.UtcDateTime, "UTC"), DtEnd = new Ical.Net.DataTypes.CalDateTime(m.EndsAt.UtcDateTime, "UTC"),
        });
        return new Ical.Net.Serialization.CalendarSerializer().SerializeToString(calendar)!;
    }
}
