using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Infrastructure.Identity;

/// <summary>
/// Creates the platform roles and, from configuration (<c>Catalyse:Bootstrap:*</c>), the first platform
/// administrator and optionally a personal access token for it — so that a deployment needs no console.
/// </summary>
public sealed class Bootstrap(CatalyseDb db, UserManager<User> users, RoleManager<IdentityRole> roles,
    IConfiguration config, TimeProvider clock, ILogger<Bootstrap> log)
{
    public async Task RunAsync(CancellationToken ct = default)
    {
        foreach (var role in PlatformRoles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        var email = config["Catalyse:Bootstrap:AdminEmail"];
        var password = config["Catalyse:Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email)) return;
        var admin = await EnsureUserAsync(email, password, "Administrateur", PlatformRoles.Admin);
        var token = config["Catalyse:Bootstrap:AdminApiToken"];
        if (!string.IsNullOrWhiteSpace(token)) await EnsureTokenAsync(admin, token, "bootstrap", ct);
    }

    /// <summary>Creates (or finds) a confirmed account, with a platform role when given.</summary>
    public async Task<User> EnsureUserAsync(string email, string? password, string displayName, string? role = null)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = clock.GetUtcNow() };
            var result = string.IsNullOrEmpty(password) ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Cannot create {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            log.LogInformation("Account {Email} created", email);
        }
        if (role is not null && !await users.IsInRoleAsync(user, role)) await users.AddToRoleAsync(user, role);
        return user;
    }

    public async Task EnsureTokenAsync(User user, string token, string name, CancellationToken ct = default)
    {
        var hash = ApiTokenAuthentication.Hash(token);
        if (await db.ApiTokens.AnyAsync(t => t.TokenHash == hash, ct)) return;
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = name, TokenHash = hash, Prefix = token[..Math.Min(8, token.Length)], CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }
}
