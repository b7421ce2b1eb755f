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
        { "/api/v1/directory?q={token}&pageSize=100", 3 },        // kind counts from the index, one page (PostgreSQL: its ids, then its entries)
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

    public static TheoryData<string, int> ModerationBudgets => new()
    {
        // slug, role, 4 counts (new, edits, reports, hidden), page count + items, then:
        { "/t/grand-gueret/directory/moderation", 10 },             // + likely duplicates of the whole page (one query)
        { "/t/grand-gueret/directory/moderation?tab=edits", 9 },    // + suggestions with entries and authors (one query)
        { "/t/grand-gueret/directory/moderation?tab=reports", 9 },
        { "/t/grand-gueret/directory/moderation?tab=hidden", 9 },
    };

    [Theory]
    [MemberData(nameof(ModerationBudgets))]
    public async Task The_moderation_queues_do_not_grow_with_what_waits(string url, int budget)
    {
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        async Task ContributeAsync()
        {
            var name = $"Budget modération {Guid.NewGuid():N}";
            Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new",
                ("Input.Kind", "Actor"), ("Input.Name", name), ("Input.CommuneCode", DirectoryData.Gueret))).StatusCode);
            var id = await EntryAsync();
            Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync($"/t/grand-gueret/directory/{id}/edit",
                ("Input.Kind", "Actor"), ("Input.Name", name + " bis"), ("Input.CommuneCode", DirectoryData.Gueret))).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync($"/t/grand-gueret/directory/{id}/report", ("Reason", "Incorrect"))).StatusCode);
        }
        await ContributeAsync();
        var before = await CommandsAsync(catalyst, url);
        Assert.True(before <= budget, $"{url}: {before} SQL commands, budget {budget}.");
        for (var i = 0; i < 5; i++) await ContributeAsync();
        var after = await CommandsAsync(catalyst, url);
        Assert.True(after <= before, $"{url}: {before} SQL commands, then {after} with more waiting.");
    }

    [Fact]
    public async Task An_entrys_history_does_not_grow_with_its_changes()
    {
        var id = await EntryAsync();
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        async Task EditAsync(int i) => Assert.Equal(HttpStatusCode.Redirect, (await catalyst.PostFormAsync($"/t/grand-gueret/directory/{id}/edit",
            ("Input.Kind", "Actor"), ("Input.Name", $"Budget historique {i} {Guid.NewGuid():N}"), ("Input.CommuneCode", DirectoryData.Gueret))).StatusCode);
        await EditAsync(0);
        using var anonymous = factory.Client();
        var before = await CommandsAsync(anonymous, $"/t/grand-gueret/directory/{id}/history");
        // slug, entry, perimeter, count, one page of changes with names, creator's name
        Assert.True(before <= 6, $"history: {before} SQL commands");
        for (var i = 1; i < 25; i++) await EditAsync(i);
        var after = await CommandsAsync(anonymous, $"/t/grand-gueret/directory/{id}/history?p=2");
        Assert.True(after <= before, $"history: {before} SQL commands, then {after} with 25 changes.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryQueryBudgetSqliteTests(CatalyseFactory factory) : DirectoryQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryQueryBudgetPostgresTests(PostgresFactory factory) : DirectoryQueryBudgetTests(factory);
