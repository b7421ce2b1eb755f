using System.Security.Claims;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace.Pages.Solutions;

/// <summary>Who writes in the network's solutions library: network staff, and the catalysts of any territory.</summary>
public static class SolutionAccess
{
    public static async Task<bool> CanWriteAsync(CatalyseDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        if (TerritoryAccess.IsNetworkStaff(user)) return true;
        var me = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return await db.Memberships.AnyAsync(m => m.UserId == me && m.Role == TerritoryRole.Catalyst, ct);
    }

    /// <summary>The territories for which the person records an adaptation: where they are catalyst (network staff: all).</summary>
    public static async Task<List<(int Id, string Slug, string Name)>> AdoptingTerritoriesAsync(CatalyseDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true) return [];
        var territories = db.Territories.AsNoTracking();
        if (!TerritoryAccess.IsNetworkStaff(user))
        {
            var me = user.FindFirstValue(ClaimTypes.NameIdentifier);
            territories = territories.Where(t => db.Memberships.Any(m => m.TerritoryId == t.Id && m.UserId == me && m.Role == TerritoryRole.Catalyst));
        }
        return (await territories.OrderBy(t => t.Name).ThenBy(t => t.Id).Take(2000).Select(t => new { t.Id, t.Slug, t.Name }).ToListAsync(ct))
            .Select(t => (t.Id, t.Slug, t.Name)).ToList();
    }
}
