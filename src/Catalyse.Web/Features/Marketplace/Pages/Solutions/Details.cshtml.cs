using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Solutions;

/// <summary>A solution: where it worked, its origin, whom to contact, the territories that adapted it; a catalyst records "we adapted it".</summary>
public sealed class DetailsModel(MarketplaceQueries queries, SolutionService solutions, CatalyseDb db, UserManager<Accounts.User> users,
    IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public SolutionView View { get; private set; } = null!;
    public Page<AdoptionView> Adoptions { get; private set; } = null!;
    public List<(int Id, string Slug, string Name)> Territories { get; private set; } = [];
    public string Self => $"/solutions/{Id}";
    public Pager Pager => Adoptions.ToPager(Self);

    [BindProperty, Display(Name = "Territoire"), PlainText(100)] public string? Territory { get; set; }
    [BindProperty, Display(Name = "Ce qui a changé"), PlainText(5000, Multiline = true)] public string? Changes { get; set; }
    [BindProperty, Display(Name = "Début")] public DateOnly? StartedOn { get; set; }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await queries.SolutionAsync(Id, ct) is not { } view) return false;
        View = view;
        Adoptions = await queries.AdoptionsAsync(Id, PageNumber, null, ct);
        Territories = await SolutionAccess.AdoptingTerritoriesAsync(db, User, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is not { } me) return Challenge();
        if (!await SolutionAccess.CanWriteAsync(db, User, ct)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        if (Territories.FirstOrDefault(t => t.Slug == Territory?.Trim()) is not { Slug: not null } territory)
        {
            ModelState.AddModelError(nameof(Territory), l["Choisissez un territoire dont vous êtes catalyseur."]);
            return Invalid();
        }
        var (outcome, errors) = await solutions.RecordAdoptionAsync(Id, territory.Id, me, new AdoptionInput(Changes, StartedOn), ct);
        switch (outcome)
        {
            case AdoptionOutcome.NotFound: return NotFound();
            case AdoptionOutcome.Invalid:
                AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
                return Invalid();
            case AdoptionOutcome.AlreadyRecorded:
                TempData["Flash"] = l["{0} a déjà enregistré son adaptation de cette solution.", territory.Name].Value;
                return Redirect(Self);
            default:
                TempData["Flash"] = l["L'adaptation par {0} est enregistrée.", territory.Name].Value;
                return Redirect(Self);
        }
    }
}
