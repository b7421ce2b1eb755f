using System.Security.Claims;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Infrastructure.Identity;

public static class Policies
{
    /// <summary>Platform administrator or network coordinator.</summary>
    public const string Coordinator = "Coordinator";
    /// <summary>Platform administrator only.</summary>
    public const string Admin = "Admin";
    /// <summary>Catalyst of the territory of the request (or coordinator/admin).</summary>
    public const string TerritoryCatalyst = "TerritoryCatalyst";
    /// <summary>Member or catalyst of the territory of the request (or coordinator/admin).</summary>
    public const string TerritoryMember = "TerritoryMember";
    /// <summary>Catalyst of the territory of the request (or coordinator/admin); without a territory (network pages), coordinator/admin.</summary>
    public const string TerritoryOrNetworkCatalyst = "TerritoryOrNetworkCatalyst";
    /// <summary>Same as <see cref="Coordinator"/>, authenticated with a personal access token.</summary>
    public const string ApiCoordinator = "ApiCoordinator";

    public static void Add(AuthorizationOptions o)
    {
        o.AddPolicy(Coordinator, p => p.RequireRole(PlatformRoles.Admin, PlatformRoles.Coordinator));
        o.AddPolicy(Admin, p => p.RequireRole(PlatformRoles.Admin));
        o.AddPolicy(TerritoryCatalyst, p => p.AddRequirements(new TerritoryRoleRequirement(TerritoryRole.Catalyst)));
        o.AddPolicy(TerritoryMember, p => p.AddRequirements(new TerritoryRoleRequirement(TerritoryRole.Member)));
        o.AddPolicy(TerritoryOrNetworkCatalyst, p => p.AddRequirements(new TerritoryRoleRequirement(TerritoryRole.Catalyst, NetworkStaffWithoutTerritory: true)));
        o.AddPolicy(ApiCoordinator, p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName)
            .RequireAuthenticatedUser().RequireRole(PlatformRoles.Admin, PlatformRoles.Coordinator));
    }
}

/// <summary>At least <paramref name="Minimum"/> in the territory of the request; with <paramref name="NetworkStaffWithoutTerritory"/>, a request without territory needs network staff.</summary>
public sealed record TerritoryRoleRequirement(TerritoryRole Minimum, bool NetworkStaffWithoutTerritory = false) : IAuthorizationRequirement;

/// <summary>What the signed-in person may do in the territory of the request.</summary>
public sealed class TerritoryAccess(CatalyseDb db, TerritoryScope scope, IHttpContextAccessor http)
{
    private (int, string, TerritoryRole?)? _cached;

    public static bool IsNetworkStaff(ClaimsPrincipal user) =>
        user.IsInRole(PlatformRoles.Admin) || user.IsInRole(PlatformRoles.Coordinator);

    /// <summary>
    /// The person's role in the current territory; network staff act as catalysts everywhere, and outside any territory
    /// (network pages: the network directory and its moderation) only they have a role.
    /// </summary>
    public async Task<TerritoryRole?> RoleAsync(CancellationToken ct = default)
    {
        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true) return null;
        if (IsNetworkStaff(user)) return TerritoryRole.Catalyst;
        if (scope.TerritoryId is not { } territoryId) return null;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (_cached is { } c && c.Item1 == territoryId && c.Item2 == userId) return c.Item3;
        var role = await db.Memberships.Where(m => m.TerritoryId == territoryId && m.UserId == userId)
            .Select(m => (TerritoryRole?)m.Role).FirstOrDefaultAsync(ct);
        _cached = (territoryId, userId, role);
        return role;
    }

    public async Task<bool> IsAtLeastAsync(TerritoryRole minimum, CancellationToken ct = default) =>
        await RoleAsync(ct) is { } role && role >= minimum;
}

public sealed class TerritoryRoleHandler(TerritoryAccess access, TerritoryScope scope) : AuthorizationHandler<TerritoryRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TerritoryRoleRequirement requirement)
    {
        if (requirement.NetworkStaffWithoutTerritory && scope.TerritoryId is null)
        {
            if (TerritoryAccess.IsNetworkStaff(context.User)) context.Succeed(requirement);
            return;
        }
        if (await access.IsAtLeastAsync(requirement.Minimum)) context.Succeed(requirement);
    }
}
