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
        var result = await users.CreateAsync(user, Input.Password!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code.StartsWith("Password") ? "Input.Password" : "Input.Email", e.Description);
            return Invalid();
        }
        await mail.SendConfirmationAsync(user, Request.BaseUrl(), ct);
        Sent = true;
        return Page();
    }
}
