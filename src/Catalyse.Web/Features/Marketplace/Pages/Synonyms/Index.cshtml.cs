using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Synonyms;

/// <summary>The catalysts write the territory's synonym list (one group per line); until then, the network's list applies.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class IndexModel(TerritoryScope scope, MarketplaceQueries queries, SynonymService synonyms, IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty, Display(Name = "Synonymes"), PlainText(200_000, Multiline = true)] public string? Text { get; set; }
    public bool OwnList { get; private set; }
    public string Slug => scope.Slug!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var groups = await queries.SynonymGroupsAsync(scope.TerritoryId!.Value, ct);
        OwnList = groups.Count > 0;
        Text = string.Join('\n', OwnList ? groups.Select(g => g.Terms) : Marketplace.Synonyms.DefaultLines.Value);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var errors = await synonyms.SaveAsync(scope.TerritoryId!.Value, Text, ct);
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(Text));
            return Invalid();
        }
        TempData["Flash"] = l["Liste de synonymes enregistrée."].Value;
        return Redirect($"/t/{Slug}/marketplace/synonyms");
    }
}
