using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>The territory's petitions, open ones first by default, with their counters and statuses.</summary>
public sealed class IndexModel(TerritoryScope scope, PetitionQueries queries, TerritoryAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<PetitionSummary> Petitions { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public DateTimeOffset Now { get; } = clock.GetUtcNow();
    public string Slug => scope.Slug!;
    public Pager Pager => Petitions.ToPager($"/t/{Slug}/petitions?status={Filter}");
    public string Filter => Status is { } s && PetitionQueries.Filters.Contains(s) ? s : "open";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Petitions = await queries.ListAsync(scope.TerritoryId!.Value, Filter, PageNumber, null, ct);
        CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
    }
}
