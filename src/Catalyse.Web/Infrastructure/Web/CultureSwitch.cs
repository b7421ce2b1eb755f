using Catalyse.Web.Features.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Catalyse.Web.Infrastructure.Web;

public static class CultureSwitch
{
    /// <summary>POST /culture (culture, returnUrl): remembers the language in a cookie and in the profile.</summary>
    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapPost("/culture", async (HttpContext ctx, IAntiforgery antiforgery, UserManager<User> users) =>
        {
            // The token is checked here rather than by [FromForm] binding: a minimal API that binds a form
            // throws on a missing or bad token, a 500 (dotnet/aspnetcore#58441). It is a 400.
            if (!ctx.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(ctx)) return Results.BadRequest();
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var culture = form["culture"].ToString();
            string? returnUrl = form["returnUrl"].ToString();
            var chosen = culture is "en" ? "en" : "fr";
            Remember(ctx, chosen);
            if (ctx.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(ctx.User) is { } user && user.Culture != chosen)
            {
                user.Culture = chosen;
                await users.UpdateAsync(user);
            }
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).DisableAntiforgery().ExcludeFromDescription();

    public static void Remember(HttpContext ctx, string culture) =>
        ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") && url.Length < 2000
        && !url.Any(char.IsControl);
}
