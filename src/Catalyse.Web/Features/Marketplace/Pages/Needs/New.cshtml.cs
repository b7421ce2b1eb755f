using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Needs;

/// <summary>Anyone signed in reports an unmet need of the territory.</summary>
[Authorize]
public sealed class NewModel(TerritoryScope scope, NeedService needs, MarketplaceQueries queries, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public string Slug => scope.Slug!;
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Description"), PlainText(10000, Multiline = true)] public string? Description { get; set; }
    [BindProperty, Display(Name = "Thèmes"), PlainText(700)] public string? Themes { get; set; }
    [BindProperty, Display(Name = "Commune"), PlainText(5)] public string? CommuneCode { get; set; }
    [BindProperty, Display(Name = "Qui est concerné"), PlainText(300)] public string? AffectedGroup { get; set; }
    [BindProperty, Display(Name = "Combien de personnes")] public int? AffectedCount { get; set; }
    [BindProperty, Display(Name = "Urgence")] public NeedUrgency? Urgency { get; set; } = NeedUrgency.Medium;
    public List<(string Code, string Name)> Communes { get; private set; } = [];

    private async Task LoadAsync(CancellationToken ct) => Communes = await queries.CommunesAsync(scope.TerritoryId!.Value, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) { await LoadAsync(ct); return Invalid(); }
        var (need, errors) = await needs.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(User)!,
            new NeedInput(Title, Description, [Themes], CommuneCode, AffectedGroup, AffectedCount, Urgency), ct);
        if (need is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            await LoadAsync(ct);
            return Invalid();
        }
        TempData["Flash"] = l["Besoin enregistré. Merci !"].Value;
        return Redirect($"/t/{Slug}/needs/{need.Id}");
    }
}
