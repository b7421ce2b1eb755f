using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Catalyse.Web.Infrastructure.Web;

/// <summary>
/// Per-IP limits on the sign-in, sign-up and password-reset forms (POST), on directory suggestions and reports and on petition filings (POST),
/// and on the API as a whole.
/// Per-account protection against password guessing is Identity's lockout (5 failures → 15 minutes).
/// </summary>
public static class RateLimits
{
    public static readonly string[] AuthPaths =
        ["/account/login", "/account/register", "/account/forgot-password", "/account/reset-password", "/account/resend-confirmation"];

    public static void Configure(RateLimiterOptions o, IConfiguration config)
    {
        var authPerMinute = config.GetValue("Catalyse:RateLimits:AuthPerMinute", 10);
        var apiPerMinute = config.GetValue("Catalyse:RateLimits:ApiPerMinute", 600);
        var contributionsPerMinute = config.GetValue("Catalyse:RateLimits:ContributionsPerMinute", 20);
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (ctx, ct) =>
        {
            ctx.HttpContext.Response.Headers.RetryAfter = "60";
            // Forms get the friendly error page (status-code pages, in the visitor's language); the API problem details.
            if (!ctx.HttpContext.Request.Path.StartsWithSegments("/api")) return;
            var l = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
            await Results.Problem(statusCode: 429, title: l["Trop de tentatives. Réessayez dans une minute."]).ExecuteAsync(ctx.HttpContext);
        };
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
        {
            var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var path = ctx.Request.Path.Value?.ToLowerInvariant() ?? "";
            if (HttpMethods.IsPost(ctx.Request.Method) && AuthPaths.Contains(path.TrimEnd('/')))
                return RateLimitPartition.GetFixedWindowLimiter($"auth:{ip}", _ => Window(authPerMinute));
            if (HttpMethods.IsPost(ctx.Request.Method) && IsContribution(path))
                return RateLimitPartition.GetFixedWindowLimiter($"contribution:{ip}", _ => Window(contributionsPerMinute));
            if (path.StartsWith("/api/"))
                return RateLimitPartition.GetFixedWindowLimiter($"api:{ip}", _ => Window(apiPerMinute));
            return RateLimitPartition.GetNoLimiter("none");
        });
    }

    /// <summary>Suggestions and reports of directory entries, which anyone may send (reports even without an account).</summary>
    private static bool IsContribution(string path) =>
        (path.Contains("/directory/") && (path.EndsWith("/report") || path.EndsWith("/edit") || path.EndsWith("/directory/new")))
        || path.EndsWith("/petitions/new");

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
}
