using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Territories;

/// <summary>A network coordinator creates a territory and picks its perimeter (works with and without JavaScript).</summary>
[Authorize(Policy = Policies.Coordinator)]
public sealed class CreateModel(TerritoryService territories, GeoService geo, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public sealed class TerritoryInput : TerritoryDetailsInput
    {
        [Display(Name = "Identifiant dans l'adresse"), PlainText(60, Required = true)]
        public string? Slug { get; set; }
        [Display(Name = "Périmètre")]
        public List<string> Perimeter { get; set; } = [];
    }

    [BindProperty] public TerritoryInput Input { get; set; } = new();
    [BindProperty(Name = "q")] public string? Query { get; set; }
    public List<GeoPlace> Picked { get; private set; } = [];
    public List<GeoPlace> Results { get; private set; } = [];

    public void OnGet() { }

    /// <summary>htmx: the search results as a fragment of checkboxes.</summary>
    public async Task<IActionResult> OnGetSearchAsync(string? q, CancellationToken ct)
    {
        Results = await geo.SearchAsync(q, 20, ct);
        return Partial("_GeoResults", this);
    }

    /// <summary>Without JavaScript: the "Rechercher" button posts the form and gets it back with results.</summary>
    public async Task<IActionResult> OnPostSearchAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await LoadPickedAsync(ct);
        var picked = Picked.Select(p => p.Key).ToHashSet();
        Results = (await geo.SearchAsync(Query, 20, ct)).Where(r => !picked.Contains(r.Key)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Input.Perimeter.Count > TerritoryService.MaxPerimeterItems)
            ModelState.AddModelError("Input.Perimeter", l["Le périmètre compte trop d'éléments."]);
        foreach (var key in Input.Perimeter)
            if (!GeoPlace.TryParseKey(key, out _, out _))
            {
                ModelState.AddModelError("Input.Perimeter", l["La valeur saisie n'est pas valide."]);
                break;
            }
        await LoadPickedAsync(ct);
        if (!ModelState.IsValid) return Invalid();

        var (territory, errors) = await territories.CreateAsync(new NewTerritory(
            Input.Name, Input.Slug, Input.Description, Input.ThemeList(), Input.Type, Input.Model, PerimeterInput.FromKeys(Input.Perimeter)), ct);
        if (territory is null)
        {
            AddErrors(errors, TerritoryDetailsInput.FormField);
            return Invalid();
        }
        TempData["Flash"] = l["Le territoire « {0} » a été créé.", territory.Name].Value;
        return Redirect($"/t/{territory.Slug}");
    }

    private async Task LoadPickedAsync(CancellationToken ct)
    {
        var items = Input.Perimeter.Take(TerritoryService.MaxPerimeterItems)
            .Select(k => GeoPlace.TryParseKey(k, out var kind, out var code) ? (kind, code) : default)
            .Where(x => x.code is { Length: > 0 }).ToList();
        Picked = await geo.DescribeAsync(items, ct);
    }
}
