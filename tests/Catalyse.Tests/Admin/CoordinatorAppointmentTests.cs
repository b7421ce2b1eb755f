using System.Net;
using Catalyse.Tests.Infrastructure;

namespace Catalyse.Tests.Admin;

/// <summary>The platform administrator appoints network coordinators, and removes them.</summary>
public abstract class CoordinatorAppointmentTests(CatalyseFactory factory)
{
    [Fact]
    public async Task Admin_appoints_a_coordinator_who_can_then_create_territories_and_removes_the_role()
    {
        var email = Unique.Email("coord");
        await People.CreateConfirmedAsync(factory, email);
        using (var person = factory.Client())
        {
            await person.SignInAsync(email, People.Password);
            Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync("/territories/new")).StatusCode);
        }

        using var admin = await factory.SignedInAsync("admin@catalyse.demo");
        var list = await admin.GetDocumentAsync($"/admin/people?q={Uri.EscapeDataString(email)}");
        var row = Assert.Single(list.QuerySelectorAll("tbody tr"));
        Assert.Contains(email, row.TextContent);
        var grant = row.QuerySelector("form[action*='handler=Grant']")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(grant, [], "/admin/people")).StatusCode);

        using (var person = factory.Client())
        {
            await person.SignInAsync(email, People.Password);
            Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/territories/new")).StatusCode);
        }

        var revoke = (await admin.GetDocumentAsync($"/admin/people?q={Uri.EscapeDataString(email)}"))
            .QuerySelector("form[action*='handler=Revoke']")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(revoke, [], "/admin/people")).StatusCode);
        using (var person = factory.Client())
        {
            await person.SignInAsync(email, People.Password);
            Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync("/territories/new")).StatusCode);
        }
    }

    [Theory]
    [InlineData("coordination@catalyse.demo")]
    [InlineData("catalyseur.gueret@catalyse.demo")]
    public async Task Only_the_administrator_appoints(string who)
    {
        var email = Unique.Email("notcoord");
        var user = await People.CreateConfirmedAsync(factory, email);
        using var client = await factory.SignedInAsync(who);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/people")).StatusCode);
        var response = await client.PostFormAsync($"/admin/people?handler=Grant&id={user.Id}", [], "/");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var person = factory.Client();
        await person.SignInAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync("/territories/new")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CoordinatorAppointmentSqliteTests(CatalyseFactory factory) : CoordinatorAppointmentTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CoordinatorAppointmentPostgresTests(PostgresFactory factory) : CoordinatorAppointmentTests(factory);
