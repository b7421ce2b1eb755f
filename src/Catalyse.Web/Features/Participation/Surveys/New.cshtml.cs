using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Surveys;

/// <summary>The catalyst starts a survey: a draft, whose questions are then written on its page.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class NewModel(TerritoryScope scope, SurveyService surveys, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    public string Slug => scope.Slug!;
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Présentation"), PlainText(10000, Multiline = true)] public string? Description { get; set; }
    [BindProperty, Display(Name = "Qui peut répondre")] public IdentityLevel? RespondentLevel { get; set; } = IdentityLevel.EmailConfirmed;
    [BindProperty, Display(Name = "Ouverture")] public DateTime? OpensAt { get; set; }
    [BindProperty, Display(Name = "Clôture")] public DateTime? ClosesAt { get; set; }
    [BindProperty, Display(Name = "Résultats en direct")] public bool LiveResults { get; set; }

    public void OnGet()
    {
        var now = ParisTime.Show(clock.GetUtcNow());
        OpensAt = now.Date.AddDays(1).AddHours(8);
        ClosesAt = now.Date.AddDays(29).AddHours(20);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var (survey, errors) = await surveys.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(User)!, new SurveyInput(Title, Description, RespondentLevel,
            OpensAt is { } o ? ParisTime.FromLocal(o) : null, ClosesAt is { } c ? ParisTime.FromLocal(c) : null, LiveResults), ct: ct);
        if (survey is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["Brouillon enregistré : ajoutez maintenant les questions."].Value;
        return Redirect($"/t/{Slug}/surveys/{survey.Id}");
    }
}
