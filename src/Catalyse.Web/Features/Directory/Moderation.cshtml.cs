using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory;

/// <summary>The catalyst's moderation queue: approve, or reject with a reason; likely duplicates are flagged.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class ModerationModel(TerritoryScope scope, DirectoryQueries queries, DirectoryService directory, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public Page<Entry> Pending { get; private set; } = null!;
    public Dictionary<int, List<EntrySummary>> Duplicates { get; } = [];
    public string Slug => scope.Slug!;

    [BindProperty, Display(Name = "Motif du refus"), PlainText(1000, Multiline = true)]
    public string? Reason { get; set; }

    private async Task LoadAsync(int? p, CancellationToken ct)
    {
        Pending = await queries.PendingAsync(scope.TerritoryId!.Value, p, ct);
        foreach (var e in Pending.Items) Duplicates[e.Id] = await queries.LikelyDuplicatesAsync(e, ct);
    }

    public Task OnGetAsync(int? p, CancellationToken ct) => LoadAsync(p, ct);

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct)
    {
        if (!await directory.ModerateAsync(scope.TerritoryId!.Value, id, approve: true, null, ct)) return NotFound();
        TempData["Flash"] = l["Fiche publiée."].Value;
        return Redirect($"/t/{Slug}/directory/moderation");
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), l["Indiquez le motif du refus."]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(1, ct);
            return Invalid();
        }
        if (!await directory.ModerateAsync(scope.TerritoryId!.Value, id, approve: false, Reason!.Trim(), ct)) return NotFound();
        TempData["Flash"] = l["Proposition refusée."].Value;
        return Redirect($"/t/{Slug}/directory/moderation");
    }
}
