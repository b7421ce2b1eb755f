using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Marketplace.Pages.Offers;

/// <summary>The territory's offers, by kind; open ones unless asked for all.</summary>
public sealed class IndexModel(TerritoryScope scope, MarketplaceQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<OfferSummary> Offers { get; private set; } = null!;
    public string Slug => scope.Slug!;
    public string? KindFilter => OfferLabels.KindOf(Kind) is null ? null : Kind;
    public bool All => Status == "all";
    public string Query(string? kind, bool all) =>
        $"/t/{Slug}/offers?{(kind is null ? "" : $"kind={kind}&")}status={(all ? "all" : "open")}";
    public Pager Pager => Offers.ToPager(Query(KindFilter, All));

    public async Task OnGetAsync(CancellationToken ct) =>
        Offers = await queries.OffersAsync(scope.TerritoryId!.Value, OfferLabels.KindOf(Kind), !All, PageNumber, null, ct);
}
