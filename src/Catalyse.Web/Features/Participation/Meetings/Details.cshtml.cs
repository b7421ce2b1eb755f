using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Meetings;

/// <summary>A meeting: register or cancel, the waiting list, the iCal file; the catalyst takes attendance and publishes the minutes.</summary>
public sealed class DetailsModel(TerritoryScope scope, CatalyseDb db, MeetingService meetings, TerritoryAccess access,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    public sealed record Attendee(long Id, string Name, bool Attended);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Meeting Meeting { get; private set; } = null!;
    public MeetingRegistration? Mine { get; private set; }
    /// <summary>The person's place in the waiting list (1: next).</summary>
    public int? WaitingPosition { get; private set; }
    public int WaitingCount { get; private set; }
    public bool CanManage { get; private set; }
    public Page<Attendee>? Attendees { get; private set; }
    public bool Upcoming => Meeting.StartsAt > clock.GetUtcNow();
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/meetings/{Id}";

    [BindProperty] public List<long>? Attended { get; set; }
    [BindProperty, Display(Name = "Compte rendu"), PlainText(50000, Multiline = true)] public string? Minutes { get; set; }

    private string? UserId => users.GetUserId(User);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == Id, ct) is not { } m) return false;
        Meeting = m;
        WaitingCount = await db.MeetingRegistrations.CountAsync(r => r.MeetingId == Id && r.Status == RegistrationStatus.Waiting, ct);
        if (UserId is { } me)
        {
            Mine = await db.MeetingRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.MeetingId == Id && r.UserId == me && r.Status != RegistrationStatus.Cancelled, ct);
            if (Mine?.Status == RegistrationStatus.Waiting)
                WaitingPosition = 1 + await db.MeetingRegistrations.CountAsync(r => r.MeetingId == Id && r.Status == RegistrationStatus.Waiting
                    && (r.RegisteredAt < Mine.RegisteredAt || (r.RegisteredAt == Mine.RegisteredAt && r.Id < Mine.Id)), ct);
            CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
        }
        if (CanManage)
        {
            var (p, size) = Page<Attendee>.Clamp(PageNumber, 100, 100);
            var confirmed = db.MeetingRegistrations.AsNoTracking().Where(r => r.MeetingId == Id && r.Status == RegistrationStatus.Confirmed);
            var items = await confirmed.OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).Skip((p - 1) * size).Take(size)
                .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new Attendee(r.Id, u.DisplayName, r.Attended)).ToListAsync(ct);
            Attendees = new Page<Attendee>(items, p, size, Meeting.ConfirmedCount);
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        var outcome = await meetings.RegisterAsync(Id, me, ct);
        if (outcome == RegisterOutcome.NotFound) return NotFound();
        if (outcome is RegisterOutcome.Closed or RegisterOutcome.Ineligible)
        {
            await LoadAsync(ct);
            ModelState.AddModelError("", outcome == RegisterOutcome.Closed ? l["Les inscriptions sont closes."] : l["Confirmez d'abord votre adresse email (lien reçu à l'inscription)."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Flash"] = (outcome switch
        {
            RegisterOutcome.Confirmed => l["Vous êtes inscrit."],
            RegisterOutcome.Waiting => l["La réunion est complète : vous êtes sur la liste d'attente."],
            _ => l["Vous êtes déjà inscrit."],
        }).Value;
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        if (!await db.Meetings.AnyAsync(m => m.Id == Id, ct)) return NotFound();
        if (await meetings.CancelAsync(Id, me, ct)) TempData["Flash"] = l["Inscription annulée."].Value;
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostAttendanceAsync(CancellationToken ct)
    {
        if (UserId is null) return Challenge();
        if (!await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        // A tick that is not a registration's id is refused: it must not mark everybody absent.
        if (!ModelState.IsValid) return Invalid();
        var errors = await meetings.MarkAttendanceAsync(Id, Attended ?? [], ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(Attended));
            return Invalid();
        }
        TempData["Flash"] = l["Présences enregistrées."].Value;
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostMinutesAsync(CancellationToken ct)
    {
        if (UserId is null) return Challenge();
        if (!await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var errors = await meetings.PublishMinutesAsync(Id, Minutes, ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(Minutes));
            return Invalid();
        }
        TempData["Flash"] = l["Compte rendu publié."].Value;
        return Redirect(Self);
    }
}
