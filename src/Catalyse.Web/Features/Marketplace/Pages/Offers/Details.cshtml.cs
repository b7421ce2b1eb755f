using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Offers;

/// <summary>An offer: what it is, its closing (its author or a catalyst), and "where could we help?" — the open needs it could answer.</summary>
public sealed class DetailsModel(TerritoryScope scope, MarketplaceQueries queries, OfferService offers, Matcher matcher, CatalyseDb db,
    TerritoryAccess access, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public OfferSummary Offer { get; private set; } = null!;
    public IReadOnlyList<Match> Needs { get; private set; } = [];
    public bool CanClose { get; private set; }
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/offers/{Id}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await queries.OfferAsync(Id, ct) is not { } offer || offer.TerritoryId != scope.TerritoryId) return NotFound();
        Offer = offer;
        if (users.GetUserId(User) is { } me)
            CanClose = offer.Status == OfferStatus.Open && (offer.AuthorId == me || await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct));
        if (offer.Status == OfferStatus.Open)
        {
            var entity = await db.Set<Offer>().IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == Id, ct);
            Needs = await matcher.NeedsForAsync(MatchSource.Of(MatchIndexer.Of(entity), offer.TerritoryId), 10, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } me) return Challenge();
        var catalyst = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
        var offer = await db.Set<Offer>().IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == Id && o.TerritoryId == scope.TerritoryId)
            .Select(o => new { o.AuthorId }).FirstOrDefaultAsync(ct);
        if (!catalyst && offer?.AuthorId != me) return Forbid();
        if (offer is null || !await offers.CloseAsync(Id, ct)) return NotFound();
        TempData["Flash"] = l["L'offre est close."].Value;
        return Redirect(Self);
    }
}
