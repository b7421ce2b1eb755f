using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Accounts;

/// <summary>Account mail is limited per address, whatever the number of requests or IPs.</summary>
public abstract class AccountMailLimitTests(CatalyseFactory factory)
{
    private async Task<string> ConfirmedUserAsync()
    {
        var email = $"limit-{Guid.NewGuid():N}@example.org";
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var result = await users.CreateAsync(new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Limite" }, "Password-12345");
        Assert.True(result.Succeeded);
        return email;
    }

    private int MailsTo(string email) =>
        System.IO.Directory.EnumerateFiles(factory.MailFolder, "*.eml").Count(f => File.ReadAllText(f).Contains($"To: {email}", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Repeated_reset_requests_for_one_address_send_one_mail()
    {
        var email = await ConfirmedUserAsync();
        using var client = factory.Client();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.PostFormAsync("/account/forgot-password", ("Input.Email", email));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // same answer every time: nothing is revealed
        }
        Assert.Equal(1, MailsTo(email));
    }

    [Fact]
    public async Task Parallel_reset_requests_for_one_address_send_one_mail()
    {
        var email = await ConfirmedUserAsync();
        var clients = Enumerable.Range(0, 5).Select(_ => factory.Client()).ToList();
        var tokens = await Task.WhenAll(clients.Select(c => c.AntiforgeryTokenAsync("/account/forgot-password")));
        await Task.WhenAll(clients.Select((c, i) => c.Http.PostAsync("/account/forgot-password", new FormUrlEncodedContent(
            [new("Input.Email", email), new("__RequestVerificationToken", tokens[i])]))));
        Assert.Equal(1, MailsTo(email));
        clients.ForEach(c => c.Dispose());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountMailLimitSqliteTests(CatalyseFactory factory) : AccountMailLimitTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class AccountMailLimitPostgresTests(PostgresFactory factory) : AccountMailLimitTests(factory);
