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
    [BindProperty] public EntryForm Input { get; set; } = new();
    public string Slug => scope.Slug!;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var catalyst = await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct);
        var errors = new Territories.FieldErrors();
        var input = Input.ToInput(errors, key => l[key]);
        if (errors.Count > 0)
        {
            AddErrors(errors, EntryForm.FieldFor);
            return Invalid();
        }
        var (entry, invalid) = await directory.CreateAsync(input, scope.TerritoryId, users.GetUserId(User), publish: catalyst, ct);
        if (entry is null)
        {
            AddErrors(invalid, EntryForm.FieldFor);
            return Invalid();
        }
        TempData["Flash"] = catalyst ? l["Fiche publiée."].Value : l["Merci ! Votre proposition sera publiée après relecture par l'équipe du territoire."].Value;
        return Redirect(catalyst ? $"/t/{Slug}/directory/{entry.Id}" : $"/t/{Slug}/directory");
    }
}
