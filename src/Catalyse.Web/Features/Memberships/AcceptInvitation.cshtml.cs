using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Memberships;

/// <summary>The invited person opens the emailed link, signs in (or signs up) and accepts.</summary>
public sealed class AcceptInvitationModel(MembershipService memberships, CatalyseDb db, UserManager<User> users, IStringLocalizer<SharedResource> l) : PageModel
{
    public Invitation? Invitation { get; private set; }
    public string? TerritoryName { get; private set; }
    public string? TerritorySlug { get; private set; }
    public bool WrongAccount { get; private set; }

    private async Task LoadAsync(string? token, CancellationToken ct)
    {
        Invitation = await memberships.FindInvitationAsync(token, ct);
        if (Invitation is null) return;
        var t = await db.Territories.Where(x => x.Id == Invitation.TerritoryId).Select(x => new { x.Name, x.Slug }).FirstAsync(ct);
        (TerritoryName, TerritorySlug) = (t.Name, t.Slug);
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
            WrongAccount = !string.Equals(user.Email, Invitation.Email, StringComparison.OrdinalIgnoreCase);
    }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        await LoadAsync(token, ct);
        if (Invitation is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        await LoadAsync(token, ct);
        if (Invitation is null) return NotFound();
        if (WrongAccount) { Response.StatusCode = StatusCodes.Status403Forbidden; return Page(); }
        await memberships.AcceptAsync(Invitation, users.GetUserId(User)!, ct);
        TempData["Flash"] = l["Bienvenue dans le territoire « {0} ».", TerritoryName!].Value;
        return Redirect($"/t/{TerritorySlug}");
    }
}
