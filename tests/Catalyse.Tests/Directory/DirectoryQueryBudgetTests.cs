using System.Net;
using Catalyse.Tests.Infrastructure;

namespace Catalyse.Tests.Directory;

/// <summary>
/// A fixed number of SQL commands for the directory, its detail pages, the map and the list API, whatever
/// the number of entries (no N+1). Budgets are what the code needs today (same on both providers).
/// </summary>
public abstract class DirectoryQueryBudgetTests(CatalyseFactory factory)
{
    private static readonly Lazy<string> Token = new(DirectoryData.Token);

    private async Task<int> CommandsAsync(TestClient client, string url)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var probe = Guid.NewGuid().ToString("N");
        using var response = await client.GetAsync(url, probe);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();
        return factory.Queries.CountFor(probe);
    }

    private async Task<int> EntryAsync() =>
        await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Budget {Token.Value} {Guid.NewGuid():N}", communeCode = DirectoryData.Gueret, themes = new[] { "a", "b" } });

    private static string Url(string template, int id) => template.Replace("{token}", Token.Value).Replace("{id}", id.ToString());

    public static TheoryData<string, int> Budgets => new()
    {
        { "/t/grand-gueret/directory", 3 },                        // slug, kind counts, one page of summaries
        { "/t/grand-gueret/directory?q={token}&kind=Actor&theme=a&p=1", 3 },
        { "/directory", 2 },                                       // kind counts, one page
        { "/t/grand-gueret/directory/{id}", 4 },                   // slug, entry, belongs to the perimeter, commune name
        { "/directory/{id}", 2 },                                  // entry, commune name
        { "/api/v1/territories/grand-gueret/map?zoom=12&q={token}", 2 },  // slug, points
        { "/api/v1/territories/grand-gueret/map?zoom=3", 3 },      // slug, points (few entries: no clusters)
        { "/api/v1/directory/map?zoom=3", 3 },                     // points, clusters, names of one-entry cells
        { "/api/v1/territories/grand-gueret/actors", 3 },          // slug, kind counts, one page
        { "/api/v1/directory?q={token}&pageSize=100", 2 },
    };

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Directory_pages_stay_within_their_query_budget_and_do_not_grow_with_entries(string template, int budget)
    {
        var id = await EntryAsync();
        using var client = factory.Client();
        var before = await CommandsAsync(client, Url(template, id));
        Assert.True(before > 0, "The probe counted nothing: the counter is not wired.");
        Assert.True(before <= budget, $"{template}: {before} SQL commands, budget {budget}.");

        for (var i = 0; i < 30; i++) await EntryAsync();
        var after = await CommandsAsync(client, Url(template, id));
        Assert.True(after <= before, $"{template}: {before} SQL commands with few entries, {after} with 30 more.");
    }

    [Fact]
    public async Task The_moderation_queue_does_not_grow_with_pending_entries()
    {
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        async Task SuggestAsync() => Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new",
            ("Input.Kind", "Actor"), ("Input.Name", $"Budget modération {Guid.NewGuid():N}"), ("Input.CommuneCode", DirectoryData.Gueret))).StatusCode);
        await SuggestAsync();
        var before = await CommandsAsync(catalyst, "/t/grand-gueret/directory/moderation");
        for (var i = 0; i < 5; i++) await SuggestAsync();
        var after = await CommandsAsync(catalyst, "/t/grand-gueret/directory/moderation");
        // Known: one duplicate lookup per entry shown (at most 20 a page); bounded by the page size, not by the table.
        Assert.True(after <= 4 + 20, $"moderation: {after} SQL commands");
        Assert.True(after >= before, "the counter works");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryQueryBudgetSqliteTests(CatalyseFactory factory) : DirectoryQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryQueryBudgetPostgresTests(PostgresFactory factory) : DirectoryQueryBudgetTests(factory);
