using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Admin;

/// <summary>The platform administrator appoints and removes network coordinators.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PeopleModel(CatalyseDb db, UserManager<User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public sealed record Person(string Id, string Email, string DisplayName, bool Coordinator, bool Admin);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public Page<Person> People { get; private set; } = null!;
    public Pager Pager => new(People.PageNumber, People.PageCount, string.IsNullOrEmpty(Q) ? "/admin/people" : "/admin/people?q=" + Uri.EscapeDataString(Q));

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        var (page, size) = Page<Person>.Clamp(p, 50);
        var query = db.Users.AsQueryable();
        var q = (Q ?? "").Trim();
        if (q.Length is > 0 and <= 256)
        {
            var upper = q.ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(upper) || u.DisplayName.Contains(q));
        }
        var total = await query.CountAsync(ct);
        var roleId = (string? name) => db.Roles.Where(r => r.Name == name).Select(r => r.Id);
        var items = await query.OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id).Skip((page - 1) * size).Take(size)
            .Select(u => new Person(u.Id, u.Email!, u.DisplayName,
                db.UserRoles.Any(ur => ur.UserId == u.Id && roleId(PlatformRoles.Coordinator).Contains(ur.RoleId)),
                db.UserRoles.Any(ur => ur.UserId == u.Id && roleId(PlatformRoles.Admin).Contains(ur.RoleId))))
            .ToListAsync(ct);
        People = new Page<Person>(items, page, size, total);
    }

    public async Task<IActionResult> OnPostGrantAsync(string id) => await ChangeAsync(id, grant: true);

    public async Task<IActionResult> OnPostRevokeAsync(string id) => await ChangeAsync(id, grant: false);

    private async Task<IActionResult> ChangeAsync(string id, bool grant)
    {
        if (id is not { Length: > 0 and <= 100 } || await users.FindByIdAsync(id) is not { } user) return NotFound();
        var isCoordinator = await users.IsInRoleAsync(user, PlatformRoles.Coordinator);
        if (grant && !isCoordinator) await users.AddToRoleAsync(user, PlatformRoles.Coordinator);
        if (!grant && isCoordinator) await users.RemoveFromRoleAsync(user, PlatformRoles.Coordinator);
        // The cookie of the person carries roles: a new security stamp makes them sign in again with the new ones.
        await users.UpdateSecurityStampAsync(user);
        TempData["Flash"] = (grant ? l["{0} est coordinateur du réseau.", user.Email!] : l["{0} n'est plus coordinateur du réseau.", user.Email!]).Value;
        return Redirect("/admin/people" + (string.IsNullOrEmpty(Q) ? "" : "?q=" + Uri.EscapeDataString(Q)));
    }
}
