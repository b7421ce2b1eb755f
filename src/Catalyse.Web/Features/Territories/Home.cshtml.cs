using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Territories;

public sealed class HomeModel(TerritoryScope scope, TerritoryQueries queries, GeoService geo, MembershipService memberships,
    TerritoryAccess access, IConfiguration config) : PageModel
{
    public TerritorySummary Territory { get; private set; } = null!;
    public List<ProgrammeStep> Steps { get; private set; } = [];
    public const int PerimeterShown = 30;
    public List<GeoPlace> Perimeter { get; private set; } = [];
    /// <summary>Picked items beyond the first <see cref="PerimeterShown"/> (all are in the API and on the map).</summary>
    public int PerimeterMore { get; private set; }
    public List<TeamMember> Catalysts { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string TileUrl => config["Catalyse:Map:TileUrl"] ?? "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Territory = (await queries.SummaryAsync(scope.Slug!, ct))!;
        Steps = await queries.ProgrammeAsync(Territory.Id, ct);
        var selection = await queries.PerimeterSelectionAsync(Territory.Id, ct);
        PerimeterMore = Math.Max(0, selection.Count - PerimeterShown);
        Perimeter = await geo.DescribeAsync(selection.Take(PerimeterShown), ct);
        Catalysts = await memberships.CatalystsAsync(Territory.Id, ct);
        CanManage = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
    }
}
