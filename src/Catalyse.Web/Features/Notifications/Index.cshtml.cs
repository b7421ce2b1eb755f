using Catalyse.Web.Features.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Notifications;

/// <summary>The signed-in person's notifications, newest first; opening the page does not mark them read, the button does.</summary>
[Authorize]
public sealed class IndexModel(NotificationService notifications, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Page<Notification> Notifications { get; private set; } = null!;
    public Pager Pager => Notifications.ToPager("/notifications");

    public async Task OnGetAsync(CancellationToken ct) => Notifications = await notifications.ListAsync(users.GetUserId(User)!, PageNumber, ct);

    public async Task<IActionResult> OnPostReadAsync(CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(users.GetUserId(User)!, ct);
        TempData["Flash"] = l["Notifications marquées comme lues."].Value;
        return Redirect("/notifications");
    }
}
