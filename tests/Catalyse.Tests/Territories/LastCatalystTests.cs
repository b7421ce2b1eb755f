using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Memberships;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Territories;

/// <summary>A territory never loses its last catalyst by a click.</summary>
public abstract class LastCatalystTests(CatalyseFactory factory)
{
    [Fact]
    public async Task The_last_catalyst_can_be_neither_demoted_nor_removed()
    {
        var id = await factory.WithDbAsync(db => db.Memberships.IgnoreQueryFilters()
            .Where(m => m.Role == TerritoryRole.Catalyst && m.User!.Email == "catalyseur.mirecourt@catalyse.demo").Select(m => m.Id).SingleAsync());
        using var catalyst = await factory.SignedInAsync("catalyseur.mirecourt@catalyse.demo");

        var demote = await catalyst.PostFormAsync($"/t/mirecourt-dompaire/team?handler=Role&id={id}", [new("role", "Member")], "/t/mirecourt-dompaire/team");
        Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
        Assert.Contains("dernier catalyseur", TestClient.Parse(await demote.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent);
        var remove = await catalyst.PostFormAsync($"/t/mirecourt-dompaire/team?handler=Remove&id={id}", [], "/t/mirecourt-dompaire/team");
        Assert.Equal(HttpStatusCode.BadRequest, remove.StatusCode);

        Assert.Equal(TerritoryRole.Catalyst, await factory.WithDbAsync(db => db.Memberships.IgnoreQueryFilters().Where(m => m.Id == id).Select(m => m.Role).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LastCatalystSqliteTests(CatalyseFactory factory) : LastCatalystTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class LastCatalystPostgresTests(PostgresFactory factory) : LastCatalystTests(factory);
