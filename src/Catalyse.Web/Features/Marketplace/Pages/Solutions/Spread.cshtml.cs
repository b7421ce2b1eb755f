using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace.Pages.Solutions;

public sealed record SpreadCount(int Id, string Title, int AdoptionCount);

/// <summary>"How solutions spread": every adaptation of the network (from → to), and the most adapted solutions.</summary>
public sealed class SpreadModel(MarketplaceQueries queries, CatalyseDb db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true, Name = "s")] public int? CountPage { get; set; }
    public Page<AdoptionView> Adoptions { get; private set; } = null!;
    public Page<SpreadCount> Counts { get; private set; } = null!;
    public Pager Pager => Adoptions.ToPager(CountPage is > 1 ? $"/solutions/spread?s={CountPage}" : "/solutions/spread");
    public Pager CountPager => new(Counts.PageNumber, Counts.PageCount, PageNumber is > 1 ? $"/solutions/spread?p={PageNumber}" : "/solutions/spread", "s");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Adoptions = await queries.AdoptionsAsync(null, PageNumber, null, ct);
        var (p, size) = Page<SpreadCount>.Clamp(CountPage, null);
        var adopted = db.Set<Solution>().AsNoTracking().Where(s => s.AdoptionCount > 0);
        var total = await adopted.CountAsync(ct);
        var items = await adopted.OrderByDescending(s => s.AdoptionCount).ThenBy(s => s.Id).Skip((p - 1) * size).Take(size)
            .Select(s => new SpreadCount(s.Id, s.Title, s.AdoptionCount)).ToListAsync(ct);
        Counts = new Page<SpreadCount>(items, p, size, total);
    }
}
