using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Accounts;

public sealed class ResetPasswordModel(UserManager<User> users, Catalyse.Web.Infrastructure.Data.CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    public sealed class ResetInput
    {
        [PlainText(256, Required = true)] public string? Email { get; set; }
        [PlainText(2000, Required = true)] public string? Code { get; set; }
        [Display(Name = "Nouveau mot de passe"), PlainText(200, Required = true, AllowMarkup = true)]
        public string? Password { get; set; }
        [Display(Name = "Confirmation du mot de passe"), Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne correspondent pas.")]
        public string? ConfirmPassword { get; set; }
    }

    [BindProperty] public ResetInput Input { get; set; } = new();
    public bool Done { get; private set; }

    public void OnGet(string? email, string? code) => Input = new ResetInput { Email = email, Code = code };

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Invalid();
        var user = await users.FindByEmailAsync(Input.Email!.Trim());
        var token = AccountMail.Decode(Input.Code);
        if (user is null || token is null)
        {
            ModelState.AddModelError(string.Empty, l["Ce lien n'est plus valable. Demandez-en un nouveau."]);
            return Invalid();
        }
        var result = await users.ResetPasswordAsync(user, token, Input.Password!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code.StartsWith("Password") ? "Input.Password" : string.Empty, e.Description);
            return Invalid();
        }
        await users.SetLockoutEndDateAsync(user, null);
        // A new password closes every door opened with the old one: API tokens are revoked too.
        var now = clock.GetUtcNow();
        await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now));
        Done = true;
        return Page();
    }
}
