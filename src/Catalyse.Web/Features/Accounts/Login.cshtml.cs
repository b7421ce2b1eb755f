using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Accounts;

public sealed class LoginModel(SignInManager<User> signIn, UserManager<User> users, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public sealed class LoginInput
    {
        [Display(Name = "Adresse électronique"), PlainText(256, Required = true)]
        public string? Email { get; set; }
        [Display(Name = "Mot de passe"), PlainText(200, Required = true, AllowMarkup = true)]
        public string? Password { get; set; }
        [Display(Name = "Rester connecté")]
        public bool RememberMe { get; set; }
    }

    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Invalid();
        var user = await users.FindByEmailAsync(Input.Email!.Trim());
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.PasswordSignInAsync(user, Input.Password!, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            CultureSwitch.Remember(HttpContext, user!.Culture);
            return LocalRedirect(CultureSwitch.IsLocal(ReturnUrl) ? ReturnUrl! : "/");
        }
        ModelState.AddModelError(string.Empty,
            result.IsLockedOut ? l["Trop d'échecs : ce compte est bloqué pendant 15 minutes."]
            : result.IsNotAllowed ? l["Confirmez d'abord votre adresse électronique (voir le message reçu)."]
            : l["Adresse ou mot de passe incorrect."]);
        return Invalid();
    }
}
