using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Contribution;

/// <summary>
/// The moderation queue of a territory's catalysts (or, at /directory/moderation, of the network's coordinators): new entries
/// (approve, reject with a reason, merge into a likely duplicate), suggested edits (apply, reject), reports, hidden entries.
/// </summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class ModerationModel(TerritoryScope scope, ModerationQueries queries, ContributionService contributions,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public static readonly string[] Tabs = ["new", "edits", "reports", "hidden"];

    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    public ModerationQueries.Counts Counts { get; private set; } = null!;
    public Page<Entry>? Pending { get; private set; }
    public Dictionary<int, List<DuplicateCandidate>> Duplicates { get; private set; } = [];
    public Page<SuggestionItem>? Suggestions { get; private set; }
    public Page<ReportItem>? Reports { get; private set; }
    public Page<Entry>? Hidden { get; private set; }
    public string BasePath => scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory";
    public string Self => $"{BasePath}/moderation";
    public string TabPath => $"{Self}?tab={Tab}";
    private int? TerritoryId => scope.TerritoryId;
    private string UserId => users.GetUserId(User)!;

    [BindProperty, Display(Name = "Motif du refus"), PlainText(1000, Multiline = true)]
    public string? Reason { get; set; }

    [BindProperty, Display(Name = "Numéro de la fiche à garder")] public int? Target { get; set; }

    private async Task LoadAsync(int? p, CancellationToken ct)
    {
        Tab = Tabs.Contains(Tab) ? Tab : "new";
        Counts = await queries.CountsAsync(TerritoryId, ct);
        switch (Tab)
        {
            case "edits": Suggestions = await queries.SuggestionsAsync(TerritoryId, p, ct); break;
            case "reports": Reports = await queries.ReportsAsync(TerritoryId, p, ct); break;
            case "hidden": Hidden = await queries.HiddenEntriesAsync(TerritoryId, p, ct); break;
            default:
                Pending = await queries.PendingEntriesAsync(TerritoryId, p, ct);
                Duplicates = await queries.LikelyDuplicatesAsync(Pending.Items, ct);
                break;
        }
    }

    public Task OnGetAsync(int? p, CancellationToken ct) => LoadAsync(p, ct);

    private IActionResult Done(string message)
    {
        TempData["Flash"] = message;
        return Redirect($"{Self}?tab={Tab}");
    }

    private async Task<IActionResult> FormError(string field, string message, CancellationToken ct)
    {
        ModelState.AddModelError(field, message);
        await LoadAsync(1, ct);
        return Invalid();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct)
    {
        Tab = "new";
        if (!await contributions.ModerateNewAsync(TerritoryId, id, approve: true, null, UserId, ct)) return NotFound();
        return Done(l["Fiche publiée."]);
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken ct)
    {
        Tab = "new";
        if (!ModelState.IsValid) { await LoadAsync(1, ct); return Invalid(); }
        if (string.IsNullOrWhiteSpace(Reason)) return await FormError(nameof(Reason), l["Indiquez le motif du refus."], ct);
        if (!await contributions.ModerateNewAsync(TerritoryId, id, approve: false, Reason.Trim(), UserId, ct)) return NotFound();
        return Done(l["Proposition refusée."]);
    }

    public async Task<IActionResult> OnPostMergeAsync(int id, CancellationToken ct)
    {
        Tab = "new";
        if (Target is not { } target) return await FormError(nameof(Target), l["Indiquez le numéro de la fiche à garder."], ct);
        try
        {
            var errors = await contributions.MergeAsync(id, target, TerritoryId, UserId, ct);
            if (errors.Count > 0) return await FormError(nameof(Target), errors.Values.First()[0], ct);
        }
        catch (KeyNotFoundException) { return NotFound(); }
        return Done(l["Fiches fusionnées."]);
    }

    public async Task<IActionResult> OnPostApplyAsync(int id, CancellationToken ct)
    {
        Tab = "edits";
        var (found, errors) = await contributions.ApplySuggestionAsync(id, TerritoryId, UserId, ct);
        if (!found) return NotFound();
        if (errors.Count > 0)
            return await FormError("", l["Cette modification ne passe plus les règles de l'annuaire : {0}", string.Join(" ", errors.Values.SelectMany(v => v))], ct);
        return Done(l["Modification publiée."]);
    }

    public async Task<IActionResult> OnPostDeclineAsync(int id, CancellationToken ct)
    {
        Tab = "edits";
        if (!ModelState.IsValid) { await LoadAsync(1, ct); return Invalid(); }
        if (string.IsNullOrWhiteSpace(Reason)) return await FormError(nameof(Reason), l["Indiquez le motif du refus."], ct);
        if (!await contributions.RejectSuggestionAsync(id, TerritoryId, Reason.Trim(), UserId, ct)) return NotFound();
        return Done(l["Modification refusée."]);
    }

    public async Task<IActionResult> OnPostDismissAsync(int id, CancellationToken ct)
    {
        Tab = "reports";
        if (!await contributions.DismissReportAsync(id, TerritoryId, UserId, ct)) return NotFound();
        return Done(l["Signalement classé."]);
    }
}
