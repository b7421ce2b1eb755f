using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Accounts;

public sealed class ConfirmModel(UserManager<User> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountMail.Decode(code);
        if (string.IsNullOrEmpty(userId) || userId.Length > 100 || token is null) return;
        var user = await users.FindByIdAsync(userId);
        if (user is null) return;
        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (!Confirmed) Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
