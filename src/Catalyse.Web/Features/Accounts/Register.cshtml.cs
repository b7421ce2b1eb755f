using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Accounts;

public sealed class RegisterModel(UserManager<User> users, AccountMail mail, TimeProvider clock) : FormPageModel
{
    public sealed class RegisterInput
    {
        [Display(Name = "Nom affiché"), PlainText(100, Required = true)]
        public string? DisplayName { get; set; }
        [Display(Name = "Adresse électronique"), PlainText(256, Required = true), EmailAddress(ErrorMessage = "Adresse électronique invalide.")]
        public string? Email { get; set; }
        [Display(Name = "Mot de passe"), PlainText(200, Required = true, AllowMarkup = true)]
        public string? Password { get; set; }
        [Display(Name = "Confirmation du mot de passe"), Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne correspondent pas.")]
        public string? ConfirmPassword { get; set; }
    }

    [BindProperty] public RegisterInput Input { get; set; } = new();
    public bool Sent { get; private set; }
    /// <summary>The account exists but the confirmation could not be sent: the page says how to ask again.</summary>
    public bool MailFailed { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var culture = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fr";
        var user = new User
        {
            UserName = Input.Email!.Trim(), Email = Input.Email.Trim(), DisplayName = Input.DisplayName!.Trim(),
            Culture = culture, CreatedAt = clock.GetUtcNow(),
        };
        // The answer never says whether the address has an account (no enumeration): a confirmed owner is told
        // by mail; an unconfirmed account is replaced, so that nobody can pre-register somebody else's address.
        var existing = await users.FindByEmailAsync(user.Email);
        if (existing is { EmailConfirmed: true })
        {
            var passwordErrors = await PasswordErrorsAsync(user);
            if (passwordErrors.Count > 0) return InvalidPassword(passwordErrors);
            try { await mail.SendAlreadyRegisteredAsync(existing, Request.BaseUrl(), ct); }
            catch (Infrastructure.Email.MailDeliveryException) { } // logged; the answer stays the same
            Sent = true;
            return Page();
        }
        if (existing is not null)
        {
            var passwordErrors = await PasswordErrorsAsync(user);
            if (passwordErrors.Count > 0) return InvalidPassword(passwordErrors);
            await users.DeleteAsync(existing);
        }
        var result = await users.CreateAsync(user, Input.Password!);
        if (!result.Succeeded) return InvalidPassword(result.Errors.ToList());
        try
        {
            await mail.SendConfirmationAsync(user, Request.BaseUrl(), ct);
        }
        catch (Infrastructure.Email.MailDeliveryException)
        {
            MailFailed = true;
        }
        Sent = true;
        return Page();
    }

    private async Task<List<IdentityError>> PasswordErrorsAsync(User user)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, user, Input.Password)).Errors);
        return errors;
    }

    private IActionResult InvalidPassword(List<IdentityError> errors)
    {
        foreach (var e in errors)
            ModelState.AddModelError(e.Code.StartsWith("Password") ? "Input.Password" : "Input.Email", e.Description);
        return Invalid();
    }
}
