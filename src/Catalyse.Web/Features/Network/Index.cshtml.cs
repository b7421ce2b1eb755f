using System.Text.Json;
using Catalyse.Web.Features.Territories;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Network;

public sealed class IndexModel(TerritoryQueries queries, IConfiguration config) : PageModel
{
    public Page<TerritorySummary> Territories { get; private set; } = null!;
    public string PointsJson { get; private set; } = "[]";
    public string TileUrl => config["Catalyse:Map:TileUrl"] ?? "";

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        Territories = await queries.ListAsync(p, 24, ct);
        // Encoded for a <script type="application/json"> block: no "<" can close it.
        PointsJson = JsonSerializer.Serialize(
            (await queries.MapAsync(ct: ct)).Where(t => t.Latitude is not null).Select(t => new
                { name = t.Name, url = $"/t/{t.Slug}", lat = t.Latitude, lon = t.Longitude, population = t.Population }),
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
    }
}
