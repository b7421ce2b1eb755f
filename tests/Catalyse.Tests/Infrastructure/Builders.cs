using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Infrastructure;

/// <summary>Unique names, so that tests sharing a factory never collide.</summary>
public static class Unique
{
    /// <summary>A valid territory slug: lower-case hex after a short prefix, 3–60 characters.</summary>
    public static string Slug(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}";

    public static string Email(string prefix = "user") => $"{prefix}.{Guid.NewGuid():N}@example.test";
}

/// <summary>People: sign-up through the real pages, or a confirmed account made directly.</summary>
public static class People
{
    public const string Password = "Test-password-2026";

    /// <summary>Posts the sign-up form; the page answers 200 and a confirmation mail is dropped.</summary>
    public static async Task<HttpResponseMessage> SignUpAsync(TestClient client, string email, string displayName = "Personne de test", string password = Password) =>
        await client.PostFormAsync("/account/register",
            ("Input.DisplayName", displayName), ("Input.Email", email),
            ("Input.Password", password), ("Input.ConfirmPassword", password));

    /// <summary>Opens the link of the latest confirmation mail sent to <paramref name="email"/>.</summary>
    public static async Task<HttpResponseMessage> ConfirmFromMailAsync(TestClient client, string email)
    {
        var mail = await Mailbox.LatestToAsync(client.Factory.MailFolder, email);
        return await client.GetAsync(PathOf(Mailbox.Link(mail, "/account/confirm")));
    }

    /// <summary>Sign up, confirm by mail and sign in: the whole path a new person takes.</summary>
    public static async Task<TestClient> SignUpConfirmedAsync(CatalyseFactory factory, string email, string displayName = "Personne de test")
    {
        var client = factory.Client();
        var signUp = await SignUpAsync(client, email, displayName);
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmFromMailAsync(client, email)).StatusCode);
        await client.SignInAsync(email, Password);
        return client;
    }

    /// <summary>A confirmed account created with Identity directly, for tests that are not about sign-up.</summary>
    public static async Task<User> CreateConfirmedAsync(CatalyseFactory factory, string email, string password = Password)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test " + email[..8], CreatedAt = DateTimeOffset.UtcNow };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>The path and query of an absolute link from a mail (the test server answers on any host).</summary>
    public static string PathOf(string link) => new Uri(link).PathAndQuery;
}

/// <summary>Personal access tokens, created the way a person does: on the profile page.</summary>
public static class Tokens
{
    private static readonly ConcurrentDictionary<(CatalyseFactory, string), Lazy<Task<string>>> Cache = new();

    /// <summary>Creates a token on /account/profile and returns the value the page shows once.</summary>
    public static async Task<string> CreateOnProfileAsync(TestClient signedIn, string name)
    {
        var response = await signedIn.PostFormAsync("/account/profile?handler=CreateToken", ("NewToken.Name", name));
        var html = await response.Content.ReadAsStringAsync();
        var doc = TestClient.Parse(html);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"Creating a token: {(int)response.StatusCode} {doc.QuerySelector("main")?.TextContent.Trim() ?? html}");
        var token = doc.QuerySelector("#created-token")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(token), "The profile page did not show the new token.");
        return token!;
    }

    /// <summary>One token per demo account and factory, made on first use (an account keeps 20 active tokens at most).</summary>
    public static Task<string> OfDemoAccountAsync(CatalyseFactory factory, string email) =>
        Cache.GetOrAdd((factory, email), key => new Lazy<Task<string>>(async () =>
        {
            using var client = await key.Item1.SignedInAsync(key.Item2, DemoNetwork.Password);
            return await CreateOnProfileAsync(client, "tests " + Guid.NewGuid().ToString("N")[..8]);
        })).Value;
}

/// <summary>Territories created through the API, as a network coordinator would.</summary>
public static class TerritoryBuilder
{
    /// <summary>
    /// Names of test territories start with this, so that they sort after the demo territories in
    /// every collation and leave the first page of the network (which other tests read) as it was.
    /// </summary>
    public const string NamePrefix = "Zz ";

    public static object Perimeter(string[]? epci = null, string[]? communes = null, string[]? departements = null, string[]? regions = null) =>
        new { regions = regions ?? [], departements = departements ?? [], epci = epci ?? [], communes = communes ?? [] };

    public static Task<HttpResponseMessage> PostAsync(CatalyseFactory factory, object body, string? token = CatalyseFactory.AdminToken)
    {
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/territories") { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return client.SendAsync(request);
    }

    /// <summary>Creates a territory (admin token by default) and returns the API's answer.</summary>
    public static async Task<JsonElement> CreateAsync(CatalyseFactory factory, string slug, object? perimeter = null, string? name = null, string token = CatalyseFactory.AdminToken)
    {
        var response = await PostAsync(factory, new
        {
            name = name ?? NamePrefix + "territoire de test " + slug[^Math.Min(6, slug.Length)..],
            slug,
            description = "Créé par un test.",
            themes = new[] { "essai" },
            perimeter = perimeter ?? Perimeter(communes: ["23096"]),
        }, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {slug}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>
/// The official geography files the app ships (ReferenceData/geo), read independently of the app's
/// loader so that tests compute expected figures from the source, not from the app's own tables.
/// </summary>
public sealed class ReferenceFiles
{
    public sealed record EpciRow(string Code, string Name, long Population, IReadOnlyList<(string Code, string Name, long Population)> Members);

    public string Folder { get; }
    public IReadOnlyDictionary<string, EpciRow> Epci { get; }
    /// <summary>Population of each commune that belongs to an EPCI (epci.json is where populations come from).</summary>
    public IReadOnlyDictionary<string, long> CommunePopulation { get; }

    private ReferenceFiles(string folder)
    {
        Folder = folder;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "epci.json")));
        var epci = new Dictionary<string, EpciRow>();
        var population = new Dictionary<string, long>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var members = e.GetProperty("membres").EnumerateArray()
                .Select(m => (m.GetProperty("code").GetString()!, m.GetProperty("nom").GetString()!, m.GetProperty("populationTotale").GetInt64()))
                .ToList();
            var code = e.GetProperty("code").GetString()!;
            epci[code] = new EpciRow(code, e.GetProperty("nom").GetString()!, e.GetProperty("populationTotale").GetInt64(), members);
            foreach (var m in members) population[m.Item1] = m.Item3;
        }
        Epci = epci;
        CommunePopulation = population;
    }

    private static readonly ConcurrentDictionary<string, ReferenceFiles> Loaded = new();

    /// <summary>The files of the app's content root (the same folder its loader reads).</summary>
    public static ReferenceFiles Of(CatalyseFactory factory)
    {
        var env = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>();
        var folder = Catalyse.Web.Infrastructure.Geo.ReferenceGeographyLoader.GeoFolder(env);
        return Loaded.GetOrAdd(folder, f => new ReferenceFiles(f));
    }

    /// <summary>The distinct communes covered by some EPCI and some communes, with their total population.</summary>
    public (IReadOnlyList<string> Communes, long Population) Cover(IEnumerable<string> epci, IEnumerable<string> communes)
    {
        var codes = epci.SelectMany(e => Epci[e].Members.Select(m => m.Code)).Concat(communes).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        return (codes, codes.Sum(c => CommunePopulation.GetValueOrDefault(c)));
    }
}
