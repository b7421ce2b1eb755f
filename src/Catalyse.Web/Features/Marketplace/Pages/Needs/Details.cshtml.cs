using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Needs;

/// <summary>
/// A need: its text and status, "moi aussi", following, comments; for catalysts the status form; the matcher's leads
/// (pistes) with their reasons and, for the need's author and catalysts, a form to propose an introduction on each.
/// </summary>
public sealed class DetailsModel(TerritoryScope scope, MarketplaceQueries queries, NeedService needs, IntroductionService introductions, Matcher matcher,
    TerritoryAccess access, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "c")] public int? CommentPage { get; set; }
    [BindProperty(SupportsGet = true, Name = "ip")] public int? IntroductionPage { get; set; }

    [BindProperty, Display(Name = "Commentaire"), PlainText(5000, Multiline = true)] public string? Comment { get; set; }

    [BindProperty, Display(Name = "Statut")] public NeedStatus? Status { get; set; }
    [BindProperty, Display(Name = "Note"), PlainText(2000, Multiline = true)] public string? Note { get; set; }
    [BindProperty, Display(Name = "Projet qui s'en occupe"), PlainText(200)] public string? ProjectTitle { get; set; }
    [BindProperty, Display(Name = "Adresse du projet"), PlainText(500)] public string? ProjectUrl { get; set; }

    [BindProperty, Display(Name = "Type de piste")] public MatchKind? TargetKind { get; set; }
    [BindProperty, Display(Name = "Piste")] public int? TargetId { get; set; }
    [BindProperty, Display(Name = "Message"), PlainText(2000, Multiline = true)] public string? Message { get; set; }

    public NeedView View { get; private set; } = null!;
    public Need Need => View.Need;
    public bool Supported { get; private set; }
    public bool Following { get; private set; }
    public bool IsCatalyst { get; private set; }
    public bool CanPropose => UserId is { } me && (me == Need.AuthorId || IsCatalyst) && NeedService.IsOpen(Need.Status);
    public Page<CommentView> Comments { get; private set; } = null!;
    public Page<IntroductionView> Introductions { get; private set; } = null!;
    public MatchSet? Matches { get; private set; }
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/needs/{Id}";
    public Pager CommentPager => Comments.ToPager(Self) with { Parameter = "c" };
    public Pager IntroductionPager => Introductions.ToPager(Self) with { Parameter = "ip" };

    private string? UserId => users.GetUserId(User);

    private async Task<bool> LoadAsync(CancellationToken ct, bool full = true)
    {
        if (await queries.NeedAsync(Id, ct) is not { } view) return false;
        View = view;
        if (UserId is { } me)
        {
            IsCatalyst = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
            (Supported, Following) = await queries.NeedMembershipAsync(Id, me, ct);
        }
        if (!full) return true;
        Comments = await queries.CommentsAsync(Id, CommentPage, ct);
        Introductions = await queries.IntroductionsAsync(null, Id, null, IntroductionPage, null, ct);
        if (NeedService.IsOpen(Need.Status)) Matches = await matcher.ForNeedAsync(Need, 10, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>A signed-in person's action on the need: loaded first (404 when not of this territory), then back to the page.</summary>
    private async Task<IActionResult> ActAsync(Func<string, Task<string?>> act, CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        if (!await LoadAsync(ct, full: false)) return NotFound();
        if (await act(me) is { } flash) TempData["Flash"] = flash;
        return Redirect(Self);
    }

    public Task<IActionResult> OnPostMeTooAsync(CancellationToken ct) => ActAsync(async me => await needs.MeTooAsync(Id, me, ct) switch
    {
        MeTooOutcome.Added => l["C'est noté : vous aussi avez ce besoin. Vous suivez désormais ce besoin."].Value,
        MeTooOutcome.AlreadyAdded => l["Vous aviez déjà dit « moi aussi »."].Value,
        MeTooOutcome.Closed => l["Ce besoin est clos."].Value,
        MeTooOutcome.Refused => l["Votre compte ne peut pas participer pour le moment."].Value,
        _ => null,
    }, ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) => ActAsync(async me =>
        await needs.WithdrawMeTooAsync(Id, me, ct) ? l["Votre « moi aussi » est retiré."].Value : null, ct);

    public Task<IActionResult> OnPostFollowAsync(CancellationToken ct) => ActAsync(async me =>
    {
        await needs.FollowAsync(Id, me, ct);
        return l["Vous suivez ce besoin."].Value;
    }, ct);

    public Task<IActionResult> OnPostUnfollowAsync(CancellationToken ct) => ActAsync(async me =>
    {
        await needs.UnfollowAsync(Id, me, ct);
        return l["Vous ne suivez plus ce besoin."].Value;
    }, ct);

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        if (!await LoadAsync(ct, full: false)) return NotFound();
        if (!ModelState.IsValid) return await InvalidAsync(ct);
        var errors = await needs.CommentAsync(Id, me, Comment, ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0) return await InvalidAsync(ct, errors);
        TempData["Flash"] = l["Commentaire publié."].Value;
        return Redirect(Self + "#comments");
    }

    public async Task<IActionResult> OnPostStatusAsync(CancellationToken ct)
    {
        if (UserId is null) return Challenge();
        if (!await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct)) return Forbid();
        if (!await LoadAsync(ct, full: false)) return NotFound();
        if (!ModelState.IsValid) return await InvalidAsync(ct);
        var errors = await needs.SetStatusAsync(Id, new NeedStatusInput(Status, Note, ProjectTitle, ProjectUrl), ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0) return await InvalidAsync(ct, errors);
        TempData["Flash"] = l["Statut du besoin enregistré."].Value;
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostProposeAsync(CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        if (!await LoadAsync(ct, full: false)) return NotFound();
        if (me != Need.AuthorId && !IsCatalyst) return Forbid();
        if (!ModelState.IsValid) return await InvalidAsync(ct);
        var (result, introduction, errors) = await introductions.ProposeAsync(Id, me, IsCatalyst, new IntroductionInput(TargetKind, TargetId, Message), ct);
        switch (result)
        {
            case IntroductionResult.Done:
                TempData["Flash"] = l["Mise en relation proposée : les deux parties sont prévenues."].Value;
                return Redirect($"/t/{Slug}/introductions/{introduction!.Id}");
            case IntroductionResult.NotFound:
                return NotFound();
            case IntroductionResult.Forbidden:
                return Forbid();
            case IntroductionResult.Conflict:
                ModelState.AddModelError(nameof(TargetId), l["Cette mise en relation a déjà été proposée."]);
                await LoadAsync(ct);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return await InvalidAsync(ct, errors);
        }
    }

    private async Task<IActionResult> InvalidAsync(CancellationToken ct, FieldErrors? errors = null)
    {
        if (errors is not null) AddErrors(errors, f => f.Length == 0 ? "" : char.ToUpperInvariant(f[0]) + f[1..]);
        await LoadAsync(ct);
        return Invalid();
    }
}
