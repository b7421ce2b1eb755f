using Microsoft.AspNetCore.Identity;

namespace Catalyse.Web.Features.Accounts;

/// <summary>A person with an account. Platform-wide roles are Identity roles (<see cref="PlatformRoles"/>).</summary>
public sealed class User : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>"fr" or "en".</summary>
    public string Culture { get; set; } = "fr";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last confirmation mail sent: at most one per <see cref="AccountMail.MailInterval"/> per address.</summary>
    public DateTimeOffset? LastConfirmationMailAt { get; set; }
    /// <summary>Last password-reset mail sent: at most one per <see cref="AccountMail.MailInterval"/> per address.</summary>
    public DateTimeOffset? LastResetMailAt { get; set; }
    /// <summary>Where the person says they live (INSEE code and postal code): checked against a territory's perimeter when an action asks for residents.</summary>
    public string? ResidenceCommuneCode { get; set; }
    public string? ResidencePostalCode { get; set; }
}

public static class PlatformRoles
{
    public const string Admin = "Admin";
    public const string Coordinator = "Coordinator";
    public static readonly string[] All = [Admin, Coordinator];
}

/// <summary>A personal access token for the API; only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>First characters of the token, shown so that the owner recognises it.</summary>
    public required string Prefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
