using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Offers;

/// <summary>Anyone signed in posts an offer in the territory.</summary>
[Authorize]
public sealed class NewModel(TerritoryScope scope, OfferService offers, MarketplaceQueries queries, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public string Slug => scope.Slug!;
    [BindProperty, Display(Name = "Ce que vous offrez")] public OfferKind? Kind { get; set; } = OfferKind.Skills;
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Description"), PlainText(10000, Multiline = true)] public string? Description { get; set; }
    [BindProperty, Display(Name = "Thèmes"), PlainText(700)] public string? Themes { get; set; }
    [BindProperty, Display(Name = "Commune"), PlainText(5)] public string? CommuneCode { get; set; }
    [BindProperty, Display(Name = "Quantité")] public decimal? Quantity { get; set; }
    [BindProperty, Display(Name = "Disponible jusqu'au")] public DateOnly? AvailableUntil { get; set; }
    [BindProperty, Display(Name = "Fiche de l'annuaire")] public int? EntryId { get; set; }
    public List<(string Code, string Name)> Communes { get; private set; } = [];

    private async Task LoadAsync(CancellationToken ct) => Communes = await queries.CommunesAsync(scope.TerritoryId!.Value, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!ModelState.IsValid) return Invalid();
        var (offer, errors) = await offers.CreateAsync(scope.TerritoryId!.Value, users.GetUserId(User)!,
            new OfferInput(Kind, Title, Description, [Themes], CommuneCode, Quantity, AvailableUntil, EntryId), ct);
        if (offer is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["Votre offre est publiée."].Value;
        return Redirect($"/t/{Slug}/offers/{offer.Id}");
    }
}
