using Catalyse.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Catalyse.Web.Infrastructure.Web;

public static class CultureSwitch
{
    /// <summary>POST /culture (culture, returnUrl): remembers the language in a cookie and in the profile.</summary>
    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapPost("/culture", async ([FromForm] string? culture, [FromForm] string? returnUrl, HttpContext ctx, UserManager<User> users) =>
        {
            var chosen = culture is "en" ? "en" : "fr";
            Remember(ctx, chosen);
            if (ctx.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(ctx.User) is { } user && user.Culture != chosen)
            {
                user.Culture = chosen;
                await users.UpdateAsync(user);
            }
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription();

    public static void Remember(HttpContext ctx, string culture) =>
        ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") && url.Length < 2000;
}
