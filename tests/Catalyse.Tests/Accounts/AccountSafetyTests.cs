using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Accounts;

/// <summary>A deployment with Catalyse:PublicUrl set: links in mail never follow a forged Host header.</summary>
public sealed class PublicUrlFactory : CatalyseFactory
{
    public const string Url = "https://catalyse.example.org";
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Catalyse:PublicUrl"] = Url };
}

[CollectionDefinition(Name)]
public sealed class PublicUrlCollection : ICollectionFixture<PublicUrlFactory> { public const string Name = "public-url"; }

[Collection(PublicUrlCollection.Name)]
public sealed class PublicUrlTests(PublicUrlFactory factory)
{
    [Fact]
    public async Task A_forged_host_does_not_change_the_reset_link()
    {
        var email = Unique.Email("host");
        await People.CreateConfirmedAsync(factory, email);
        using var client = factory.Client();
        var token = await client.AntiforgeryTokenAsync("/account/forgot-password");
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/forgot-password")
        {
            Content = new FormUrlEncodedContent([new("Input.Email", email), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(request)).StatusCode);
        var mail = await Mailbox.LatestToAsync(factory.MailFolder, email);
        Assert.StartsWith(PublicUrlFactory.Url + "/account/reset-password?", Mailbox.Link(mail, "/account/reset-password"));
        Assert.DoesNotContain("evil.example", mail);
    }
}

/// <summary>A password reset revokes the person's API tokens.</summary>
public abstract class ResetRevokesTokensTests(CatalyseFactory factory)
{
    [Fact]
    public async Task Resetting_the_password_revokes_every_api_token()
    {
        var email = Unique.Email("revoke");
        await People.CreateConfirmedAsync(factory, email);
        var user = await factory.WithDbAsync(db => db.Users.FirstAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(user, "cat_revoke_" + Guid.NewGuid().ToString("N"), "script");

        using var client = factory.Client();
        await client.PostFormAsync("/account/forgot-password", ("Input.Email", email));
        var link = Mailbox.Link(await Mailbox.LatestToAsync(factory.MailFolder, email), "/account/reset-password");
        var page = await client.GetDocumentAsync(People.PathOf(link));
        var response = await client.PostFormAsync("/account/reset-password",
            ("Input.Email", page.QuerySelector("input[name='Input.Email']")!.GetAttribute("value")!),
            ("Input.Code", page.QuerySelector("input[name='Input.Code']")!.GetAttribute("value")!),
            ("Input.Password", "Nouveau-mot-de-passe-1"), ("Input.ConfirmPassword", "Nouveau-mot-de-passe-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == user.Id && t.RevokedAt == null)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ResetRevokesTokensSqliteTests(CatalyseFactory factory) : ResetRevokesTokensTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ResetRevokesTokensPostgresTests(PostgresFactory factory) : ResetRevokesTokensTests(factory);
