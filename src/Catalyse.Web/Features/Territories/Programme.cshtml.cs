using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Territories;

public sealed class ProgrammeModel(TerritoryScope scope, TerritoryQueries queries, TerritoryAccess access) : PageModel
{
    public List<ProgrammeStep> Steps { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public string Slug => scope.Slug!;
    public string TerritoryName => scope.Name!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Steps = await queries.ProgrammeAsync(scope.TerritoryId!.Value, ct);
        CanEdit = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
    }
}
