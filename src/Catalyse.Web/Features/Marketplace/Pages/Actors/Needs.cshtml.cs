using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace.Pages.Actors;

/// <summary>"Where could we help?" for an actor or a place of the directory: the territory's open needs its offers, themes and text answer.</summary>
public sealed class NeedsModel(TerritoryScope scope, DirectoryFeed directory, Matcher matcher, CatalyseDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public EntryCard Entry { get; private set; } = null!;
    public IReadOnlyList<Match> Needs { get; private set; } = [];
    public string Slug => scope.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A published actor or place of the territory's perimeter.
        if (await directory.FindAsync(Id, ct) is not { Published: true, Kind: EntryKind.Actor or EntryKind.Place } entry
            || entry.CommuneCode is null
            || !await db.TerritoryCommunes.AnyAsync(c => c.TerritoryId == scope.TerritoryId && c.CommuneCode == entry.CommuneCode, ct))
            return NotFound();
        Entry = entry;
        Needs = await matcher.NeedsForAsync(MatchSource.Of(MatchIndexer.Of(entry), scope.TerritoryId!.Value), 20, ct);
        return Page();
    }
}
