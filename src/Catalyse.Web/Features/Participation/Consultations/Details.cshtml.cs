using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Consultations;

/// <summary>A consultation: its question and calendar, its proposals (by supports or most recent, by status), and proposing.</summary>
public sealed class DetailsModel(TerritoryScope scope, ConsultationQueries queries, ConsultationService consultations,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public ProposalStatus? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Consultation Consultation { get; private set; } = null!;
    public Page<ProposalSummary> Proposals { get; private set; } = null!;
    public DateTimeOffset Now { get; } = clock.GetUtcNow();
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/consultations/{Id}";
    public string Order => Sort is "recent" ? "recent" : "supports";
    public Pager Pager => Proposals.ToPager($"{Self}?sort={Order}{(Status is { } s ? $"&status={s}" : "")}");
    public bool CanPropose => Consultation.Allows(PhaseKind.Proposals, Now);

    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Votre proposition"), PlainText(10000, Multiline = true)] public string? Body { get; set; }
    [BindProperty, Display(Name = "Commune (code INSEE)"), PlainText(5)] public string? CommuneCode { get; set; }
    [BindProperty, Display(Name = "Lieu"), PlainText(300)] public string? Place { get; set; }
    [BindProperty, Display(Name = "Liens (documents, photos)"), PlainText(6000, Multiline = true)] public string? Links { get; set; }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await queries.FindAsync(Id, ct) is not { } c) return false;
        Consultation = c;
        Proposals = await queries.ProposalsAsync(Id, Order, Status, PageNumber, null, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } me) return Challenge();
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var (proposal, errors) = await consultations.ProposeAsync(Id, me, new ProposalInput(Title, Body, CommuneCode, Place, Links), ct);
        if (proposal is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["Proposition publiée. Vous suivez ses nouvelles."].Value;
        return Redirect($"/t/{Slug}/proposals/{proposal.Id}");
    }
}
