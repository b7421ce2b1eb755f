using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Participation.Surveys;

public sealed class IndexModel(TerritoryScope scope, SurveyQueries queries, TerritoryAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<SurveySummary> Surveys { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public DateTimeOffset Now { get; } = clock.GetUtcNow();
    public string Slug => scope.Slug!;
    public IEnumerable<string> Filters => SurveyQueries.Filters.Where(f => CanManage || f != "draft");
    public string Filter => Status is { } s && Filters.Contains(s) ? s : "all";
    public Pager Pager => Surveys.ToPager($"/t/{Slug}/surveys?status={Filter}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
        Surveys = await queries.ListAsync(scope.TerritoryId!.Value, Filter, CanManage, PageNumber, null, ct);
    }
}
