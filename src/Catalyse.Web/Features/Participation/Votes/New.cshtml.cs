using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Votes;

/// <summary>The catalyst organises a vote: method, options (and costs), who may vote, dates.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class NewModel(TerritoryScope scope, VoteService votes, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    public string Slug => scope.Slug!;
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Description"), PlainText(10000, Multiline = true)] public string? Description { get; set; }
    [BindProperty, Display(Name = "Mode de scrutin")] public VoteMethod? Method { get; set; } = VoteMethod.Single;
    [BindProperty, Display(Name = "Scrutin secret")] public bool Secret { get; set; } = true;
    [BindProperty, Display(Name = "Qui peut voter")] public IdentityLevel? VoterLevel { get; set; } = IdentityLevel.Resident;
    [BindProperty, Display(Name = "Ouverture")] public DateTime? OpensAt { get; set; }
    [BindProperty, Display(Name = "Clôture")] public DateTime? ClosesAt { get; set; }
    [BindProperty, Display(Name = "Options"), PlainText(30000, Multiline = true)] public string? Options { get; set; }
    [BindProperty, Display(Name = "Nombre de choix au plus")] public int? MaxChoices { get; set; }
    [BindProperty, Display(Name = "Note maximale")] public int? ScoreMax { get; set; } = 5;
    [BindProperty, Display(Name = "Budget à répartir (€)")] public long? BudgetTotal { get; set; }
    [BindProperty, Display(Name = "Minimum à dépenser par bulletin (€)")] public long? BudgetMinimum { get; set; }

    public void OnGet()
    {
        var now = ParisTime.Show(clock.GetUtcNow());
        OpensAt = now.Date.AddDays(1).AddHours(8);
        ClosesAt = now.Date.AddDays(15).AddHours(20);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var (vote, errors) = await votes.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(User)!, new VoteInput(Title, Description, Method, Secret, VoterLevel,
            OpensAt is { } o ? ParisTime.FromLocal(o) : null, ClosesAt is { } c ? ParisTime.FromLocal(c) : null, Options, MaxChoices, ScoreMax, BudgetTotal, BudgetMinimum), ct);
        if (vote is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["Vote enregistré."].Value;
        return Redirect($"/t/{Slug}/votes/{vote.Id}");
    }
}
