using System.Net;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Demo;

namespace Catalyse.Tests.Security;

/// <summary>The app with low limits: 3 account-form POSTs and 5 API calls per minute and per address.</summary>
public sealed class RateLimitedFactory : CatalyseFactory
{
    public const int AuthPerMinute = 3;
    public const int ApiPerMinute = 5;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Catalyse:RateLimits:AuthPerMinute"] = AuthPerMinute.ToString(),
        ["Catalyse:RateLimits:ApiPerMinute"] = ApiPerMinute.ToString(),
    };
}

[CollectionDefinition(Name)]
public sealed class RateLimitCollection : ICollectionFixture<RateLimitedFactory> { public const string Name = "rate-limits"; }

/// <summary>
/// The limiter partitions by remote address; under TestServer every request shares one, so each test
/// uses its own partition (account forms, API) and walks through it once. The limiter is in memory and
/// the same whatever the database: these tests run on SQLite only.
/// </summary>
[Collection(RateLimitCollection.Name)]
public sealed class RateLimitTests(RateLimitedFactory factory)
{
    private const string Unknown = "personne-inconnue@catalyse.test";

    [Fact]
    public async Task Fourth_sign_in_in_a_minute_gets_429_with_a_localised_message_while_pages_still_work()
    {
        using var client = factory.Client();
        for (var i = 1; i <= RateLimitedFactory.AuthPerMinute; i++)
        {
            using var attempt = await client.PostFormAsync("/account/login", ("Input.Email", Unknown), ("Input.Password", "Mauvais-mot-de-passe-1"));
            Assert.Equal(HttpStatusCode.BadRequest, attempt.StatusCode);
        }

        // Even with the right password: the fourth sign-in of the minute is refused, and nobody is signed in.
        using var fourth = await client.PostFormAsync("/account/login",
            ("Input.Email", Persona.Resident.Email()!), ("Input.Password", DemoNetwork.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal("60", fourth.Headers.RetryAfter?.ToString());
        // A person at a form gets the friendly page, in French by default.
        Assert.Equal("text/html", fourth.Content.Headers.ContentType?.MediaType);
        var page = TestClient.Parse(await fourth.Content.ReadAsStringAsync());
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Trop de tentatives", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Trop de tentatives. Réessayez dans une minute.", page.QuerySelector("main")?.TextContent);
        Assert.False(fourth.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("catalyse.auth=")),
            "a refused sign-in must not sign in");

        // The other account forms share the limit; the page follows the language chosen (the switch itself is not limited).
        using var register = await client.PostFormAsync("/account/register", ("Input.DisplayName", "Quelqu'un"),
            ("Input.Email", "limite@catalyse.test"), ("Input.Password", "Motdepasse-2026"), ("Input.ConfirmPassword", "Motdepasse-2026"));
        Assert.Equal(HttpStatusCode.TooManyRequests, register.StatusCode);
        using var english = await client.PostFormAsync("/culture", ("culture", "en"), ("returnUrl", "/"));
        Assert.Equal(HttpStatusCode.Redirect, english.StatusCode);
        using var forgot = await client.PostFormAsync("/account/forgot-password", ("Input.Email", Unknown));
        Assert.Equal(HttpStatusCode.TooManyRequests, forgot.StatusCode);
        Assert.Equal("Too many attempts", TestClient.Parse(await forgot.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(0, await factory.WithDbAsync(db => Task.FromResult(db.Users.Count(u => u.Email == "limite@catalyse.test"))));

        // Reading pages is not limited.
        foreach (var url in new[] { "/account/login", "/", "/t/grand-gueret", "/account/register" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Api_call_beyond_the_limit_gets_429_problem_details_while_pages_still_work()
    {
        using var client = factory.Client();
        for (var i = 1; i <= RateLimitedFactory.ApiPerMinute; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/territories")).StatusCode);

        using var refused = await client.GetAsync("/api/v1/territories/grand-gueret");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Trop de tentatives. Réessayez dans une minute.", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/t/grand-gueret")).StatusCode);
    }
}
