using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Consultations;

/// <summary>The catalyst launches a consultation: the question, the rules of supports, the end of each phase used.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class NewModel(TerritoryScope scope, ConsultationService consultations, UserManager<Accounts.User> users,
    IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    public string Slug => scope.Slug!;
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Question posée"), PlainText(500)] public string? Question { get; set; }
    [BindProperty, Display(Name = "Description"), PlainText(10000, Multiline = true)] public string? Description { get; set; }
    [BindProperty, Display(Name = "Seuil de soutiens")] public int? SupportThreshold { get; set; } = 50;
    [BindProperty, Display(Name = "Soutiens par personne")] public int? SupportsPerPerson { get; set; } = 10;
    [BindProperty, Display(Name = "Début")] public DateTime? StartsAt { get; set; }
    /// <summary>Fields named <c>PhaseEnds[Proposals]</c>: a phase ends then (empty: the consultation has no such phase).</summary>
    public Dictionary<PhaseKind, DateTime?> PhaseEnds { get; set; } = [];

    public void OnGet()
    {
        var today = ParisTime.Show(clock.GetUtcNow()).Date;
        StartsAt = today.AddHours(8);
        PhaseEnds = new() { [PhaseKind.Information] = today.AddDays(7), [PhaseKind.Proposals] = today.AddDays(37), [PhaseKind.Deliberation] = today.AddDays(51) };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        foreach (var kind in Enum.GetValues<PhaseKind>())
        {
            var value = Request.Form[$"PhaseEnds[{kind}]"].ToString();
            if (value.Length == 0) continue;
            if (DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var end) && value.Length <= 30
                && end.Year is >= 2000 and <= 2100)
                PhaseEnds[kind] = end;
            else ModelState.AddModelError(nameof(PhaseEnds), l["Date invalide pour la phase « {0} ».", l[ConsultationLabels.Phase(kind)]]);
        }
        if (!ModelState.IsValid) return Invalid();
        var (consultation, errors) = await consultations.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(User)!, new ConsultationInput(Title, Question,
            Description, SupportThreshold, SupportsPerPerson, StartsAt is { } s ? ParisTime.FromLocal(s) : null,
            PhaseEnds.ToDictionary(p => p.Key, p => p.Value is { } e ? ParisTime.FromLocal(e) : (DateTimeOffset?)null)), ct);
        if (consultation is null)
        {
            AddErrors(errors, f => f == "phaseEnds" ? nameof(PhaseEnds) : char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["Consultation lancée."].Value;
        return Redirect($"/t/{Slug}/consultations/{consultation.Id}");
    }
}
