using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Contribution;

/// <summary>A moderator's page for one entry: merge it into a duplicate, hide it with a reason, publish it again.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class ManageModel(TerritoryScope scope, DirectoryQueries queries, ContributionService contributions, TerritoryAccess access,
    UserManager<Accounts.User> users, ModerationQueries moderation, IStringLocalizer<SharedResource> l) : EntryPageModel(scope, queries, contributions, access, users)
{
    public List<DuplicateCandidate> Duplicates { get; private set; } = [];

    [BindProperty, Display(Name = "Numéro de la fiche à garder")] public int? Target { get; set; }
    [BindProperty, Display(Name = "Motif"), PlainText(1000, Multiline = true)] public string? Reason { get; set; }

    private async Task<bool> LoadAllAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct, EntryStatus.Published, EntryStatus.Hidden) || !await IsModeratorAsync(ct)) return false;
        if (Entry.Status == EntryStatus.Published) Duplicates = (await moderation.LikelyDuplicatesAsync([Entry], ct))[Entry.Id];
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAllAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostMergeAsync(int id, CancellationToken ct)
    {
        if (!await LoadAllAsync(id, ct) || Entry.Status != EntryStatus.Published) return NotFound();
        if (Target is null) ModelState.AddModelError(nameof(Target), l["Indiquez le numéro de la fiche à garder."]);
        if (!ModelState.IsValid) return Invalid();
        var errors = await Contributions.MergeAsync(id, Target!.Value, TerritoryId, UserId!, ct);
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(Target));
            return Invalid();
        }
        TempData["Flash"] = l["Fiches fusionnées."].Value;
        return Redirect($"{BasePath}/{Target}");
    }

    public async Task<IActionResult> OnPostHideAsync(int id, CancellationToken ct)
    {
        if (!await LoadAllAsync(id, ct) || Entry.Status != EntryStatus.Published) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var errors = await Contributions.SetHiddenAsync(id, hide: true, Reason, TerritoryId, UserId!, ct);
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(Reason));
            return Invalid();
        }
        TempData["Flash"] = l["Fiche masquée."].Value;
        return Redirect($"{BasePath}/{id}/manage");
    }

    public async Task<IActionResult> OnPostRestoreAsync(int id, CancellationToken ct)
    {
        if (!await LoadAllAsync(id, ct) || Entry.Status != EntryStatus.Hidden) return NotFound();
        await Contributions.SetHiddenAsync(id, hide: false, null, TerritoryId, UserId!, ct);
        TempData["Flash"] = l["Fiche republiée."].Value;
        return Redirect(EntryPath);
    }
}
