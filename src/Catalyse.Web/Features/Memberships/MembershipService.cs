using System.Security.Cryptography;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Email;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Memberships;

public sealed record TeamMember(int Id, string UserId, string DisplayName, string Email, TerritoryRole Role, DateTimeOffset Since);

/// <summary>The public service of Memberships: who holds which role in a territory, and invitations.</summary>
public sealed class MembershipService(CatalyseDb db, Mailer mailer, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    public async Task EnsureMemberAsync(int territoryId, string userId, TerritoryRole role, CancellationToken ct = default)
    {
        var existing = await db.Memberships.IgnoreQueryFilters().FirstOrDefaultAsync(m => m.TerritoryId == territoryId && m.UserId == userId, ct);
        if (existing is null)
            db.Memberships.Add(new TerritoryMembership { TerritoryId = territoryId, UserId = userId, Role = role, CreatedAt = clock.GetUtcNow() });
        else if (existing.Role < role) existing.Role = role;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent request added the same membership: the unique index kept one.
            db.ChangeTracker.Clear();
        }
    }

    public Task<List<TeamMember>> CatalystsAsync(int territoryId, CancellationToken ct = default) =>
        Project(db.Memberships.Where(m => m.TerritoryId == territoryId && m.Role == TerritoryRole.Catalyst)
            .OrderBy(m => m.User!.DisplayName).Take(50)).ToListAsync(ct);

    public async Task<Page<TeamMember>> MembersAsync(int territoryId, int? page, CancellationToken ct = default)
    {
        var (p, size) = Page<TeamMember>.Clamp(page, 50);
        var query = db.Memberships.Where(m => m.TerritoryId == territoryId);
        var total = await query.CountAsync(ct);
        var items = await Project(query.OrderByDescending(m => m.Role).ThenBy(m => m.User!.DisplayName).ThenBy(m => m.Id).Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new Page<TeamMember>(items, p, size, total);
    }

    private static IQueryable<TeamMember> Project(IQueryable<TerritoryMembership> memberships) =>
        memberships.Select(m => new TeamMember(m.Id, m.UserId, m.User!.DisplayName == "" ? m.User.Email! : m.User.DisplayName, m.User.Email!, m.Role, m.CreatedAt));

    public Task<List<Invitation>> PendingInvitationsAsync(int territoryId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return db.Invitations.Where(i => i.TerritoryId == territoryId && i.AcceptedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).Take(100).ToListAsync(ct);
    }

    /// <summary>Creates an invitation and emails its link. Returns the link (also useful to tests and to the catalyst).</summary>
    public async Task<string> InviteAsync(int territoryId, string territoryName, string email, TerritoryRole role, string invitedById, string baseUrl, CancellationToken ct = default)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = clock.GetUtcNow();
        db.Invitations.Add(new Invitation
        {
            TerritoryId = territoryId, Email = email.Trim(), Role = role, TokenHash = ApiTokenAuthentication.Hash(token),
            InvitedById = invitedById, CreatedAt = now, ExpiresAt = now + InvitationLifetime,
        });
        await db.SaveChangesAsync(ct);
        var link = $"{baseUrl}/invitations/{token}";
        var roleName = l[Labels.Role(role)].Value.ToLower(System.Globalization.CultureInfo.CurrentUICulture);
        try
        {
            await mailer.SendAsync(email, l["Invitation à rejoindre {0} sur Catalyse", territoryName],
                l["Bonjour,\n\nVous êtes invité·e à rejoindre le territoire « {0} » sur Catalyse en tant que {1}.\n\nAcceptez l'invitation avec ce lien (valable 14 jours) :\n{2}\n\nSi vous n'avez pas encore de compte, créez-le avec cette adresse puis rouvrez ce lien.", territoryName, roleName, link], ct);
        }
        catch (MailDeliveryException)
        {
            // Nobody could use an invitation whose link was never delivered (only its hash is stored).
            await db.Invitations.Where(i => i.TokenHash == ApiTokenAuthentication.Hash(token)).ExecuteDeleteAsync(ct);
            throw;
        }
        return link;
    }

    public async Task<Invitation?> FindInvitationAsync(string? token, CancellationToken ct = default)
    {
        // A blank path segment ("/invitations/%20") binds as null.
        if (token is null || token.Length is < 10 or > 100) return null;
        var hash = ApiTokenAuthentication.Hash(token);
        var now = clock.GetUtcNow();
        return await db.Invitations.IgnoreQueryFilters()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now, ct);
    }

    public async Task AcceptAsync(Invitation invitation, string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // Conditional update: an invitation is used once, even under concurrent clicks.
        var updated = await db.Invitations.IgnoreQueryFilters()
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), ct);
        if (updated == 1) await EnsureMemberAsync(invitation.TerritoryId, userId, invitation.Role, ct);
    }

    public async Task<bool> RemoveAsync(int territoryId, int membershipId, CancellationToken ct = default) =>
        await db.Memberships.Where(m => m.TerritoryId == territoryId && m.Id == membershipId).ExecuteDeleteAsync(ct) == 1;

    public async Task<bool> ChangeRoleAsync(int territoryId, int membershipId, TerritoryRole role, CancellationToken ct = default) =>
        await db.Memberships.Where(m => m.TerritoryId == territoryId && m.Id == membershipId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, role), ct) == 1;

    /// <summary>Would removing or demoting this membership leave the territory without any catalyst?</summary>
    public async Task<bool> IsLastCatalystAsync(int territoryId, int membershipId, CancellationToken ct = default)
    {
        var catalysts = await db.Memberships.Where(m => m.TerritoryId == territoryId && m.Role == TerritoryRole.Catalyst)
            .Select(m => m.Id).Take(2).ToListAsync(ct);
        return catalysts is [var only] && only == membershipId;
    }
}

public static class MembershipSetup
{
    public static IServiceCollection AddMemberships(this IServiceCollection services) =>
        services.AddScoped<MembershipService>();
}
