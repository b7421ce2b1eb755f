using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>The catalyst uploads a CSV file into the directory; it is previewed and verified before anything is written.</summary>
[Authorize(Policy = Policies.TerritoryOrNetworkCatalyst)]
public sealed class ImportIndexModel(TerritoryScope scope, ImportService imports, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty, Display(Name = "Fichier CSV ou GeoJSON")] public IFormFile? Upload { get; set; }
    [BindProperty, Display(Name = "Nom de la source"), PlainText(50)] public string? Source { get; set; }
    public List<ImportView> Recent { get; private set; } = [];
    public string? Slug => scope.Slug;
    /// <summary>"/t/{slug}/directory/import", or "/directory/imports" for the network's imports (coordinators).</summary>
    public string BaseUrl => ImportService.BaseUrl(scope.Slug);
    public string DirectoryUrl => scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory";

    private async Task LoadAsync(CancellationToken ct) =>
        Recent = await imports.RecentAsync(scope.TerritoryId, 20, ct);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null) ModelState.AddModelError(nameof(Upload), l["Choisissez un fichier CSV ou GeoJSON."]);
        if (!ModelState.IsValid) { await LoadAsync(ct); return Invalid(); }
        await using var stream = Upload!.OpenReadStream();
        var (import, errors) = await imports.UploadAsync(stream, Upload.Length, Upload.FileName, Source, scope.TerritoryId, users.GetUserId(User), ct);
        if (import is null)
        {
            AddErrors(errors, field => field == "source" ? nameof(Source) : nameof(Upload));
            await LoadAsync(ct);
            return Invalid();
        }
        return Redirect($"{BaseUrl}/{import.Id}");
    }
}
