using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Memberships;

/// <summary>Roles held inside one territory. Higher value = more rights.</summary>
public enum TerritoryRole { Member = 1, Catalyst = 2 }

public sealed class TerritoryMembership : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string UserId { get; set; }
    public User? User { get; set; }
    public TerritoryRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An email invitation into a territory with a role; the token is stored hashed.</summary>
public sealed class Invitation : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string Email { get; set; }
    public TerritoryRole Role { get; set; }
    public required string TokenHash { get; set; }
    public required string InvitedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}
