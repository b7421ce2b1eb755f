using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Marketplace.Pages.Needs;

/// <summary>The territory's unmet needs: by status (open by default) and theme, newest first.</summary>
public sealed class IndexModel(TerritoryScope scope, MarketplaceQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<NeedSummary> Needs { get; private set; } = null!;
    public string Slug => scope.Slug!;
    public string Filter => Status is { } s && MarketplaceQueries.NeedFilters.Contains(s) ? s : "open";
    public string? ThemeFilter => string.IsNullOrWhiteSpace(Theme) || Theme.Length > 60 ? null : Theme.Trim();
    public string Query(string filter, string? theme) => $"/t/{Slug}/needs?status={filter}" + (theme is null ? "" : $"&theme={Uri.EscapeDataString(theme)}");
    public Pager Pager => Needs.ToPager(Query(Filter, ThemeFilter));

    public async Task OnGetAsync(CancellationToken ct) =>
        Needs = await queries.NeedsAsync(scope.TerritoryId!.Value, Filter, ThemeFilter, PageNumber, null, ct);
}
