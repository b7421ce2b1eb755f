using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>
/// A petition: its text and public history, the live counter, signing in one step (with, when the petition asks for
/// it, the residence or census details in the same form), the review and the answer of the authority, the public log.
/// </summary>
public sealed class DetailsModel(TerritoryScope scope, PetitionQueries queries, PetitionService petitions, PetitionSigning signing,
    EligibilityService eligibility, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public PetitionView View { get; private set; } = null!;
    public Petition Petition => View.Petition;
    public PetitionPhase Phase { get; private set; }
    public PetitionSignature? MySignature { get; private set; }
    public Missing Missing { get; private set; }
    public bool CanReview { get; private set; }
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/petitions/{Id}";
    public string LogUrl => $"/api/v1/territories/{Slug}/petitions/{Id}/log";

    [BindProperty, PlainText(100, AllowMarkup = true)] public string? IdempotencyKey { get; set; }
    [BindProperty, Display(Name = "Code postal"), PlainText(5)] public string? PostalCode { get; set; }
    [BindProperty, Display(Name = "Commune"), PlainText(200)] public string? Commune { get; set; }
    [BindProperty, Display(Name = "Nom"), PlainText(200)] public string? Surname { get; set; }
    [BindProperty, Display(Name = "Prénom"), PlainText(200)] public string? GivenName { get; set; }
    [BindProperty, Display(Name = "Date de naissance"), PlainText(10)] public string? BirthDate { get; set; }
    [BindProperty] public bool Eligible { get; set; }
    [BindProperty, Display(Name = "Motif du refus"), PlainText(2000, Multiline = true)] public string? Reason { get; set; }
    [BindProperty, Display(Name = "Suite donnée au seuil")] public PetitionNextStep? NextStep { get; set; }
    [BindProperty, Display(Name = "Réponse de l'autorité"), PlainText(10000, Multiline = true)] public string? Answer { get; set; }

    private string? UserId => users.GetUserId(User);
    public EligibilityForm Eligibility => new(PostalCode, Commune, Surname, GivenName, BirthDate);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await queries.FindAsync(Id, ct) is not { } view) return false;
        View = view;
        Phase = view.Petition.PhaseAt(clock.GetUtcNow());
        if (UserId is { } me)
        {
            MySignature = await queries.SignatureOfAsync(Id, me, ct);
            if (MySignature is null && Phase is PetitionPhase.Collecting or PetitionPhase.QuorumReached)
                Missing = await eligibility.MissingAsync(me, view.Petition.TerritoryId, view.Petition.SignerLevel, ct);
            CanReview = await petitions.CanReviewAsync(view.Petition.AuthorityId, me, ct);
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        IdempotencyKey = Guid.NewGuid().ToString("N");
        return Page();
    }

    /// <summary>The counter alone, polled by htmx while signatures are open.</summary>
    public async Task<IActionResult> OnGetCounterAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        return Partial("_Counter", this);
    }

    public async Task<IActionResult> OnPostSignAsync(CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var missing = await Eligibility.CompleteAsync(eligibility, me, Petition.TerritoryId, Missing, ct);
        AddErrors(missing, f => f);
        if (missing.Count > 0) return Invalid();
        var result = await signing.SignAsync(Id, me, IdempotencyKey?.Length <= 100 ? IdempotencyKey : null, ct);
        switch (result.Outcome)
        {
            case SignOutcome.Signed or SignOutcome.Replayed:
                TempData["Flash"] = l["Merci, votre signature est enregistrée (n° {0} du journal public).", result.Signature!.Seq].Value;
                return Redirect(Self);
            case SignOutcome.AlreadySigned:
                TempData["Flash"] = l["Vous avez déjà signé cette pétition."].Value;
                return Redirect(Self);
            case SignOutcome.NotFound:
                return NotFound();
            case SignOutcome.NotOpen:
                ModelState.AddModelError("", l["Cette pétition n'est pas ouverte aux signatures."]);
                break;
            default:
                ModelState.AddModelError("", PetitionsApi.MissingMessage(result.Missing, l));
                break;
        }
        await LoadAsync(ct);
        Response.StatusCode = result.Outcome == SignOutcome.NotOpen ? StatusCodes.Status409Conflict : StatusCodes.Status403Forbidden;
        return Page();
    }

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanReview) return Refused();
        if (!ModelState.IsValid) return Invalid();
        var errors = await petitions.ReviewAsync(Id, UserId!, new ReviewInput(Eligible, Reason, NextStep), ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, f => f == "reason" ? nameof(Reason) : f == "nextStep" ? nameof(NextStep) : "");
            return Invalid();
        }
        TempData["Flash"] = (Eligible ? l["Pétition déclarée recevable : la collecte des signatures est ouverte."] : l["Pétition déclarée irrecevable."]).Value;
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanReview) return Refused();
        if (!ModelState.IsValid) return Invalid();
        var errors = await petitions.AnswerAsync(Id, Answer, ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(Answer));
            return Invalid();
        }
        TempData["Flash"] = l["Réponse publiée."].Value;
        return Redirect(Self);
    }

    /// <summary>A signed-in person without the right gets 403; a visitor is sent to sign in.</summary>
    private IActionResult Refused() => User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
}
