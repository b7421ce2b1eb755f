using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Petitions;
using Catalyse.Web.Features.Participation.Votes;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>One cell of the matrix: a registered route, a person, and for territory routes the territory of the URL.</summary>
public sealed record MatrixCell(AppRoute Route, Persona Persona, string? Slug)
{
    public bool Allowed => Persona.IsAllowed(Route.Access, Slug);

    public string Url => Slug is null ? Route.Url : Route.Url.Replace("{slug}", Slug);

    public string Who => Persona.Label() + (Slug is null || Persona.OwnTerritory() is null ? ""
        : Persona.OwnTerritory() == Slug ? " (own territory)" : " (other territory)");

    public string Expected => Allowed ? "allowed" : "refused";

    public string Name => Key(Route.Method, Url, Who, Expected);

    /// <summary>The theory's arguments are short strings (xunit cuts longer ones in test names).</summary>
    public static string Key(string method, string url, string who, string expected) => $"{method} {url} | {who} | {expected}";
}

/// <summary>
/// Every registered route × every persona × own and other territory. Allowed: the exact status of the
/// registry (never 401/403, never a redirect to sign-in or to the denied page). Refused: anonymous visitors
/// are sent to <c>/account/login</c> (API: 401), signed-in people to <c>/account/denied</c> (API: 403),
/// both with the original address as ReturnUrl; a refused POST writes nothing.
/// </summary>
public abstract class AuthorizationMatrixTests(CatalyseFactory factory)
{
    public static readonly IReadOnlyDictionary<string, MatrixCell> AllCells = BuildCells();

    private static Dictionary<string, MatrixCell> BuildCells()
    {
        var cells = new Dictionary<string, MatrixCell>();
        foreach (var route in RouteRegistry.All)
            foreach (var slug in route.IsTerritoryRoute ? [RouteRegistry.Gueret, RouteRegistry.Grenoble] : new string?[] { null })
                foreach (var persona in PersonaInfo.All)
                {
                    var cell = new MatrixCell(route, persona, slug);
                    cells.Add(cell.Name, cell);
                }
        return cells;
    }

    public static TheoryData<string, string, string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var c in AllCells.Values) data.Add(c.Route.Method, c.Url, c.Who, c.Expected);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Route_answers_as_the_access_rule_says(string method, string url, string who, string expected)
    {
        var cell = MatrixCell.Key(method, url, who, expected);
        var c = AllCells[cell];
        var personas = Personas.For(factory);
        var client = c.Route.Bearer ? await personas.ApiClientAsync(c.Persona) : await personas.ClientAsync(c.Persona);
        await using var arranged = await MatrixArrange.ResolveAsync(factory, c);
        try
        {
            var before = c.Route.IsPost && !c.Allowed ? await DbFingerprint.TakeAsync(factory) : null;
            using var response = await MatrixArrange.SendAsync(client, c.Route, arranged.Url, arranged.Form, arranged.Json);
            if (c.Allowed) await AssertAllowedAsync(c, response);
            else await AssertRefusedAsync(c, arranged.Url, response);
            if (before is not null) DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), cell);
        }
        finally
        {
            if (c.Route.EndsSession && !c.Route.Bearer) personas.Forget(c.Persona);
        }
    }

    private static async Task AssertAllowedAsync(MatrixCell c, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = status >= 500 ? await response.Content.ReadAsStringAsync() : "";
        Assert.True(status < 500, $"{c.Name}: {status}\n{body}");
        if (response.Headers.Location is { } location)
        {
            var path = Absolute(location).AbsolutePath;
            Assert.False(path is "/account/login" or "/account/denied", $"{c.Name}: redirected to {location}");
        }
        if (c.Route.AllowedStatus is { } expected && expected != status)
            Assert.Fail($"{c.Name}: expected {expected}, got {status} {response.Headers.Location} {await ErrorsAsync(response)}");
        else
            Assert.True(status is not (401 or 403), $"{c.Name}: {status}");
    }

    /// <summary>The form errors of a page, or the start of another body, to explain a failure.</summary>
    private static async Task<string> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "text/html") return body.Length > 500 ? body[..500] : body;
        var doc = TestClient.Parse(body);
        return string.Join(" / ", doc.QuerySelectorAll(".field-error, .error-summary, .validation-summary-errors, h1")
            .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
    }

    private static async Task AssertRefusedAsync(MatrixCell c, string url, HttpResponseMessage response)
    {
        var anonymous = c.Persona == Persona.Anonymous;
        if (c.Route.IsApi)
        {
            Assert.True(response.StatusCode == (anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden),
                $"{c.Name}: got {(int)response.StatusCode}");
            if (anonymous && c.Route.Bearer) Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
            return;
        }
        if (anonymous)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{c.Name}: expected a redirect to sign in, got {(int)response.StatusCode}");
            var location = Absolute(response.Headers.Location!);
            Assert.Equal("/account/login", location.AbsolutePath);
            Assert.Equal(url, QueryHelpers.ParseQuery(location.Query)["ReturnUrl"].ToString());
            return;
        }
        // Signed in without the right: 403 in place, with the friendly error page (no redirect).
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{c.Name}: expected 403, got {(int)response.StatusCode} {response.Headers.Location}");
        Assert.Null(response.Headers.Location);
        var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Accès refusé", doc.QuerySelector("h1")?.TextContent.Trim());
    }

    private static Uri Absolute(Uri location) => location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);

    /// <summary>The API takes only tokens: a signed-in coordinator's cookie is not enough (no CSRF through the API).</summary>
    [Fact]
    public async Task Api_mutation_with_a_cookie_session_but_no_token_is_401_and_writes_nothing()
    {
        var client = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        var before = await DbFingerprint.TakeAsync(factory);
        var route = RouteRegistry.All.Single(r => r is { Method: "POST", Bearer: true, Url: "/api/v1/territories" });
        await using var arranged = await MatrixArrange.ResolveAsync(factory, new MatrixCell(route, Persona.Coordinator, null));
        using var response = await MatrixArrange.SendAsync(client, route, arranged.Url, arranged.Form, arranged.Json);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "cookie-only API POST");
    }

    [Theory]
    [InlineData("cat_unknown_token_0123456789abcdef")]
    [InlineData("short")]
    public async Task Api_mutation_with_an_unknown_or_malformed_token_is_401(string token)
    {
        using var client = factory.Client();
        client.UseToken(token);
        var route = RouteRegistry.All.Single(r => r is { Method: "POST", Bearer: true, Url: "/api/v1/territories" });
        var before = await DbFingerprint.TakeAsync(factory);
        await using var arranged = await MatrixArrange.ResolveAsync(factory, new MatrixCell(route, Persona.Admin, null));
        using var response = await MatrixArrange.SendAsync(client, route, arranged.Url, arranged.Form, arranged.Json);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "API POST with a bad token");
    }

    [Fact]
    public async Task A_revoked_token_no_longer_authenticates()
    {
        var token = "cat_matrix_revoked_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await factory.WithDbAsync(async db =>
        {
            using var scope = factory.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var coordinator = (await users.FindByEmailAsync(Persona.Coordinator.Email()!))!;
            await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(coordinator, token, "révoqué");
            var hash = ApiTokenAuthentication.Hash(token);
            await db.ApiTokens.Where(t => t.TokenHash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow));
        });
        using var client = factory.Client();
        client.UseToken(token);
        var route = RouteRegistry.All.Single(r => r is { Method: "POST", Bearer: true, Url: "/api/v1/territories" });
        await using var arranged = await MatrixArrange.ResolveAsync(factory, new MatrixCell(route, Persona.Coordinator, null));
        using var response = await MatrixArrange.SendAsync(client, route, arranged.Url, arranged.Form, arranged.Json);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>htmx requests get a status, not a redirect the fragment would swallow.</summary>
    [Fact]
    public async Task Htmx_request_refused_gets_401_or_403_instead_of_a_redirect()
    {
        foreach (var (persona, expected) in new[] { (Persona.Anonymous, HttpStatusCode.Unauthorized), (Persona.Resident, HttpStatusCode.Forbidden) })
        {
            var client = await Personas.For(factory).ClientAsync(persona);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/territories/new?handler=Search&q=gueret");
            request.Headers.Add("HX-Request", "true");
            using var response = await client.Http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    /// <summary>The membership id of another territory cannot be reached through one's own territory's URL.</summary>
    [Theory]
    [InlineData("Remove")]
    [InlineData("Role")]
    public async Task Catalyst_cannot_change_a_membership_of_another_territory_through_their_own(string handler)
    {
        var client = await Personas.For(factory).ClientAsync(Persona.CatalystGueret);
        await using var victim = await MatrixArrange.ResolveAsync(factory,
            new MatrixCell(new AppRoute("POST", "/t/{slug}/team?id={victim}", Access.TerritoryCatalyst), Persona.CatalystGueret, RouteRegistry.Grenoble));
        var id = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), victim.Url).Query)["id"].ToString();
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync($"/t/{RouteRegistry.Gueret}/team?handler={handler}&id={id}",
            [new("role", "Catalyst")], tokenFrom: "/account/login");
        Assert.Equal(handler == "Remove" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{handler} across territories");
    }

    [Fact]
    public async Task Revoking_somebody_elses_token_leaves_it_active()
    {
        var client = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        var route = RouteRegistry.All.Single(r => r.Url.Contains("handler=RevokeToken"));
        await using var arranged = await MatrixArrange.ResolveAsync(factory, new MatrixCell(route, Persona.Coordinator, null));
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await MatrixArrange.SendAsync(client, route, arranged.Url, arranged.Form, arranged.Json);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "revoking another person's token");
    }

    /// <summary>Network staff see a territory's team, and only that territory's people.</summary>
    [Fact]
    public async Task Team_page_lists_only_the_people_of_its_territory()
    {
        var client = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        var html = await (await client.GetAsync($"/t/{RouteRegistry.Gueret}/team")).Content.ReadAsStringAsync();
        Assert.Contains(Persona.CatalystGueret.Email()!, html);
        Assert.Contains(Persona.MemberGueret.Email()!, html);
        Assert.DoesNotContain(Persona.CatalystGrenoble.Email()!, html);
        Assert.DoesNotContain("catalyseur.mirecourt@catalyse.demo", html);
    }
}

/// <summary>Resolves the placeholders of a registered route (creating what they name) and sends its request.</summary>
public static class MatrixArrange
{
    public sealed class Arranged(string url, IReadOnlyList<KeyValuePair<string, string>> form, string? json, Func<Task> cleanup) : IAsyncDisposable
    {
        public string Url => url;
        public IReadOnlyList<KeyValuePair<string, string>> Form => form;
        public string? Json => json;
        public ValueTask DisposeAsync() => new(cleanup());
    }

    public static async Task<Arranged> ResolveAsync(CatalyseFactory factory, MatrixCell cell)
    {
        var cleanups = new List<Func<CatalyseFactory, Task>>();
        var values = new Dictionary<string, string>();
        async Task<string> Value(string name)
        {
            if (values.TryGetValue(name, out var v)) return v;
            v = name switch
            {
                "slug" => cell.Slug ?? throw new InvalidOperationException($"{cell.Route}: {{slug}} outside a territory route"),
                "unique" => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
                "victim" => await VictimMembershipAsync(factory, cell.Slug!, cleanups),
                "token" => await VictimTokenAsync(factory, cleanups),
                "invitation" => await InvitationAsync(factory, cleanups),
                "me.displayName" => await DisplayNameAsync(factory, cell.Persona),
                "entry" => await PublishedEntryAsync(factory, cell.Slug, values, cleanups),
                "entry.commune" => await Value("entry") is { } _ ? values["entry.commune"] : "",
                "authority" => await AuthorityAsync(factory, cell.Slug!, cleanups),
                "petition" => await PetitionAsync(factory, cell.Slug!, int.Parse(await Value("authority")), open: true, cleanups),
                "petition.review" => await PetitionAsync(factory, cell.Slug!, int.Parse(await Value("authority")), open: false, cleanups),
                "vote" => await VoteAsync(factory, cell.Slug!, closed: false, values, cleanups),
                "vote.option" => await Value("vote") is { } _ ? values["vote.option"] : "",
                "vote.closed" => await VoteAsync(factory, cell.Slug!, closed: true, null, cleanups),
                "survey" => await SurveyAsync(factory, cell.Slug!, values, cleanups),
                "survey.question" or "survey.choice" => await Value("survey") is { } _ ? values[name] : "",
                "need" => await MarketplaceFixtures.NeedAsync(factory, cell.Slug!, cleanups),
                "offer" => await MarketplaceFixtures.OfferAsync(factory, cell.Slug!, pioneer: false, cleanups),
                "offer.pioneer" => await MarketplaceFixtures.OfferAsync(factory, cell.Slug ?? RouteRegistry.Gueret, pioneer: true, cleanups),
                "solution" => await MarketplaceFixtures.SolutionAsync(factory, cleanups),
                "introduction" => await MarketplaceFixtures.IntroductionAsync(factory, cell.Slug!, cleanups),
                _ when name.StartsWith("territory.") => await TerritoryFieldAsync(factory, cell.Slug!, name["territory.".Length..]),
                _ => throw new InvalidOperationException($"{cell.Route}: unknown placeholder {{{name}}}"),
            };
            values[name] = v;
            return v;
        }
        async Task<string> Fill(string text)
        {
            var sb = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                var open = text.IndexOf('{', i);
                var close = open < 0 ? -1 : text.IndexOf('}', open);
                // JSON braces are not placeholders: a placeholder is {name} with a letter first.
                if (open < 0 || close < 0 || !char.IsLetter(text[open + 1]) || text[(open + 1)..close].Any(ch => !(char.IsLetterOrDigit(ch) || ch == '.')))
                {
                    if (open < 0) { sb.Append(text, i, text.Length - i); break; }
                    sb.Append(text, i, open - i + 1);
                    i = open + 1;
                    continue;
                }
                sb.Append(text, i, open - i).Append(await Value(text[(open + 1)..close]));
                i = close + 1;
            }
            return sb.ToString();
        }

        var url = await Fill(cell.Route.Url);
        var form = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in cell.Allowed ? cell.Route.Form : cell.Route.ProbeForm ?? cell.Route.Form) form.Add(new(key, await Fill(value)));
        var body = cell.Allowed ? cell.Route.Json : cell.Route.ProbeJson ?? cell.Route.Json;
        var json = body is null ? null : await Fill(body);
        // Undone in reverse order: what was made last may depend on what was made first (a petition on its authority).
        return new Arranged(url, form, json, async () => { foreach (var c in Enumerable.Reverse(cleanups)) await c(factory); });
    }

    public static async Task<HttpResponseMessage> SendAsync(TestClient client, AppRoute route, string url,
        IReadOnlyList<KeyValuePair<string, string>> form, string? json)
    {
        if (!route.IsPost) return await client.GetAsync(url);
        if (json is not null)
            return await client.Http.PostAsync(url, new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        return await client.PostFormAsync(url, form, tokenFrom: "/account/login");
    }

    private static async Task<string> VictimMembershipAsync(CatalyseFactory factory, string slug, List<Func<CatalyseFactory, Task>> cleanups)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = scope.ServiceProvider.GetRequiredService<Catalyse.Web.Infrastructure.Data.CatalyseDb>();
        var email = $"victime-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}@catalyse.test";
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Victime de la matrice", CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var territoryId = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var membership = new TerritoryMembership { TerritoryId = territoryId, UserId = user.Id, Role = TerritoryRole.Member, CreatedAt = DateTimeOffset.UtcNow };
        db.Memberships.Add(membership);
        await db.SaveChangesAsync();
        cleanups.Add(f => f.WithDbAsync(async d =>
        {
            await d.Memberships.IgnoreQueryFilters().Where(m => m.UserId == user.Id).ExecuteDeleteAsync();
            await d.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync();
        }));
        return membership.Id.ToString();
    }

    private static async Task<string> VictimTokenAsync(CatalyseFactory factory, List<Func<CatalyseFactory, Task>> cleanups)
    {
        var id = await factory.WithDbAsync(async db =>
        {
            var owner = await db.Users.Where(u => u.Email == CatalyseFactory.AdminEmail).Select(u => u.Id).SingleAsync();
            var token = new ApiToken
            {
                UserId = owner, Name = "victime", TokenHash = ApiTokenAuthentication.Hash(ApiTokenAuthentication.NewToken()),
                Prefix = "cat_vict", CreatedAt = DateTimeOffset.UtcNow,
            };
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync();
            return token.Id;
        });
        cleanups.Add(f => f.WithDbAsync(db => db.ApiTokens.Where(t => t.Id == id).ExecuteDeleteAsync()));
        return id.ToString();
    }

    private static async Task<string> InvitationAsync(CatalyseFactory factory, List<Func<CatalyseFactory, Task>> cleanups)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var id = await factory.WithDbAsync(async db =>
        {
            var inviter = await db.Users.Where(u => u.Email == CatalyseFactory.AdminEmail).Select(u => u.Id).SingleAsync();
            var territoryId = await db.Territories.Where(t => t.Slug == "mirecourt-dompaire").Select(t => t.Id).SingleAsync();
            var invitation = new Invitation
            {
                TerritoryId = territoryId, Email = $"invite-{token[..8]}@catalyse.test", Role = TerritoryRole.Member,
                TokenHash = ApiTokenAuthentication.Hash(token), InvitedById = inviter,
                CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(14),
            };
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync();
            return invitation.Id;
        });
        cleanups.Add(f => f.WithDbAsync(db => db.Invitations.IgnoreQueryFilters().Where(i => i.Id == id).ExecuteDeleteAsync()));
        return token;
    }

    /// <summary>A fresh published entry in a commune of the territory of the URL (Guéret for network routes).</summary>
    private static async Task<string> PublishedEntryAsync(CatalyseFactory factory, string? slug, Dictionary<string, string> values,
        List<Func<CatalyseFactory, Task>> cleanups)
    {
        var (id, commune) = await factory.WithDbAsync(async db =>
        {
            var commune = slug is null ? "23096" : await db.TerritoryCommunes.Where(tc => db.Territories.Any(t => t.Slug == slug && t.Id == tc.TerritoryId))
                .OrderBy(tc => tc.CommuneCode).Select(tc => tc.CommuneCode).FirstAsync();
            var entry = new Catalyse.Web.Features.Directory.Entry
            {
                Kind = Catalyse.Web.Features.Directory.EntryKind.Actor, Name = "Fiche de la matrice", CommuneCode = commune, Latitude = 46, Longitude = 2,
                Status = Catalyse.Web.Features.Directory.EntryStatus.Published, SearchText = " fiche de la matrice ",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Entries.Add(entry);
            await db.SaveChangesAsync();
            return (entry.Id, commune);
        });
        values["entry.commune"] = commune;
        cleanups.Add(f => f.WithDbAsync(db => db.Entries.Where(e => e.Id == id).ExecuteDeleteAsync()));
        return id.ToString();
    }

    /// <summary>A fresh authority of the territory of the URL, whose petitions any confirmed account may sign.</summary>
    private static async Task<string> AuthorityAsync(CatalyseFactory factory, string slug, List<Func<CatalyseFactory, Task>> cleanups)
    {
        var id = await factory.WithDbAsync(async db =>
        {
            var authority = new PetitionAuthority
            {
                TerritoryId = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync(),
                Name = $"Autorité de la matrice {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
                Competences = ["Voirie communale", "Espaces verts"], Quorum = 100, DurationDays = 30, SignerLevel = IdentityLevel.EmailConfirmed,
            };
            db.PetitionAuthorities.Add(authority);
            await db.SaveChangesAsync();
            return authority.Id;
        });
        cleanups.Add(f => f.WithDbAsync(async db =>
        {
            await db.Petitions.IgnoreQueryFilters().Where(p => p.AuthorityId == id).ExecuteDeleteAsync();
            await db.PetitionAuthorities.IgnoreQueryFilters().Where(a => a.Id == id).ExecuteDeleteAsync();
        }));
        return id.ToString();
    }

    /// <summary>A fresh petition to that authority, filed by somebody else than the personas: collecting signatures, or under review.</summary>
    private static async Task<string> PetitionAsync(CatalyseFactory factory, string slug, int authorityId, bool open,
        List<Func<CatalyseFactory, Task>> cleanups)
    {
        var id = await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var petition = new Petition
            {
                TerritoryId = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync(),
                AuthorityId = authorityId, AuthorId = await db.Users.Where(u => u.Email == CatalyseFactory.AdminEmail).Select(u => u.Id).SingleAsync(),
                Title = "Pétition de la matrice", Body = "Une pétition créée par la matrice d'autorisation, retirée après chaque cas.",
                Competence = "Voirie communale", CreatedAt = now, Quorum = 100, SignerLevel = IdentityLevel.EmailConfirmed,
                LogKey = RandomNumberGenerator.GetBytes(32),
            };
            if (open)
                (petition.Status, petition.ReviewedAt, petition.OpensAt, petition.ClosesAt) = (PetitionStatus.Collecting, now, now, now.AddDays(30));
            db.Petitions.Add(petition);
            await db.SaveChangesAsync();
            return petition.Id;
        });
        cleanups.Add(f => f.WithDbAsync(db => db.Petitions.IgnoreQueryFilters().Where(p => p.Id == id).ExecuteDeleteAsync()));
        return id.ToString();
    }

    /// <summary>
    /// A fresh vote of the territory of the URL, organised by somebody else than the personas: open (single choice, any
    /// confirmed account may vote; its first option goes to <c>{vote.option}</c>) or closed a day ago. Removed afterwards
    /// unless somebody voted (the roll and the ballots are append-only, and keep their vote).
    /// </summary>
    private static async Task<string> VoteAsync(CatalyseFactory factory, string slug, bool closed, Dictionary<string, string>? values,
        List<Func<CatalyseFactory, Task>> cleanups)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Catalyse.Web.Infrastructure.Data.CatalyseDb>();
        var territoryId = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var creator = await db.Users.Where(u => u.Email == CatalyseFactory.AdminEmail).Select(u => u.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var (vote, errors) = await scope.ServiceProvider.GetRequiredService<VoteService>().CreateAsync(territoryId, creator, new VoteInput(
            "Vote de la matrice", "Un vote créé par la matrice d'autorisation.", VoteMethod.Single, true, IdentityLevel.EmailConfirmed,
            closed ? now.AddDays(-2) : now.AddMinutes(-1), closed ? now.AddDays(-1) : now.AddDays(7), "Parc des Tilleuls\nParc Simone-Veil",
            null, null, null, null));
        Assert.True(vote is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        if (values is not null) values["vote.option"] = vote.Options.OrderBy(o => o.Position).First().Id.ToString();
        var id = vote.Id;
        cleanups.Add(f => f.WithDbAsync(d => d.Votes.IgnoreQueryFilters().Where(v => v.Id == id && !d.VoterRoll.Any(r => r.VoteId == id)).ExecuteDeleteAsync()));
        return id.ToString();
    }

    /// <summary>
    /// A fresh open survey of the territory of the URL (any confirmed account may answer) with one single-choice question
    /// (<c>{survey.question}</c>) and its first choice (<c>{survey.choice}</c>). Removed afterwards with its responses.
    /// </summary>
    private static async Task<string> SurveyAsync(CatalyseFactory factory, string slug, Dictionary<string, string> values, List<Func<CatalyseFactory, Task>> cleanups)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Catalyse.Web.Infrastructure.Data.CatalyseDb>();
        var territoryId = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var creator = await db.Users.Where(u => u.Email == CatalyseFactory.AdminEmail).Select(u => u.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var (survey, errors) = await scope.ServiceProvider.GetRequiredService<Catalyse.Web.Features.Participation.Surveys.SurveyService>().CreateAsync(territoryId, creator,
            new("Questionnaire de la matrice", "", IdentityLevel.EmailConfirmed, now.AddMinutes(-1), now.AddDays(7), false),
            [new("Quel jour vous convient ?", Catalyse.Web.Features.Participation.Surveys.QuestionKind.SingleChoice, true, "Mardi\nJeudi", null, null)], publish: true);
        Assert.True(survey is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        var question = survey.Questions.Single();
        values["survey.question"] = question.Id.ToString();
        values["survey.choice"] = question.Choices.OrderBy(c => c.Position).First().Id.ToString();
        var id = survey.Id;
        cleanups.Add(f => f.WithDbAsync(d => d.Surveys.IgnoreQueryFilters().Where(x => x.Id == id).ExecuteDeleteAsync()));
        return id.ToString();
    }

    private static Task<string> TerritoryFieldAsync(CatalyseFactory factory, string slug, string field) =>
        factory.WithDbAsync(async db =>
        {
            var t = await db.Territories.AsNoTracking().SingleAsync(t => t.Slug == slug);
            return field switch
            {
                "name" => t.Name,
                "description" => t.Description,
                "themes" => string.Join(", ", t.Themes),
                "type" => t.Type?.ToString() ?? "",
                "model" => t.Model?.ToString() ?? "",
                _ => throw new InvalidOperationException($"Unknown placeholder {{territory.{field}}}"),
            };
        });

    private static async Task<string> DisplayNameAsync(CatalyseFactory factory, Persona persona) =>
        persona.Email() is { } email
            ? await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync())
            : "Personne anonyme";
}

[Collection(SqliteCollection.Name)]
public sealed class AuthorizationMatrixSqliteTests(CatalyseFactory factory) : AuthorizationMatrixTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class AuthorizationMatrixPostgresTests(PostgresFactory factory) : AuthorizationMatrixTests(factory);
