using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Participation.Votes;

public sealed class IndexModel(TerritoryScope scope, VoteQueries queries, TerritoryAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<VoteSummary> Votes { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public DateTimeOffset Now { get; } = clock.GetUtcNow();
    public string Slug => scope.Slug!;
    public string Filter => Status is { } s && VoteQueries.Filters.Contains(s) ? s : "all";
    public Pager Pager => Votes.ToPager($"/t/{Slug}/votes?status={Filter}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Votes = await queries.ListAsync(scope.TerritoryId!.Value, Filter, PageNumber, null, ct);
        CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
    }
}
