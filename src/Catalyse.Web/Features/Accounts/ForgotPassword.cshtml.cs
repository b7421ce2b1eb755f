using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Catalyse.Web.Features.Accounts;

/// <summary>Password reset request. The answer is the same whether the address exists or not.</summary>
public sealed class ForgotPasswordModel(UserManager<User> users, AccountMail mail) : FormPageModel
{
    public sealed class EmailInput
    {
        [Display(Name = "Adresse électronique"), PlainText(256, Required = true), EmailAddress(ErrorMessage = "Adresse électronique invalide.")]
        public string? Email { get; set; }
    }

    [BindProperty] public EmailInput Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var user = await users.FindByEmailAsync(Input.Email!.Trim());
        // A delivery failure is logged, not shown: the answer must not tell whether the address has an account.
        if (user is not null && user.EmailConfirmed)
            try { await mail.SendPasswordResetAsync(user, Request.BaseUrl(), ct); }
            catch (Infrastructure.Email.MailDeliveryException) { }
        Sent = true;
        return Page();
    }
}
