using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Meetings;

[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class NewModel(TerritoryScope scope, MeetingService meetings, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public string Slug => scope.Slug!;
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Description"), PlainText(10000, Multiline = true)] public string? Description { get; set; }
    [BindProperty, Display(Name = "Lieu"), PlainText(300)] public string? Place { get; set; }
    [BindProperty, Display(Name = "Début")] public DateTime? StartsAt { get; set; }
    [BindProperty, Display(Name = "Fin")] public DateTime? EndsAt { get; set; }
    [BindProperty, Display(Name = "Places")] public int? Capacity { get; set; } = 100;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var (meeting, errors) = await meetings.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(User)!, new MeetingInput(Title, Description, Place,
            StartsAt is { } s ? ParisTime.FromLocal(s) : null, EndsAt is { } e ? ParisTime.FromLocal(e) : null, Capacity), ct);
        if (meeting is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["Réunion publiée."].Value;
        return Redirect($"/t/{Slug}/meetings/{meeting.Id}");
    }
}
