using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Meetings;

public sealed class IndexModel(TerritoryScope scope, CatalyseDb db, TerritoryAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool Past { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<Meeting> Meetings { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string Slug => scope.Slug!;
    public Pager Pager => Meetings.ToPager($"/t/{Slug}/meetings?past={Past}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (p, size) = Page<Meeting>.Clamp(PageNumber, null);
        var now = clock.GetUtcNow();
        var query = db.Meetings.AsNoTracking().Where(m => m.TerritoryId == scope.TerritoryId && (Past ? m.EndsAt <= now : m.EndsAt > now));
        var total = await query.CountAsync(ct);
        var items = await (Past ? query.OrderByDescending(m => m.StartsAt) : query.OrderBy(m => m.StartsAt)).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        Meetings = new Page<Meeting>(items, p, size, total);
        CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
    }
}
