using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Territories;

/// <summary>The catalyst edits the territory's name, description, themes, type and model.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class EditModel(TerritoryScope scope, TerritoryQueries queries, TerritoryService territories, IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty] public TerritoryDetailsInput Input { get; set; } = new();
    public string Slug => scope.Slug!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var t = (await queries.SummaryAsync(scope.Slug!, ct))!;
        Input = new TerritoryDetailsInput
            { Name = t.Name, Description = t.Description, Themes = string.Join(", ", t.Themes), Type = t.Type, Model = t.Model };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var errors = await territories.UpdateDetailsAsync(scope.TerritoryId!.Value, Input.Name, Input.Description, Input.ThemeList(), Input.Type, Input.Model, ct);
        if (errors.Count > 0)
        {
            AddErrors(errors, TerritoryDetailsInput.FormField);
            return Invalid();
        }
        TempData["Flash"] = l["Territoire enregistré."].Value;
        return Redirect($"/t/{Slug}");
    }
}
