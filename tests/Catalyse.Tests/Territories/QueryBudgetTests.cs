using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Demo;

namespace Catalyse.Tests.Territories;

/// <summary>
/// A fixed number of SQL commands per page, whatever the amount of data (no N+1). Budgets are what
/// the code needs today: a page that starts issuing more commands fails here and must say why.
/// </summary>
public abstract class QueryBudgetTests(CatalyseFactory factory)
{
    private static readonly string GueretCatalyst = DemoNetwork.Accounts[2].Email;

    /// <summary>SQL commands run while serving <paramref name="url"/> (after a warm-up request, so one-time caches do not count).</summary>
    private async Task<int> CommandsAsync(TestClient client, string url)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var probe = Guid.NewGuid().ToString("N");
        var response = await client.GetAsync(url, probe);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();
        return factory.Queries.CountFor(probe);
    }

    // Measured on both providers (same counts). Territory pages start with 1 command to resolve the
    // slug; signed-in pages add 1 to read the person's role in the territory.
    [Theory]
    [InlineData("/", 3)]                                   // count + one page of summaries + the map of every territory
    [InlineData("/t/grand-gueret", 6)]                     // slug, summary, steps, perimeter picks, their names, catalysts
    [InlineData("/t/grand-gueret/programme", 2)]           // slug, steps
    [InlineData("/api/v1/territories", 2)]                 // count + one page of summaries
    [InlineData("/api/v1/territories/grand-gueret", 5)]    // slug, summary, perimeter picks, steps, commune codes
    [InlineData("/t/grand-gueret/perimeter.geojson", 3)]   // slug, communes, départements
    public async Task Anonymous_pages_stay_within_their_query_budget(string url, int budget)
    {
        using var client = factory.Client();
        var commands = await CommandsAsync(client, url);
        Assert.True(commands > 0, "The probe counted nothing: the counter is not wired.");
        Assert.True(commands <= budget, $"{url}: {commands} SQL commands, budget {budget}.");
    }

    [Theory]
    [InlineData("/t/grand-gueret/team", 5)]                // slug, role, member count, members, pending invitations
    [InlineData("/t/grand-gueret", 7)]
    [InlineData("/t/grand-gueret/programme", 3)]
    [InlineData("/t/grand-gueret/programme/1/edit", 3)]    // slug, role, step
    public async Task Catalyst_pages_stay_within_their_query_budget(string url, int budget)
    {
        using var client = await factory.SignedInAsync(GueretCatalyst);
        var commands = await CommandsAsync(client, url);
        Assert.True(commands <= budget, $"{url}: {commands} SQL commands, budget {budget}.");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/territories")]
    [InlineData("/api/v1/territories?pageSize=100")]
    public async Task The_count_does_not_grow_with_the_number_of_territories(string url)
    {
        using var client = factory.Client();
        var before = await CommandsAsync(client, url);
        for (var i = 0; i < 5; i++)
            await TerritoryBuilder.CreateAsync(factory, Unique.Slug("budget"), TerritoryBuilder.Perimeter(epci: ["200068369"]));
        var after = await CommandsAsync(client, url);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_team_page_count_does_not_grow_with_pending_invitations()
    {
        var slug = Unique.Slug("budget-team");
        await TerritoryBuilder.CreateAsync(factory, slug);
        using var admin = await factory.SignedInAsync(DemoNetwork.Accounts[0].Email);
        var before = await CommandsAsync(admin, $"/t/{slug}/team");
        for (var i = 0; i < 3; i++)
        {
            var invited = await admin.PostFormAsync($"/t/{slug}/team?handler=Invite", ("Input.Email", Unique.Email("budget")), ("Input.Role", "Member"));
            Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        }
        Assert.Equal(before, await CommandsAsync(admin, $"/t/{slug}/team"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QueryBudgetSqliteTests(CatalyseFactory factory) : QueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class QueryBudgetPostgresTests(PostgresFactory factory) : QueryBudgetTests(factory);
