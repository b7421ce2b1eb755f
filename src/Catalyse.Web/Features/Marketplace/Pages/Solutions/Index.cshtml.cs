using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Marketplace.Pages.Solutions;

/// <summary>The network's solutions library: search, theme, the most adapted first.</summary>
public sealed class IndexModel(MarketplaceQueries queries, CatalyseDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<SolutionSummary> Solutions { get; private set; } = null!;
    public bool CanWrite { get; private set; }
    public Pager Pager => Solutions.ToPager(Url("/solutions"));

    private string Url(string path)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q)) parts.Add("q=" + Uri.EscapeDataString(Q.Trim()));
        if (!string.IsNullOrWhiteSpace(Theme)) parts.Add("theme=" + Uri.EscapeDataString(Theme.Trim()));
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q is { Length: > 200 }) Q = Q[..200];
        if (Theme is { Length: > 60 }) Theme = Theme[..60];
        Solutions = await queries.SolutionsAsync(Q, Theme, PageNumber, null, ct);
        CanWrite = await SolutionAccess.CanWriteAsync(db, User, ct);
    }
}
