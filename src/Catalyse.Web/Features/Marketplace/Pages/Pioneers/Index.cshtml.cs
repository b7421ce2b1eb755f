using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Marketplace.Pages.Offers;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Pioneers;

/// <summary>
/// The network's bourse des pionniers: every offer of days, the days given and left, and their uses; the offer's author or
/// network staff record the days given to a territory (never beyond the days offered).
/// </summary>
public sealed class IndexModel(MarketplaceQueries queries, OfferService offers, CatalyseDb db, UserManager<Accounts.User> users,
    IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<OfferSummary> Offers { get; private set; } = null!;
    public ILookup<int, PioneerUseView> Uses { get; private set; } = null!;
    public List<(string Slug, string Name)> Territories { get; private set; } = [];
    public string? Me { get; private set; }
    public bool Staff => TerritoryAccess.IsNetworkStaff(User);
    public Pager Pager => Offers.ToPager("/pioneers");

    [BindProperty] public int OfferId { get; set; }
    [BindProperty, Display(Name = "Territoire"), PlainText(100)] public string? Territory { get; set; }
    [BindProperty, Display(Name = "Jours")] public decimal? Days { get; set; }
    [BindProperty, Display(Name = "Date")] public DateOnly? On { get; set; }
    [BindProperty, Display(Name = "À quoi ont servi les jours"), PlainText(1000, Multiline = true)] public string? Purpose { get; set; }

    public bool CanRecord(OfferSummary o) => Me is not null && (Staff || o.AuthorId == Me);

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = users.GetUserId(User);
        Offers = await queries.OffersAsync(null, OfferKind.PioneerDays, false, PageNumber, null, ct);
        Uses = (Offers.Items.Count == 0 ? [] : await queries.PioneerUsesAsync(Offers.Items.Select(o => o.Id).ToList(), ct)).ToLookup(u => u.OfferId);
        if (Me is not null && Offers.Items.Any(CanRecord))
            Territories = (await db.Territories.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id).Take(2000).Select(t => new { t.Slug, t.Name }).ToListAsync(ct))
                .Select(t => (t.Slug, t.Name)).ToList();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        On ??= DateOnly.FromDateTime(DateTime.Today);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } me) return Challenge();
        var offer = await db.Set<Offer>().IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == OfferId && o.Kind == OfferKind.PioneerDays)
            .Select(o => new { o.AuthorId }).FirstOrDefaultAsync(ct);
        if (!Staff && offer?.AuthorId != me) return Forbid();
        if (offer is null) return NotFound();
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Invalid();
        }
        var territoryId = string.IsNullOrWhiteSpace(Territory) ? null
            : await db.Territories.Where(t => t.Slug == Territory.Trim()).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
        var errors = await offers.RecordPioneerUseAsync(OfferId, me, new PioneerUseInput(territoryId, Days, On, Purpose), ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, f => f == "territoryId" ? nameof(Territory) : char.ToUpperInvariant(f[0]) + f[1..]);
            await LoadAsync(ct);
            return Invalid();
        }
        TempData["Flash"] = l["Les jours donnés sont enregistrés."].Value;
        return Redirect($"/pioneers{(PageNumber is > 1 ? $"?p={PageNumber}" : "")}#offer-{OfferId}");
    }
}
