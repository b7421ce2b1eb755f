using System.Net;
using Catalyse.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Accounts;

/// <summary>An SMTP server that refuses connections (a closed port on this machine).</summary>
public sealed class BrokenMailFactory : CatalyseFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Catalyse:Mail:Smtp:Host"] = "127.0.0.1", ["Catalyse:Mail:Smtp:Port"] = "1", ["Catalyse:Mail:Smtp:Security"] = "None",
    };
}

[CollectionDefinition(Name)]
public sealed class BrokenMailCollection : ICollectionFixture<BrokenMailFactory> { public const string Name = "broken-mail"; }

/// <summary>When mail cannot leave, people are told and nothing unusable is left behind — never a 500.</summary>
[Collection(BrokenMailCollection.Name)]
public sealed class MailFailureTests(BrokenMailFactory factory)
{
    [Fact]
    public async Task An_invitation_that_cannot_be_mailed_is_not_kept_and_the_catalyst_is_told()
    {
        using var catalyst = await factory.SignedInAsync("catalyseur.gueret@catalyse.demo");
        var email = Unique.Email("undeliverable");
        var response = await catalyst.PostFormAsync("/t/grand-gueret/team?handler=Invite", ("Input.Email", email), ("Input.Role", "Member"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent;
        Assert.Contains("n'a pas pu être envoyé", message);
        Assert.False(await factory.WithDbAsync(db => db.Invitations.IgnoreQueryFilters().AnyAsync(i => i.Email == email)));
    }

    [Fact]
    public async Task Sign_up_when_mail_is_down_says_how_to_ask_again_and_allows_it_at_once()
    {
        var email = Unique.Email("mail-down");
        using var client = factory.Client();
        var response = await People.SignUpAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector("main a[href='/account/resend-confirmation']"));
        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
        Assert.Null(user.LastConfirmationMailAt); // the per-address limit does not hold back the next try
    }

    [Fact]
    public async Task A_reset_request_when_mail_is_down_gets_the_usual_answer()
    {
        var email = Unique.Email("reset-down");
        await People.CreateConfirmedAsync(factory, email);
        using var client = factory.Client();
        var response = await client.PostFormAsync("/account/forgot-password", ("Input.Email", email));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".flash[role=status]"));
    }
}
