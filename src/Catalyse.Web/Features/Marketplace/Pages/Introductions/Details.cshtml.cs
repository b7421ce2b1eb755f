using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Introductions;

/// <summary>
/// One introduction, seen by its two parties, whoever proposed it and the territory's catalysts: each party accepts or
/// declines; once accepted, parties or catalysts record what came of it.
/// </summary>
[Authorize]
public sealed class DetailsModel(TerritoryScope scope, MarketplaceQueries queries, IntroductionService introductions, TerritoryAccess access,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty, Display(Name = "Ce qu'il en est advenu")] public IntroductionOutcome? Outcome { get; set; }
    [BindProperty, Display(Name = "Note"), PlainText(2000, Multiline = true)] public string? Note { get; set; }

    public IntroductionView View { get; private set; } = null!;
    public Introduction Introduction => View.Introduction;
    public bool IsCatalyst { get; private set; }
    public string? Me => users.GetUserId(User);
    public bool IsNeedParty => Me == Introduction.NeedPartyId;
    public bool IsTargetParty => Me == Introduction.TargetPartyId;
    public bool IsParty => IsNeedParty || IsTargetParty;
    public bool CanAnswer => IsParty && Introduction.Status == IntroductionStatus.Proposed;
    public bool CanRecord => (IsParty || IsCatalyst) && Introduction.Status == IntroductionStatus.Accepted;
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/introductions/{Id}";

    /// <summary>Null when missing (or of another territory), false when the person may not see it.</summary>
    private async Task<bool?> LoadAsync(CancellationToken ct)
    {
        if (await queries.IntroductionAsync(Id, ct) is not { } view || view.Introduction.TerritoryId != scope.TerritoryId) return null;
        View = view;
        IsCatalyst = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
        return IsParty || IsCatalyst || Me == Introduction.ProposedBy;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) switch
    {
        null => NotFound(),
        false => Forbid(),
        _ => Page(),
    };

    private async Task<IActionResult> AnswerAsync(bool accept, CancellationToken ct)
    {
        switch (await LoadAsync(ct))
        {
            case null: return NotFound();
            case false: return Forbid();
        }
        if (!IsParty) return Forbid();
        switch (await introductions.AnswerAsync(Id, Me!, accept, ct))
        {
            case IntroductionResult.NotFound: return NotFound();
            case IntroductionResult.Forbidden: return Forbid();
            case IntroductionResult.Conflict:
                TempData["Flash"] = l["Cette mise en relation n'attend plus de réponse."].Value;
                return Redirect(Self);
            default:
                TempData["Flash"] = (accept ? l["Vous avez accepté la mise en relation."] : l["Vous avez décliné la mise en relation."]).Value;
                return Redirect(Self);
        }
    }

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) => AnswerAsync(true, ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) => AnswerAsync(false, ct);

    public async Task<IActionResult> OnPostOutcomeAsync(CancellationToken ct)
    {
        switch (await LoadAsync(ct))
        {
            case null: return NotFound();
            case false: return Forbid();
        }
        if (!IsParty && !IsCatalyst) return Forbid();
        if (!ModelState.IsValid) return Invalid();
        var (result, errors) = await introductions.RecordOutcomeAsync(Id, Me!, IsCatalyst, Outcome, Note, ct);
        switch (result)
        {
            case IntroductionResult.NotFound: return NotFound();
            case IntroductionResult.Forbidden: return Forbid();
            case IntroductionResult.Done:
                TempData["Flash"] = l["Suite enregistrée. Merci !"].Value;
                return Redirect(Self);
            default:
                AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
                return Invalid();
        }
    }
}
