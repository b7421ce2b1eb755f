using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Catalyse.Web.Features.Accounts;

public sealed class ResendConfirmationModel(UserManager<User> users, AccountMail mail) : FormPageModel
{
    [BindProperty] public ForgotPasswordModel.EmailInput Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Invalid();
        var user = await users.FindByEmailAsync(Input.Email!.Trim());
        if (user is not null && !user.EmailConfirmed)
            try { await mail.SendConfirmationAsync(user, Request.BaseUrl(), ct); }
            catch (Infrastructure.Email.MailDeliveryException) { } // logged by the mailer; same answer either way
        Sent = true;
        return Page();
    }
}
