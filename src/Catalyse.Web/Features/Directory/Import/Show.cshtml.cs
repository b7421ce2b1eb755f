using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>One import: preview and column mapping, "Vérifier" (every row, nothing written), confirmation, then progress.</summary>
[Authorize(Policy = Policies.TerritoryOrNetworkCatalyst)]
public sealed class ImportShowModel(TerritoryScope scope, ImportService imports, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public const int ErrorsPerPage = 50;
    public ImportView Import { get; private set; } = null!;
    public ImportMapping Mapping { get; private set; } = new();
    public Page<ImportRowError> Errors { get; private set; } = new([], 1, ErrorsPerPage, 0);
    public List<ImportRowError> Warnings { get; private set; } = [];
    public string? Slug => scope.Slug;
    /// <summary>"/t/{slug}/directory/import", or "/directory/imports" for the network's imports (coordinators).</summary>
    public string BaseUrl => ImportService.BaseUrl(scope.Slug);
    public string DirectoryUrl => scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory";
    public string ImportUrl => $"{BaseUrl}/{Import.Id}";

    [BindProperty] public EntryKind? Kind { get; set; }
    [BindProperty] public string? KindColumn { get; set; }
    [BindProperty] public Dictionary<string, string?> Map { get; set; } = [];

    private async Task<bool> LoadAsync(int id, int? p, CancellationToken ct)
    {
        if (await imports.FindAsync(scope.TerritoryId, id, ct) is not { } import) return false;
        Import = import;
        Mapping = import.Mapping;
        var all = import.Errors;
        var (page, size) = Page<ImportRowError>.Clamp(p, ErrorsPerPage, ErrorsPerPage, ErrorsPerPage);
        Errors = new(all.Skip((page - 1) * size).Take(size).ToList(), page, size, all.Count);
        Warnings = import.Warnings;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id, int? p, CancellationToken ct) =>
        await LoadAsync(id, p, ct) ? Page() : NotFound();

    /// <summary>The progress fragment, polled by htmx every second while the import runs.</summary>
    public async Task<IActionResult> OnGetProgressAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, null, ct) ? Partial("_ImportProgress", this) : NotFound();

    public async Task<IActionResult> OnPostVerifyAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, null, ct)) return NotFound();
        var mapping = new ImportMapping
        {
            Kind = Kind ?? EntryKind.Actor,
            KindColumn = string.IsNullOrEmpty(KindColumn) ? null : KindColumn,
            Columns = ImportMapping.Fields.Where(f => !string.IsNullOrEmpty(Map.GetValueOrDefault(f))).ToDictionary(f => f, f => Map[f]!),
        };
        if (Kind is null) ModelState.AddModelError(nameof(Kind), l["Choisissez le type de fiche."]);
        var errors = ModelState.IsValid ? await imports.VerifyAsync(scope.TerritoryId, id, mapping, ct) : new FieldErrors();
        if (!ModelState.IsValid || errors.Count > 0)
        {
            AddErrors(errors, field => field switch { "kind" => nameof(Kind), "kindColumn" => nameof(KindColumn), "status" => "", _ => $"Map[{field}]" });
            Mapping = mapping;
            return Invalid();
        }
        TempData["Flash"] = l["Vérification terminée : aucune fiche n'est encore enregistrée."].Value;
        return Redirect($"{BaseUrl}/{id}#verification");
    }

    public async Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, null, ct)) return NotFound();
        if (!await imports.ConfirmAsync(scope.TerritoryId, id, ct))
        {
            ModelState.AddModelError("", l["Vérifiez d'abord le fichier ; un import lancé ne peut pas l'être deux fois."]);
            return Invalid();
        }
        return Redirect($"{BaseUrl}/{id}");
    }
}
