using System.Text;
using Catalyse.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Accounts;

/// <summary>The account emails: address confirmation and password reset.</summary>
public sealed class AccountMail(UserManager<User> users, Mailer mailer, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    /// <summary>Per-address limit on account mail (confirmation, reset), on top of the per-IP limit of the forms.</summary>
    public static readonly TimeSpan MailInterval = TimeSpan.FromMinutes(2);

    /// <summary>True (and the time recorded) when a mail may go to this address now.</summary>
    private async Task<bool> MaySendAsync(User user, bool reset)
    {
        var now = clock.GetUtcNow();
        var last = reset ? user.LastResetMailAt : user.LastConfirmationMailAt;
        if (last is { } at && now - at < MailInterval) return false;
        if (reset) user.LastResetMailAt = now; else user.LastConfirmationMailAt = now;
        // The concurrency stamp makes two simultaneous requests for one address send one mail.
        return (await users.UpdateAsync(user)).Succeeded;
    }

    /// <summary>Sends, or on failure forgets the send time (so that the person can ask again at once) and rethrows.</summary>
    private async Task DeliverAsync(User user, bool reset, string subject, string text, CancellationToken ct)
    {
        try
        {
            await mailer.SendAsync(user.Email!, subject, text, ct);
        }
        catch (MailDeliveryException)
        {
            if (reset) user.LastResetMailAt = null; else user.LastConfirmationMailAt = null;
            await users.UpdateAsync(user);
            throw;
        }
    }

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 2000) return null;
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return null; }
    }

    public async Task SendConfirmationAsync(User user, string baseUrl, CancellationToken ct = default)
    {
        if (!await MaySendAsync(user, reset: false)) return;
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = $"{baseUrl}/account/confirm?userId={Uri.EscapeDataString(user.Id)}&code={code}";
        await DeliverAsync(user, false, l["Confirmez votre adresse sur Catalyse"],
            l["Bonjour {0},\n\nPour activer votre compte Catalyse, ouvrez ce lien :\n{1}\n\nSi vous n'avez pas créé de compte, ignorez ce message.", user.DisplayName, link], ct);
    }

    /// <summary>Somebody tried to sign up with the address of an existing account: tell its owner, not the visitor.</summary>
    public async Task SendAlreadyRegisteredAsync(User user, string baseUrl, CancellationToken ct = default)
    {
        if (!await MaySendAsync(user, reset: false)) return;
        await DeliverAsync(user, false, l["Votre compte Catalyse existe déjà"],
            l["Bonjour {0},\n\nQuelqu'un (peut-être vous) a voulu créer un compte Catalyse avec cette adresse, qui en a déjà un.\nConnectez-vous : {1}/account/login\nMot de passe oublié : {1}/account/forgot-password\n\nSi ce n'était pas vous, ignorez ce message.", user.DisplayName, baseUrl], ct);
    }

    public async Task SendPasswordResetAsync(User user, string baseUrl, CancellationToken ct = default)
    {
        if (!await MaySendAsync(user, reset: true)) return;
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = $"{baseUrl}/account/reset-password?email={Uri.EscapeDataString(user.Email!)}&code={code}";
        await DeliverAsync(user, true, l["Réinitialisez votre mot de passe Catalyse"],
            l["Bonjour {0},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien :\n{1}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.", user.DisplayName, link], ct);
    }
}
