using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Marketplace.Pages.Introductions;

/// <summary>My introductions in the territory (as a party); for catalysts, all of the territory's.</summary>
[Authorize]
public sealed class IndexModel(TerritoryScope scope, MarketplaceQueries queries, TerritoryAccess access, UserManager<Accounts.User> users) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public bool IsCatalyst { get; private set; }
    public bool All => IsCatalyst && Tab == "all";
    public Page<IntroductionView> Introductions { get; private set; } = null!;
    public string Slug => scope.Slug!;
    public Pager Pager => Introductions.ToPager($"/t/{Slug}/introductions" + (All ? "?tab=all" : ""));

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsCatalyst = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
        Introductions = await queries.IntroductionsAsync(scope.TerritoryId!.Value, null, All ? null : users.GetUserId(User), PageNumber, null, ct);
    }
}
