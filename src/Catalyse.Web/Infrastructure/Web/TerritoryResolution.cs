using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Infrastructure.Web;

/// <summary>
/// Every URL under <c>/t/{slug}</c> and <c>/api/v1/territories/{slug}</c> belongs to one territory:
/// this middleware (after routing, before authorization) loads it into <see cref="TerritoryScope"/>,
/// which scopes data access, or answers 404 when the slug is unknown.
/// </summary>
public sealed class TerritoryResolution(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TerritoryScope scope, TerritoryService territories)
    {
        if (context.Request.RouteValues.TryGetValue("slug", out var value) && value is string slug)
        {
            var territory = slug.Length <= 60 ? await territories.FindAsync(slug, context.RequestAborted) : null;
            if (territory is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                if (context.Request.Path.StartsWithSegments("/api"))
                    await Results.Problem(statusCode: 404, title: "Territoire introuvable", detail: $"No territory '{Truncate(slug)}'.")
                        .ExecuteAsync(context);
                return;
            }
            scope.Enter(territory.Id, territory.Slug, territory.Name);
        }
        await next(context);
    }

    private static string Truncate(string s) => s.Length > 60 ? s[..60] : s;
}
