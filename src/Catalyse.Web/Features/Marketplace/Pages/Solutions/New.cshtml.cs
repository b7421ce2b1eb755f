using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace.Pages.Solutions;

/// <summary>A catalyst of any territory (or network staff) shares a solution that worked.</summary>
[Authorize]
public sealed class NewModel(SolutionService solutions, CatalyseDb db, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Résumé"), PlainText(10000, Multiline = true)] public string? Summary { get; set; }
    [BindProperty, Display(Name = "Pour qui"), PlainText(1000, Multiline = true)] public string? ForWhom { get; set; }
    [BindProperty, Display(Name = "Résultats"), PlainText(5000, Multiline = true)] public string? Results { get; set; }
    [BindProperty, Display(Name = "Coût"), PlainText(500)] public string? Cost { get; set; }
    [BindProperty, Display(Name = "Conditions pour la refaire"), PlainText(5000, Multiline = true)] public string? Conditions { get; set; }
    [BindProperty, Display(Name = "Thèmes"), PlainText(700)] public string? Themes { get; set; }
    [BindProperty, Display(Name = "Code commune"), PlainText(5)] public string? CommuneCode { get; set; }
    [BindProperty, Display(Name = "Territoire d'origine")] public int? OriginTerritoryId { get; set; }
    [BindProperty, Display(Name = "Fiche de l'acteur à contacter")] public int? ContactEntryId { get; set; }
    public List<(int Id, string Name)> Territories { get; private set; } = [];

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!await SolutionAccess.CanWriteAsync(db, User, ct)) return false;
        Territories = (await db.Territories.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id).Take(2000).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Select(t => (t.Id, t.Name)).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        if (!ModelState.IsValid) return Invalid();
        var (solution, errors) = await solutions.CreateAsync(users.GetUserId(User)!,
            new SolutionInput(Title, Summary, ForWhom, Results, Cost, Conditions, [Themes], CommuneCode, OriginTerritoryId, ContactEntryId), ct);
        if (solution is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["La solution est partagée avec le réseau."].Value;
        return Redirect($"/solutions/{solution.Id}");
    }
}
