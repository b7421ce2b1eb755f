using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Directory;

/// <summary>The directory of a territory (/t/{slug}/directory) or of the whole network (/directory): search, facets, map.</summary>
public sealed class IndexModel(TerritoryScope scope, DirectoryQueries queries, IConfiguration config, Infrastructure.Identity.TerritoryAccess access) : PageModel
{
    /// <summary>A catalyst of the territory (network staff on /directory): sees the moderation and import links.</summary>
    public bool Moderator { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public EntryKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true)] public int? Sdg { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>"west,south,east,north": the list follows the map's visible box (ignored when malformed).</summary>
    [BindProperty(SupportsGet = true)] public string? Bbox { get; set; }
    public BoundingBox? Box { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public DirectoryPage Result { get; private set; } = null!;
    public string? Slug => scope.Slug;
    public string BasePath => Slug is null ? "/directory" : $"/t/{Slug}/directory";
    public string TileUrl => config["Catalyse:Map:TileUrl"] ?? "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q is { Length: > 200 }) Q = Q[..200];
        if (Theme is { Length: > 100 }) Theme = Theme[..100];
        if (Kind is { } k && !Enum.IsDefined(k)) Kind = null;
        if (Sdg is < 1 or > 17) Sdg = null;
        if (Sort is not ("recent" or "name")) Sort = null;
        if (BoundingBox.TryParse(Bbox, out var box)) Box = box; else Bbox = null;
        Result = await queries.SearchAsync(scope.TerritoryId, Filter, PageNumber, 20, ct);
        Moderator = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
    }

    public EntryFilter Filter => new(Q, Kind, Theme, Sdg, Box, Sort);

    /// <summary>The current query string with one parameter changed (page reset).</summary>
    public string With(string key, string? value) => With([(key, value)]);

    public string With(params (string Key, string? Value)[] changes)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["q"] = Q, ["kind"] = Kind?.ToString(), ["theme"] = Theme, ["sdg"] = Sdg?.ToString(), ["sort"] = Sort, ["bbox"] = Bbox,
        };
        foreach (var (key, value) in changes) parameters[key] = value;
        var query = string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? BasePath : $"{BasePath}?{query}";
    }

    /// <summary>Where the exports of this view live (API), and the view's filters as their query string.</summary>
    public string ExportBase => Slug is null ? "/api/v1/directory" : $"/api/v1/territories/{Slug}";
    public string ExportQuery => With(("p", null), ("sort", null)) is var url && url.Contains('?') ? url[url.IndexOf('?')..] : "";

    public Pager Pager => new(Result.Entries.PageNumber, Result.Entries.PageCount, With("p", null));
}
