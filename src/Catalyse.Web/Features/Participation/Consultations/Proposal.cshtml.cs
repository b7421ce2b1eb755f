using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Consultations;

/// <summary>
/// A proposal: support it, follow it, discuss it in threads; the catalyst answers for the authority (status, cost,
/// progress), merges a duplicate, hides a comment with a reason.
/// </summary>
public sealed class ProposalModel(TerritoryScope scope, ConsultationQueries queries, ConsultationService consultations, TerritoryAccess access,
    CatalyseDb db, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Proposal Proposal { get; private set; } = null!;
    public Consultation Consultation { get; private set; } = null!;
    public string Author { get; private set; } = "";
    public Page<CommentView> Threads { get; private set; } = null!;
    public List<CommentView> Replies { get; private set; } = [];
    public bool Supported { get; private set; }
    public bool Following { get; private set; }
    public bool CanManage { get; private set; }
    public Proposal? MergedInto { get; private set; }
    public bool Open => Consultation.Allows(PhaseKind.Deliberation, clock.GetUtcNow());
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/proposals/{Id}";
    public Pager Pager => Threads.ToPager(Self);

    [BindProperty, Display(Name = "Commentaire"), PlainText(5000, Multiline = true)] public string? Comment { get; set; }
    [BindProperty] public long? ParentId { get; set; }
    [BindProperty] public long? CommentId { get; set; }
    [BindProperty, Display(Name = "Raison"), PlainText(1000, Multiline = true)] public string? Reason { get; set; }
    [BindProperty, Display(Name = "Statut")] public ProposalStatus? Status { get; set; }
    [BindProperty, Display(Name = "Réponse officielle"), PlainText(10000, Multiline = true)] public string? Answer { get; set; }
    [BindProperty, Display(Name = "Coût estimé (€)")] public long? EstimatedCost { get; set; }
    [BindProperty, Display(Name = "Avancement (%)")] public int? Progress { get; set; }
    [BindProperty, Display(Name = "Numéro de la proposition à garder")] public int? Target { get; set; }
    [BindProperty] public bool Follow { get; set; }

    private string? UserId => users.GetUserId(User);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await queries.ProposalAsync(Id, ct) is not { } p) return false;
        Proposal = p;
        Consultation = (await queries.FindAsync(p.ConsultationId, ct))!;
        Author = await queries.DisplayNameAsync(p.AuthorId, ct) ?? "";
        (Threads, Replies) = await queries.CommentsAsync(Id, PageNumber, ct);
        if (p.MergedIntoId is { } m) MergedInto = await queries.ProposalAsync(m, ct);
        if (UserId is { } me)
        {
            Supported = await db.ProposalSupports.AnyAsync(s => s.ProposalId == Id && s.UserId == me, ct);
            Following = await db.ProposalFollowers.AnyAsync(f => f.ProposalId == Id && f.UserId == me, ct);
            CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    private async Task<IActionResult?> GuardAsync(bool manage, CancellationToken ct)
    {
        if (UserId is null) return Challenge();
        if (manage && !await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        return ModelState.IsValid ? null : Invalid();
    }

    public async Task<IActionResult> OnPostSupportAsync(CancellationToken ct)
    {
        if (await GuardAsync(false, ct) is { } refused) return refused;
        var outcome = await consultations.SupportAsync(Id, UserId!, ct);
        if (outcome is SupportOutcome.Supported or SupportOutcome.AlreadySupported)
        {
            TempData["Flash"] = (outcome == SupportOutcome.Supported ? l["Merci pour votre soutien."] : l["Vous soutenez déjà cette proposition."]).Value;
            return Redirect(Self);
        }
        ModelState.AddModelError("", outcome switch
        {
            SupportOutcome.LimitReached => l["Vous avez donné tous vos soutiens dans cette consultation ({0}).", Consultation.SupportsPerPerson],
            SupportOutcome.Ineligible => l["Confirmez d'abord votre adresse email (lien reçu à l'inscription)."],
            SupportOutcome.Suspended => l["Votre participation dans ce territoire est suspendue par son équipe d'animation."],
            _ => l["Les soutiens sont fermés pour cette proposition."],
        });
        Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        if (await GuardAsync(false, ct) is { } refused) return refused;
        var outcome = await consultations.WithdrawSupportAsync(Id, UserId!, ct);
        if (outcome is SupportOutcome.Withdrawn or SupportOutcome.NotSupported)
        {
            TempData["Flash"] = l["Soutien retiré."].Value;
            return Redirect(Self);
        }
        ModelState.AddModelError("", l["Les soutiens sont fermés pour cette proposition."]);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public async Task<IActionResult> OnPostFollowAsync(CancellationToken ct)
    {
        if (await GuardAsync(false, ct) is { } refused) return refused;
        await consultations.FollowAsync(Id, UserId!, Follow, ct);
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken ct)
    {
        if (await GuardAsync(false, ct) is { } refused) return refused;
        return Done(await consultations.CommentAsync(Id, UserId!, Comment, ParentId, ct), _ => nameof(Comment), l["Commentaire publié."], "#comments");
    }

    public async Task<IActionResult> OnPostHideAsync(CancellationToken ct)
    {
        if (await GuardAsync(true, ct) is { } refused) return refused;
        if (CommentId is not { } commentId)
        {
            // The form always sends the comment's id: without it, say so rather than "not found".
            ModelState.AddModelError(nameof(CommentId), l["Choisissez le commentaire à masquer."]);
            return Invalid();
        }
        return Done(await consultations.HideCommentAsync(Id, commentId, Reason, ct), _ => nameof(Reason), l["Commentaire masqué."], "#comments");
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        if (await GuardAsync(true, ct) is { } refused) return refused;
        return Done(await consultations.AnswerAsync(Id, new AnswerInput(Status, Answer, EstimatedCost, Progress), ct),
            f => char.ToUpperInvariant(f[0]) + f[1..], l["Réponse publiée."], "");
    }

    public async Task<IActionResult> OnPostMergeAsync(CancellationToken ct)
    {
        if (await GuardAsync(true, ct) is { } refused) return refused;
        return Done(await consultations.MergeAsync(Id, Target, ct), _ => nameof(Target), l["Propositions fusionnées : les soutiens ont rejoint la proposition gardée."], "");
    }

    private IActionResult Done(FieldErrors? errors, Func<string, string> field, string flash, string anchor)
    {
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, field);
            return Invalid();
        }
        TempData["Flash"] = flash;
        return Redirect(Self + anchor);
    }
}
