using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>Any signed-in person files a petition to one of the territory's authorities, under one of its competences.</summary>
[Authorize]
public sealed class NewModel(TerritoryScope scope, PetitionService petitions, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public List<PetitionAuthority> Authorities { get; private set; } = [];
    public string Slug => scope.Slug!;

    /// <summary>"authorityId|competence", from one select grouped by authority.</summary>
    [BindProperty, Display(Name = "Autorité et compétence"), PlainText(400)] public string? Target { get; set; }
    [BindProperty, Display(Name = "Titre"), PlainText(200)] public string? Title { get; set; }
    [BindProperty, Display(Name = "Texte de la pétition"), PlainText(10000, Multiline = true)] public string? Body { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Authorities = await petitions.AuthoritiesAsync(scope.TerritoryId!.Value, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Authorities = await petitions.AuthoritiesAsync(scope.TerritoryId!.Value, ct);
        if (!ModelState.IsValid) return Invalid();
        var parts = (Target ?? "").Split('|', 2);
        var authorityId = int.TryParse(parts[0], out var a) ? a : 0;
        var (petition, errors) = await petitions.FileAsync(scope.TerritoryId.Value, users.GetUserId(User)!,
            new PetitionInput(authorityId, Title, Body, parts.Length > 1 ? parts[1] : null), ct);
        if (petition is null)
        {
            AddErrors(errors, f => f switch { "title" => nameof(Title), "body" => nameof(Body), _ => nameof(Target) });
            return Invalid();
        }
        TempData["Flash"] = l["Pétition déposée. L'autorité examine sa recevabilité ; vous serez informé de sa décision sur cette page."].Value;
        return Redirect($"/t/{Slug}/petitions/{petition.Id}");
    }
}
