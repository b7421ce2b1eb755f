using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Moderation;

/// <summary>Any signed-in person reports a proposal or a comment to the territory's catalysts.</summary>
[Authorize]
public sealed class ReportModel(TerritoryScope scope, CatalyseDb db, ModerationService moderation, UserManager<Accounts.User> users,
    IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public ReportedKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty, Display(Name = "Raison")] public ReportReasonKind? Reason { get; set; }
    [BindProperty, Display(Name = "Précisions"), PlainText(1000, Multiline = true)] public string? Details { get; set; }
    /// <summary>What is reported, as its page shows it.</summary>
    public string Excerpt { get; private set; } = "";
    public string Back { get; private set; } = "";
    public string Slug => scope.Slug!;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Kind == ReportedKind.Proposal && await db.Proposals.AsNoTracking().Where(p => p.Id == Id).Select(p => p.Title).FirstOrDefaultAsync(ct) is { } title)
            (Excerpt, Back) = (title, $"/t/{Slug}/proposals/{Id}");
        else if (Kind == ReportedKind.Comment && await db.ProposalComments.AsNoTracking().Where(c => c.Id == Id && db.Proposals.Any(p => p.Id == c.ProposalId))
                     .Select(c => new { c.Body, c.ProposalId }).FirstOrDefaultAsync(ct) is { } comment)
            (Excerpt, Back) = (comment.Body.Length > 300 ? comment.Body[..300] + "…" : comment.Body, $"/t/{Slug}/proposals/{comment.ProposalId}#comment-{Id}");
        else return false;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var (outcome, errors) = await moderation.ReportAsync(scope.TerritoryId!.Value, users.GetUserId(User)!, new ReportInput(Kind, Id, Reason, Details), ct);
        switch (outcome)
        {
            case ReportOutcome.NotFound:
                return NotFound();
            case ReportOutcome.Invalid:
                AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
                return Invalid();
            default:
                TempData["Flash"] = (outcome == ReportOutcome.Reported
                    ? l["Merci : l'équipe d'animation examinera votre signalement."] : l["Vous avez déjà signalé ce contenu."]).Value;
                return Redirect(Back);
        }
    }
}
