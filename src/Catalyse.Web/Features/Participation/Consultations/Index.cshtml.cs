using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Participation.Consultations;

public sealed class IndexModel(TerritoryScope scope, ConsultationQueries queries, TerritoryAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<Consultation> Consultations { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public DateTimeOffset Now { get; } = clock.GetUtcNow();
    public string Slug => scope.Slug!;
    public Pager Pager => Consultations.ToPager($"/t/{Slug}/consultations");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Consultations = await queries.ListAsync(scope.TerritoryId!.Value, PageNumber, null, ct);
        CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
    }
}
