using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Memberships;

/// <summary>The catalyst manages the territory's people: invite by email with a role, change a role, remove.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class TeamModel(TerritoryScope scope, MembershipService memberships, UserManager<User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public sealed class InviteInput
    {
        [Display(Name = "Adresse électronique"), PlainText(256, Required = true), EmailAddress(ErrorMessage = "Adresse électronique invalide.")]
        public string? Email { get; set; }
        [Display(Name = "Rôle")]
        public TerritoryRole Role { get; set; } = TerritoryRole.Member;
    }

    [BindProperty] public InviteInput Input { get; set; } = new();
    public Page<TeamMember> Members { get; private set; } = null!;
    public List<Invitation> Pending { get; private set; } = [];
    public string Slug => scope.Slug!;
    public string TerritoryName => scope.Name!;

    private async Task LoadAsync(int? p, CancellationToken ct)
    {
        Members = await memberships.MembersAsync(scope.TerritoryId!.Value, p, ct);
        Pending = await memberships.PendingInvitationsAsync(scope.TerritoryId!.Value, ct);
    }

    public Task OnGetAsync(int? p, CancellationToken ct) => LoadAsync(p, ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Input.Role)) ModelState.AddModelError("Input.Role", l["La valeur saisie n'est pas valide."]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(1, ct);
            return Invalid();
        }
        try
        {
            await memberships.InviteAsync(scope.TerritoryId!.Value, scope.Name!, Input.Email!.Trim(), Input.Role, users.GetUserId(User)!, Request.BaseUrl(), ct);
        }
        catch (Infrastructure.Email.MailDeliveryException)
        {
            ModelState.AddModelError("Input.Email", l["Le message n'a pas pu être envoyé à cette adresse. Vérifiez-la, ou réessayez plus tard."]);
            await LoadAsync(1, ct);
            return Invalid();
        }
        TempData["Flash"] = l["Invitation envoyée à {0}.", Input.Email!.Trim()].Value;
        return Redirect($"/t/{Slug}/team");
    }

    public async Task<IActionResult> OnPostRoleAsync(int id, TerritoryRole role, CancellationToken ct)
    {
        if (!Enum.IsDefined(role)) return BadRequest();
        if (role != TerritoryRole.Catalyst && await memberships.IsLastCatalystAsync(scope.TerritoryId!.Value, id, ct)) return await LastCatalystAsync(ct);
        if (!await memberships.ChangeRoleAsync(scope.TerritoryId!.Value, id, role, ct)) return BadRequest();
        TempData["Flash"] = l["Rôle modifié."].Value;
        return Redirect($"/t/{Slug}/team");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        if (await memberships.IsLastCatalystAsync(scope.TerritoryId!.Value, id, ct)) return await LastCatalystAsync(ct);
        if (!await memberships.RemoveAsync(scope.TerritoryId!.Value, id, ct)) return NotFound();
        TempData["Flash"] = l["Personne retirée du territoire."].Value;
        return Redirect($"/t/{Slug}/team");
    }

    /// <summary>A territory keeps at least one catalyst: the page comes back with the reason.</summary>
    private async Task<IActionResult> LastCatalystAsync(CancellationToken ct)
    {
        ModelState.AddModelError(string.Empty, l["C'est le dernier catalyseur du territoire : nommez d'abord un autre catalyseur."]);
        await LoadAsync(1, ct);
        return Invalid();
    }
}
