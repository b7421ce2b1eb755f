using Catalyse.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>Who may use a route. Territory levels apply to the territory of the URL (<c>{slug}</c>).</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not.</summary>
    Public,
    /// <summary>Any signed-in person (a resident at least).</summary>
    SignedIn,
    /// <summary>Network coordinator or platform administrator.</summary>
    Coordinator,
    /// <summary>Member or catalyst of the territory of the URL, or network staff.</summary>
    TerritoryMember,
    /// <summary>Catalyst of the territory of the URL, or network staff.</summary>
    TerritoryCatalyst,
    /// <summary>Catalyst of any territory, or network staff (network-wide writes such as the solutions library).</summary>
    AnyCatalyst,
    /// <summary>Platform administrator only.</summary>
    Admin,
}

/// <summary>
/// One route of the app as the authorization matrix exercises it.
/// <para><see cref="Url"/> is concrete (a real path and query) except for placeholders that the matrix
/// resolves before each request, in the URL and in form values alike:</para>
/// <list type="bullet">
/// <item><c>{slug}</c> — the territory under test (the matrix runs every territory route on the own and the other territory);</item>
/// <item><c>{unique}</c> — 8 fresh lowercase hex characters (slugs, email addresses, names);</item>
/// <item><c>{victim}</c> — id of a fresh membership (a new person, role member) in the territory of the URL;</item>
/// <item><c>{token}</c> — id of a fresh API token belonging to somebody else than the person acting;</item>
/// <item><c>{invitation}</c> — a fresh pending invitation (for somebody else) into a demo territory;</item>
/// <item><c>{me.displayName}</c> — the current display name of the person acting;</item>
/// <item><c>{entry}</c>, <c>{entry.commune}</c> — a fresh published directory entry in a commune of the territory of the URL
/// (Guéret outside territories), and that commune;</item>
/// <item><c>{authority}</c> — id of a fresh petition authority of the territory of the URL (signers: a confirmed email);</item>
/// <item><c>{petition}</c>, <c>{petition.review}</c> — id of a fresh petition to that authority, filed by somebody else than
/// the personas: collecting signatures, and under review;</item>
/// <item><c>{vote}</c>, <c>{vote.option}</c> — id of a fresh open vote of the territory of the URL (single choice, any confirmed
/// account may vote), and of its first option; <c>{vote.closed}</c> — a fresh vote of that territory closed a day ago;</item>
/// <item><c>{survey}</c>, <c>{survey.question}</c>, <c>{survey.choice}</c> — a fresh open survey of the territory of the URL (any
/// confirmed account may answer), its single-choice question and that question's first choice;</item>
/// <item><c>{need}</c> — a fresh open need of the territory of the URL (by a fresh resident); <c>{offer}</c>, <c>{offer.pioneer}</c> —
/// a fresh open offer (skills) and a fresh offer of 10 days of the bourse des pionniers of that territory (by fresh people);
/// <c>{solution}</c> — a fresh solution of the network library (outside territory routes, <c>{offer.pioneer}</c> is made in Guéret); <c>{introduction}</c> — a fresh proposed introduction between a
/// fresh need of that territory and a fresh offer (both parties fresh people, none of the personas).</item>
/// <item><c>{territory.name}</c>, <c>{territory.description}</c>, <c>{territory.themes}</c>, <c>{territory.type}</c>,
/// <c>{territory.model}</c> — the current presentation of the territory of the URL, as its edit form shows it.</item>
/// </list>
/// </summary>
public sealed record AppRoute(string Method, string Url, Access Access)
{
    /// <summary>Form fields of a POST (urlencoded, sent with the client's antiforgery token).</summary>
    public IReadOnlyList<(string Key, string Value)> Form { get; init; } = [];
    /// <summary>JSON body of an API POST (sent instead of <see cref="Form"/>).</summary>
    public string? Json { get; init; }
    /// <summary>The API authenticates with <c>Authorization: Bearer</c> only (cookies do not count).</summary>
    public bool Bearer { get; init; }
    /// <summary>The exact status a person allowed to use the route gets (null: anything but 401/403/redirect to sign-in/denied, and no 5xx).</summary>
    public int? AllowedStatus { get; init; }
    /// <summary>
    /// For refused cells: fields that would visibly change shared data if the check were missing (default:
    /// <see cref="Form"/>). Lets <see cref="Form"/> stay harmless for the people allowed (e.g. re-saving the
    /// current name of a demo territory) while a refused attempt still proves that nothing was written.
    /// </summary>
    public IReadOnlyList<(string Key, string Value)>? ProbeForm { get; init; }
    /// <summary>For refused cells of an API POST: a body that would write if the check were missing (default: <see cref="Json"/>).</summary>
    public string? ProbeJson { get; init; }
    /// <summary>The request signs the person out (the matrix signs the cached client in again afterwards).</summary>
    public bool EndsSession { get; init; }

    public bool IsPost => Method == "POST";
    public bool IsTerritoryRoute => Url.Contains("{slug}");
    public bool IsApi => Path.StartsWith("/api/", StringComparison.Ordinal);
    public string Path => Url.Split('?')[0];

    /// <summary>The Razor Pages handler named in the query string (<c>?handler=Search</c>), if any.</summary>
    public string? Handler =>
        Url.Contains('?') ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Url[Url.IndexOf('?')..])
            .TryGetValue("handler", out var h) ? h.ToString() : null : null;

    public override string ToString() => $"{Method} {Url}";
}

/// <summary>
/// Every page and endpoint of the app, with the access it requires. The authorization matrix runs each
/// of them for every role; <see cref="RouteRegistryTests"/> fails when the app has a route missing here.
/// <para>A feature registers its routes by adding a file <c>Security/Routes.&lt;Feature&gt;.cs</c> holding
/// <c>public static partial class RouteRegistry { public static readonly AppRoute[] Feature = [...]; }</c>:
/// every public static <c>AppRoute[]</c> field of this class is part of <see cref="All"/>.</para>
/// </summary>
public static partial class RouteRegistry
{
    /// <summary>Demo territories: own territory of the Guéret member and catalyst; own territory of the Grenoble catalyst.</summary>
    public const string Gueret = "grand-gueret";
    public const string Grenoble = "grenoble-alpes";

    /// <summary>Every registered route (gathered lazily: static fields of partial files initialise in no set order).</summary>
    public static IReadOnlyList<AppRoute> All => AllRoutes.Value;

    private static readonly Lazy<IReadOnlyList<AppRoute>> AllRoutes = new(() => typeof(RouteRegistry)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(AppRoute[]))
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .SelectMany(f => (AppRoute[])f.GetValue(null)!)
        .ToList());

    private static AppRoute Get(string url, Access access, int? status = 200) => new("GET", url, access) { AllowedStatus = status };

    private static AppRoute Post(string url, Access access, int? status, params (string, string)[] form) =>
        new("POST", url, access) { AllowedStatus = status, Form = form };

    private const string Password = "Motdepasse-matrice-2026";

    /// <summary>Network home, accounts, language, errors.</summary>
    public static readonly AppRoute[] Accounts =
    [
        Get("/", Access.Public),
        Post("/culture", Access.Public, 302, ("culture", "fr"), ("returnUrl", "/")),
        Get("/error/404", Access.Public, 404),
        Post("/error/404", Access.Public, 404),
        Get("/account/login", Access.Public),
        // Unknown address: the form comes back with its message (a known address would count a failure).
        Post("/account/login", Access.Public, 400, ("Input.Email", "personne-inconnue@catalyse.test"), ("Input.Password", Password)),
        Get("/account/logout", Access.Public),
        Post("/account/logout", Access.Public, 302) with { EndsSession = true },
        Get("/account/register", Access.Public),
        Post("/account/register", Access.Public, 200, ("Input.DisplayName", "Personne {unique}"),
            ("Input.Email", "inscription-{unique}@catalyse.test"), ("Input.Password", Password), ("Input.ConfirmPassword", Password)),
        Get("/account/confirm", Access.Public),
        Get("/account/forgot-password", Access.Public),
        Post("/account/forgot-password", Access.Public, 200, ("Input.Email", "personne-inconnue@catalyse.test")),
        Get("/account/resend-confirmation", Access.Public),
        Post("/account/resend-confirmation", Access.Public, 200, ("Input.Email", "personne-inconnue@catalyse.test")),
        Get("/account/reset-password", Access.Public),
        Post("/account/reset-password", Access.Public, 400, ("Input.Email", "personne-inconnue@catalyse.test"),
            ("Input.Code", "Y29kZS1pbnZhbGlkZQ"), ("Input.Password", Password), ("Input.ConfirmPassword", Password)),
        Get("/account/profile", Access.SignedIn),
        Post("/account/profile", Access.SignedIn, 302, ("Input.DisplayName", "{me.displayName}"), ("Input.Culture", "fr")),
        Post("/account/profile?handler=CreateToken", Access.SignedIn, 200, ("NewToken.Name", "matrice {unique}")),
        // Somebody else's token: the handler must leave it alone (checked in AuthorizationMatrixTests).
        Post("/account/profile?handler=RevokeToken&id={token}", Access.SignedIn, 302),
    ];

    /// <summary>Invitations into a territory (the link of the email).</summary>
    public static readonly AppRoute[] Invitations =
    [
        Get("/invitations/{invitation}", Access.Public),
        // Accepting needs an account; with an unknown token the signed-in person gets 404.
        Post("/invitations/00000000000000000000", Access.SignedIn, 404),
    ];

    /// <summary>Territories: creation, home, programme, team; their map data.</summary>
    public static readonly AppRoute[] Territories =
    [
        Get("/territories/new", Access.Coordinator),
        Get("/territories/new?handler=Search&q=gueret", Access.Coordinator),
        Post("/territories/new?handler=Search", Access.Coordinator, 200, ("q", "23096")),
        Post("/territories/new", Access.Coordinator, 302, ("Input.Name", "Territoire matrice {unique}"), ("Input.Slug", "matrice-{unique}"),
            ("Input.Description", "Créé par la matrice d'autorisation."), ("Input.Themes", "essai"), ("Input.Type", "Rural"),
            ("Input.Perimeter", "commune:23096")),
        Get("/t/{slug}", Access.Public),
        Get("/t/{slug}/perimeter.geojson", Access.Public),
        Get("/t/{slug}/programme", Access.Public),
        Get("/t/{slug}/edit", Access.TerritoryCatalyst),
        Post("/t/{slug}/edit", Access.TerritoryCatalyst, 302, ("Input.Name", "{territory.name}"), ("Input.Description", "{territory.description}"),
            ("Input.Themes", "{territory.themes}"), ("Input.Type", "{territory.type}"), ("Input.Model", "{territory.model}")) with
        {
            ProbeForm = [("Input.Name", "Piraté {unique}"), ("Input.Description", "Piraté"), ("Input.Themes", "piraté")],
        },
        Get("/t/{slug}/programme/7/edit", Access.TerritoryCatalyst),
        Post("/t/{slug}/programme/7/edit", Access.TerritoryCatalyst, 302, ("Input.Status", "NotStarted"),
            ("Input.StartDate", "2027-01-01"), ("Input.DueDate", "2027-06-30"), ("Input.Deliverables", "Schéma directeur"), ("Input.Notes", "")),
        Get("/t/{slug}/team", Access.TerritoryCatalyst),
        Post("/t/{slug}/team?handler=Invite", Access.TerritoryCatalyst, 302, ("Input.Email", "invitation-{unique}@catalyse.test"), ("Input.Role", "Member")),
        Post("/t/{slug}/team?handler=Role&id={victim}", Access.TerritoryCatalyst, 302, ("role", "Catalyst")),
        Post("/t/{slug}/team?handler=Remove&id={victim}", Access.TerritoryCatalyst, 302),
    ];

    /// <summary>The REST API, its description and the health probe.</summary>
    public static readonly AppRoute[] Api =
    [
        Get("/health", Access.Public),
        Get("/openapi/v1.json", Access.Public),
        // The API reference page (Scalar): the short address redirects to the page itself.
        Get("/api-docs", Access.Public, 302),
        Get("/api-docs/", Access.Public),
        // Static assets of the API reference page (Scalar).
        Get("/api-docs/scalar.js", Access.Public),
        Get("/api-docs/scalar.aspnetcore.js", Access.Public),
        Get("/api-docs/favicon.svg", Access.Public),
        // By postal code (the search by name is exercised by /territories/new?handler=Search).
        Get("/api/v1/geo/search?q=23000", Access.Public),
        Get("/geo/regions.geojson", Access.Public),
        Get("/api/v1/territories", Access.Public),
        Get("/api/v1/territories/{slug}", Access.Public),
        new("POST", "/api/v1/territories", Access.Coordinator)
        {
            Bearer = true, AllowedStatus = 201,
            Json = """{"name":"Territoire API {unique}","slug":"api-{unique}","themes":["essai"],"type":"rural","perimeter":{"communes":["23096"]}}""",
        },
    ];
}

/// <summary>The registry lists every route of the app, and nothing that does not exist.</summary>
public abstract class RouteRegistryTests(CatalyseFactory factory)
{
    /// <summary>One thing a client can call: method, route pattern and, for pages, the handler name.</summary>
    public sealed record AppEndpoint(string Method, string Pattern, string? Handler, bool IsPage)
    {
        public override string ToString() => $"{Method} /{Pattern.TrimStart('/')}" + (Handler is null ? "" : $"?handler={Handler}");
    }

    /// <summary>Every page handler and every mapped endpoint of the running app.</summary>
    public static List<AppEndpoint> Endpoints(IServiceProvider services)
    {
        var result = new List<AppEndpoint>();
        var endpoints = services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().Distinct();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
            {
                if (page.HandlerMethods.Count == 0) result.Add(new("GET", pattern, null, true));
                result.AddRange(page.HandlerMethods.Select(h => new AppEndpoint(h.HttpMethod.ToUpperInvariant(), pattern, h.Name, true)));
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 } methods)
                result.AddRange(methods.HttpMethods.Select(m => new AppEndpoint(m, pattern, null, false)));
            else
                // No method constraint (e.g. health checks): at least GET must be registered.
                result.Add(new("GET", pattern, null, false));
        }
        return result.Distinct().ToList();
    }

    public static bool Matches(AppEndpoint endpoint, AppRoute route)
    {
        if (!string.Equals(endpoint.Method, route.Method, StringComparison.OrdinalIgnoreCase)) return false;
        if (endpoint.IsPage && !string.Equals(endpoint.Handler, route.Handler, StringComparison.OrdinalIgnoreCase)) return false;
        var template = TemplateParser.Parse(endpoint.Pattern.Trim('/'));
        var matcher = new TemplateMatcher(template, new RouteValueDictionary());
        var path = route.Path.Length > 1 ? route.Path.TrimEnd('/') : route.Path;
        return matcher.TryMatch(new PathString(path), new RouteValueDictionary());
    }

    [Fact]
    public void Every_page_handler_and_endpoint_of_the_app_is_registered()
    {
        var endpoints = Endpoints(factory.Services);
        Assert.Contains(endpoints, e => e.IsPage);
        Assert.Contains(endpoints, e => !e.IsPage);
        var missing = endpoints.Where(e => !RouteRegistry.All.Any(r => Matches(e, r))).Select(e => e.ToString()).Order().ToList();
        Assert.True(missing.Count == 0,
            "Routes of the app missing from Security/RouteRegistry (add them with their access level):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_registered_route_exists_in_the_app()
    {
        var endpoints = Endpoints(factory.Services);
        var stale = RouteRegistry.All.Where(r => !endpoints.Any(e => Matches(e, r))).Select(r => r.ToString()).ToList();
        Assert.True(stale.Count == 0, "Registered routes that the app does not serve:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Registry_entries_are_unique_and_well_formed()
    {
        var duplicates = RouteRegistry.All.GroupBy(r => r.ToString()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        foreach (var route in RouteRegistry.All)
        {
            Assert.True(route.Method is "GET" or "POST", $"{route}: only GET and POST are exercised so far");
            Assert.StartsWith("/", route.Url);
            if (!route.IsPost) Assert.True(route.Form.Count == 0 && route.Json is null, $"{route}: a GET has no body");
            if (route.Bearer) Assert.True(route.IsApi, $"{route}: Bearer authentication is for the API");
            if (route.Access is Access.TerritoryMember or Access.TerritoryCatalyst)
                Assert.True(route.IsTerritoryRoute, $"{route}: a territory access level needs a {{slug}} in the URL");
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RouteRegistrySqliteTests(CatalyseFactory factory) : RouteRegistryTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class RouteRegistryPostgresTests(PostgresFactory factory) : RouteRegistryTests(factory);
