using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory;

/// <summary>Any signed-in person suggests an entry (moderated); a catalyst's entry is published at once.</summary>
[Authorize]
public sealed class NewModel(TerritoryScope scope, DirectoryService directory, TerritoryAccess access,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public sealed class EntryForm
    {
        [Display(Name = "Type de fiche")] public EntryKind? Kind { get; set; }
        [Display(Name = "Catégorie")] public string? Category { get; set; }
        [Display(Name = "Nom"), PlainText(200, Required = true)] public string? Name { get; set; }
        [Display(Name = "Description"), PlainText(5000, Multiline = true)] public string? Description { get; set; }
        [Display(Name = "Thèmes"), PlainText(2000)] public string? Themes { get; set; }
        [Display(Name = "Commune (code INSEE)"), PlainText(5, Required = true)] public string? CommuneCode { get; set; }
        [Display(Name = "Adresse"), PlainText(300)] public string? Address { get; set; }
        [Display(Name = "Site web"), PlainText(500)] public string? Website { get; set; }
        [Display(Name = "Adresse électronique de contact"), PlainText(256)] public string? ContactEmail { get; set; }
        [Display(Name = "SIRET"), PlainText(20)] public string? Siret { get; set; }
        [Display(Name = "RNA"), PlainText(12)] public string? Rna { get; set; }
        [Display(Name = "Compétences, ressources ou services offerts"), PlainText(5000, Multiline = true)] public string? Offers { get; set; }
    }

    [BindProperty] public EntryForm Input { get; set; } = new();
    public string Slug => scope.Slug!;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var catalyst = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
        var themes = (Input.Themes ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var (entry, errors) = await directory.CreateAsync(new EntryInput(
            Input.Kind, Input.Category, Input.Name, Input.Description, themes, null, Input.Website, Input.ContactEmail, null,
            Input.Address, Input.CommuneCode, null, null, Input.Siret, null, Input.Rna, Input.Offers, null,
            null, null, null, null, null, null, null), scope.TerritoryId, users.GetUserId(User), publish: catalyst, ct);
        if (entry is null)
        {
            AddErrors(errors, field => "Input." + char.ToUpperInvariant(field[0]) + field[1..].Split('[')[0]);
            return Invalid();
        }
        TempData["Flash"] = catalyst ? l["Fiche publiée."].Value : l["Merci ! Votre proposition sera publiée après relecture par l'équipe du territoire."].Value;
        return Redirect(catalyst ? $"/t/{Slug}/directory/{entry.Id}" : $"/t/{Slug}/directory");
    }
}
