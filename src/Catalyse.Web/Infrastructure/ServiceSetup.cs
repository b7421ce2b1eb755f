using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Email;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Localization;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Infrastructure;

public static class ServiceSetup
{
    public static readonly CultureInfo[] Cultures = [new("fr"), new("en")];

    public static IServiceCollection AddCatalyseIdentity(this IServiceCollection services, IConfiguration config)
    {
        services.AddIdentity<User, IdentityRole>(o =>
            {
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<CatalyseDb>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.Cookie.Name = "catalyse.auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            // A signed-in person without the right gets a 403 and the friendly error page, not a redirect.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        // Role changes and password resets reach signed-in browsers within a minute (new security stamp).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization(Policies.Add);
        services.AddScoped<TerritoryAccess>();
        services.AddScoped<IAuthorizationHandler, TerritoryRoleHandler>();
        services.AddScoped<Bootstrap>();
        services.AddScoped<AccountMail>();
        services.AddDataProtection().SetApplicationName("Catalyse").PersistKeysToDbContext<CatalyseDb>();
        return services;
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers.ContainsKey("HX-Request"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static IServiceCollection AddCatalyseWeb(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("fr");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AuthorizeFolder("/Account/Manage");
                // The network directory is the same page without a territory.
                o.Conventions.AddPageRoute("/Directory/Index", "/directory");
                o.Conventions.AddPageRoute("/Directory/Details", "/directory/{id:int}");
                o.Conventions.AddPageRoute("/Directory/Contribution/Edit", "/directory/{id:int}/edit");
                o.Conventions.AddPageRoute("/Directory/Contribution/Report", "/directory/{id:int}/report");
                o.Conventions.AddPageRoute("/Directory/Contribution/History", "/directory/{id:int}/history");
                o.Conventions.AddPageRoute("/Directory/Contribution/Manage", "/directory/{id:int}/manage");
                o.Conventions.AddPageRoute("/Directory/Contribution/Moderation", "/directory/moderation");
                // Network imports (coordinators): the territory's import pages without a territory.
                o.Conventions.AddPageRoute("/Directory/Import/Index", "/directory/imports");
                o.Conventions.AddPageRoute("/Directory/Import/Show", "/directory/imports/{id:int}");
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)))
            .AddMvcOptions(o => ModelBindingMessages.Localize(o));
        services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Catalyse API";
            doc.Info.Description = "Territorial co-construction: territories, their perimeter and programme. Mutations need a personal access token (Authorization: Bearer …) created from the profile page.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddDbContextCheck<CatalyseDb>("database");
        services.Configure<MailOptions>(config.GetSection("Catalyse:Mail"));
        services.AddSingleton<Mailer>();
        services.AddScoped<GeoService>();
        services.AddScoped<ReferenceGeographyLoader>();
        services.AddSingleton<GeoOutlines>();
        services.AddRateLimiter(o => RateLimits.Configure(o, config));
        services.AddResponseCompression(o =>
        {
            // Maps, scripts and API data only: HTML pages carry antiforgery tokens and echo input (BREACH).
            o.EnableForHttps = true;
            o.MimeTypes = ["application/geo+json", "application/json", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
        });
        return services;
    }

    /// <summary>Migrations, reference geography, bootstrap admin and (when asked) the demo network.</summary>
    public static async Task InitialiseAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing") && string.IsNullOrWhiteSpace(app.Configuration["Catalyse:PublicUrl"]))
            app.Logger.LogWarning("Catalyse:PublicUrl is not set: links in mail follow the request's Host header. Set it (and AllowedHosts) in production.");
        ModelBindingMessages.Localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        await DatabaseSetup.MigrateAsync(sp.GetRequiredService<CatalyseDb>());
        await sp.GetRequiredService<ReferenceGeographyLoader>().EnsureLoadedAsync();
        await sp.GetRequiredService<Bootstrap>().RunAsync();
        if (app.Configuration.GetValue<bool>("Catalyse:Demo"))
        {
            await sp.GetRequiredService<DemoNetwork>().EnsureCreatedAsync();
            var mailFolder = sp.GetRequiredService<Mailer>().PickupPath;
            app.Lifetime.ApplicationStarted.Register(() => DemoNetwork.PrintWelcome(app.Urls, mailFolder));
        }
    }

    private static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api");

    public static WebApplication UseCatalysePipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(ctx => !IsApi(ctx), b => b.UseExceptionHandler("/error/500"));
            app.UseWhen(IsApi, b => b.UseExceptionHandler());
        }
        // Pages get a friendly HTML error page; the API gets RFC 9457 problem details.
        app.UseWhen(ctx => !IsApi(ctx), b => b.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(IsApi, b => b.UseStatusCodePages());
        app.Use(async (ctx, next) =>
        {
            ctx.Response.Headers.XContentTypeOptions = "nosniff";
            ctx.Response.Headers["X-Frame-Options"] = "DENY";
            ctx.Response.Headers["Referrer-Policy"] = "same-origin";
            if (!ctx.Request.Path.StartsWithSegments("/api-docs"))
                ctx.Response.Headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
            await next();
        });
        app.UseResponseCompression();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseMiddleware<TerritoryResolution>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}
