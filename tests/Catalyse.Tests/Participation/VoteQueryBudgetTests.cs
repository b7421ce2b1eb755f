using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Votes;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Participation;

/// <summary>
/// A fixed number of SQL commands for the vote pages and API, whatever the number of votes, options and ballots (no
/// N+1). Each case gets a territory of its own (Guéret) and is measured twice: first on a vote of 3 options with 3
/// ballots among 3 votes, then on a vote of 30 options with 30 ballots among 30 votes (every vote of 30 options). The
/// votes are for residents, so that a signed-in visitor's eligibility is read. Budgets are what the code needs today,
/// the same on both providers.
/// </summary>
public abstract class VoteQueryBudgetTests(CatalyseFactory factory)
{
    /// <summary>Who asks: nobody, or a resident of the perimeter before and after voting.</summary>
    public enum Viewer { Anonymous, ResidentNotVoted, ResidentVoted }

    /// <summary>The vote measured: open, or closed with its result (counted on the warm-up request, then stored).</summary>
    public enum State { Open, Closed }

    // Territory pages start with 1 command to resolve the slug; "role" is the person's membership in the territory.
    public static TheoryData<string, Viewer, State, int> Budgets => new()
    {
        { "/t/{slug}/votes", Viewer.Anonymous, State.Open, 3 },                             // slug, count, one page
        { "/t/{slug}/votes?status=all&p=1", Viewer.Anonymous, State.Open, 3 },
        { "/t/{slug}/votes?status=closed", Viewer.Anonymous, State.Closed, 3 },
        { "/t/{slug}/votes", Viewer.ResidentNotVoted, State.Open, 4 },                      // + role
        { "/t/{slug}/votes/{id}", Viewer.Anonymous, State.Open, 2 },                        // slug, vote with its options
        // slug, vote with its options, own roll line, account, perimeter has the commune, commune has the postal code
        { "/t/{slug}/votes/{id}", Viewer.ResidentNotVoted, State.Open, 6 },
        { "/t/{slug}/votes/{id}", Viewer.ResidentVoted, State.Open, 3 },                    // slug, vote with its options, own roll line
        { "/t/{slug}/votes/{id}", Viewer.Anonymous, State.Closed, 2 },                      // the stored result is in the vote's row
        { "/t/{slug}/votes/{id}", Viewer.ResidentVoted, State.Closed, 3 },
        { "/api/v1/territories/{slug}/votes", Viewer.Anonymous, State.Open, 4 },            // slug, count, one page, their options
        { "/api/v1/territories/{slug}/votes?status=all&pageSize=100", Viewer.Anonymous, State.Open, 4 },
        { "/api/v1/territories/{slug}/votes/{id}", Viewer.Anonymous, State.Open, 2 },       // slug, vote with its options
        { "/api/v1/territories/{slug}/votes/{id}/results", Viewer.Anonymous, State.Closed, 2 }, // slug, vote with its stored result
        { "/api/v1/territories/{slug}/votes/{id}/log", Viewer.Anonymous, State.Open, 3 },   // slug, vote, the log's lines
    };

    private Task<int> CommandsAsync(TestClient client, string url) => factory.CommandsAsync(client, url);

    /// <summary>A confirmed account living in Guéret, signed in.</summary>
    private async Task<(TestClient Client, string Id)> ResidentAsync()
    {
        var email = Unique.Email("budget");
        var user = await People.CreateConfirmedAsync(factory, email);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.ResidenceCommuneCode, "23096").SetProperty(u => u.ResidencePostalCode, "23000")));
        return (await factory.SignedInAsync(email, People.Password), user.Id);
    }

    private static string OptionLines(int count) => string.Join('\n', Enumerable.Range(1, count).Select(i => $"Projet numéro {i}"));

    /// <summary>
    /// <paramref name="votes"/> votes of <paramref name="options"/> options in the territory, the last one measured with
    /// <paramref name="ballots"/> ballots (one of them the viewer's when they voted), closed when asked.
    /// </summary>
    private async Task<Vote> ArrangeAsync(string slug, int votes, int options, int ballots, string? voter, State state)
    {
        for (var i = 1; i < votes; i++)
            await VoteData.OpenAsync(factory, i % 2 == 0 ? VoteMethod.Approval : VoteMethod.Single, OptionLines(options), slug: slug, level: IdentityLevel.Resident);
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, OptionLines(options), slug: slug, level: IdentityLevel.Resident);
        var people = await PetitionData.PeopleAsync(factory, voter is null ? ballots : ballots - 1, "23096", "23000");
        if (voter is not null) people.Add(voter);
        for (var i = 0; i < people.Count; i++)
            Assert.Equal(CastOutcome.Cast, (await VoteData.CastAsync(factory, vote.Id, people[i], VoteData.Pick(vote.Options[i % vote.Options.Count].Id))).Outcome);
        if (state == State.Closed) await VoteData.CloseAsync(factory, vote.Id);
        return vote;
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Vote_pages_stay_within_their_query_budget_and_do_not_grow_with_votes_options_or_ballots(string template, Viewer viewer, State state, int budget)
    {
        var (client, me) = viewer == Viewer.Anonymous ? (factory.Client(), null) : await ResidentAsync();
        using var _ = client;
        var voter = viewer == Viewer.ResidentVoted ? me : null;

        var small = Unique.Slug("budget-votes");
        await TerritoryBuilder.CreateAsync(factory, small, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var few = await ArrangeAsync(small, 3, 3, 3, voter, state);
        var url = template.Replace("{slug}", small).Replace("{id}", few.Id.ToString());
        var before = await CommandsAsync(client, url);
        Assert.True(before > 0, "The probe counted nothing: the counter is not wired.");
        Assert.True(before <= budget, $"{url} ({viewer}, {state}): {before} SQL commands, budget {budget}.");

        var large = Unique.Slug("budget-votes");
        await TerritoryBuilder.CreateAsync(factory, large, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var many = await ArrangeAsync(large, 30, 30, 30, voter, state);
        url = template.Replace("{slug}", large).Replace("{id}", many.Id.ToString());
        var after = await CommandsAsync(client, url);
        Assert.True(after <= before, $"{template} ({viewer}, {state}): {before} SQL commands with 3 votes, options and ballots, {after} with 30.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class VoteQueryBudgetSqliteTests(CatalyseFactory factory) : VoteQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class VoteQueryBudgetPostgresTests(PostgresFactory factory) : VoteQueryBudgetTests(factory);
