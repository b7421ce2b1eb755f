using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Votes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>One person, one ballot; secret ballots apart from the roll; results recounted from the public log alone.</summary>
public abstract class VoteIntegrityTests(CatalyseFactory factory)
{
    private async Task<TallyResult> ResultAsync(int voteId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Catalyse.Web.Infrastructure.Data.CatalyseDb>();
        var vote = await db.Votes.AsNoTracking().Include(v => v.Options).SingleAsync(v => v.Id == voteId);
        return (await scope.ServiceProvider.GetRequiredService<VoteService>().ResultAsync(vote))!;
    }

    private async Task<(LogCheck Check, TallyResult Recount)> RecountFromLogAsync(int voteId)
    {
        var vote = await factory.WithDbAsync(db => db.Votes.AsNoTracking().Include(v => v.Options).SingleAsync(v => v.Id == voteId));
        var lines = await factory.WithDbAsync(db => db.PublicLog.AsNoTracking().Where(e => e.Subject == $"vote:{voteId}").OrderBy(e => e.Seq).ToListAsync());
        var csv = LogChain.CsvHeader + "\n" + string.Concat(lines.Select(e => LogChain.CsvLine(e) + "\n"));
        var check = LogVerifier.Check(new StringReader(csv));
        return (check, Tally.Count(vote.Method, VoteService.Options(vote), check.Ballots, vote.BudgetTotal));
    }

    [Fact]
    public async Task A_thousand_parallel_ballots_of_one_person_count_once()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, "Oui\nNon");
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var yes = vote.Options[0].Id;
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => VoteData.CastAsync(factory, vote.Id, person, VoteData.Pick(yes)))));
        Assert.Equal(1, results.Count(r => r.Outcome == CastOutcome.Cast));
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { CastOutcome.Cast, CastOutcome.AlreadyVoted }));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Ballots.CountAsync(b => b.VoteId == vote.Id)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.VoterRoll.CountAsync(b => b.VoteId == vote.Id)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Votes.Where(v => v.Id == vote.Id).Select(v => v.BallotCount).SingleAsync()));
    }

    [Fact]
    public async Task Two_hundred_voters_trying_five_times_give_two_hundred_ballots_and_the_log_recounts_the_official_result()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Ranked, "Parc\nPiscine\nMédiathèque\nPiste cyclable");
        var ids = vote.Options.OrderBy(o => o.Position).Select(o => o.Id).ToArray();
        var people = await PetitionData.PeopleAsync(factory, 200);
        // A Condorcet winner by construction: most voters put the third option first or second.
        var ballots = people.Select((p, i) => (p, i % 3 == 0 ? VoteData.Rank(ids[2], ids[0]) : i % 3 == 1 ? VoteData.Rank(ids[1], ids[2], ids[3]) : VoteData.Rank(ids[0], ids[2]))).ToList();
        var attempts = ballots.SelectMany(b => Enumerable.Repeat(b, 5)).OrderBy(_ => Random.Shared.Next()).ToList();
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() => VoteData.CastAsync(factory, vote.Id, a.p, a.Item2))));
        Assert.Equal(200, results.Count(r => r.Outcome == CastOutcome.Cast));
        await VoteData.CloseAsync(factory, vote.Id);
        var official = await ResultAsync(vote.Id);
        var (check, recount) = await RecountFromLogAsync(vote.Id);
        Assert.True(check.Valid, check.Problem);
        Assert.Equal((200, 200), (official.Ballots, check.Count));
        Assert.Equal(official.Lines.Select(l => (l.OptionId, l.Votes, l.Rank, l.Elected)), recount.Lines.Select(l => (l.OptionId, l.Votes, l.Rank, l.Elected)));
        Assert.Equal(ids[2], official.Lines[0].OptionId);
        Assert.True(official.Lines[0].Elected);
        Assert.Equal(3, official.Lines[0].Votes);
    }

    [Fact]
    public async Task A_secret_ballot_keeps_no_link_from_the_voter_to_the_choice()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Single, "Oui\nNon", secret: true);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var cast = await VoteData.CastAsync(factory, vote.Id, person, VoteData.Pick(vote.Options[1].Id), "k");
        Assert.Equal(CastOutcome.Cast, cast.Outcome);
        var roll = await factory.WithDbAsync(db => db.VoterRoll.AsNoTracking().SingleAsync(r => r.VoteId == vote.Id));
        var ballot = await factory.WithDbAsync(db => db.Ballots.AsNoTracking().SingleAsync(b => b.VoteId == vote.Id));
        Assert.Null(roll.Receipt);
        Assert.Equal(cast.Receipt, ballot.Receipt);
        Assert.Equal(TimeSpan.Zero, roll.VotedAt.TimeOfDay);
        Assert.Equal(0, ballot.CastAt.Minute + ballot.CastAt.Second + ballot.CastAt.Millisecond);
        var line = await factory.WithDbAsync(db => db.PublicLog.AsNoTracking().SingleAsync(e => e.Subject == $"vote:{vote.Id}"));
        Assert.DoesNotContain(person, line.Pseudonym + line.Choice);
        Assert.Equal(cast.Receipt, line.Pseudonym);
        // The same request again: acknowledged, the receipt is not shown a second time.
        var replay = await VoteData.CastAsync(factory, vote.Id, person, VoteData.Pick(vote.Options[0].Id), "k");
        Assert.Equal((CastOutcome.Replayed, null), (replay.Outcome, replay.Receipt));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Ballots.CountAsync(b => b.VoteId == vote.Id)));
        await Assert.ThrowsAnyAsync<Exception>(() => factory.WithDbAsync(db => db.Ballots.Where(b => b.VoteId == vote.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Choice, "o1"))));
        await Assert.ThrowsAnyAsync<Exception>(() => factory.WithDbAsync(db => db.VoterRoll.Where(b => b.VoteId == vote.Id).ExecuteDeleteAsync()));
    }

    [Fact]
    public async Task A_participatory_budget_checks_each_ballot_and_elects_projects_by_votes_while_the_money_lasts()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Budget, "Jardin partagé | 40000\nAire de jeux | 70000\nBancs | 10000\nFresque | 25000",
            budget: 100_000, minimum: 20_000);
        var (garden, play, benches, mural) = (vote.Options[0].Id, vote.Options[1].Id, vote.Options[2].Id, vote.Options[3].Id);
        var people = await PetitionData.PeopleAsync(factory, 7);
        Assert.Equal(CastOutcome.Invalid, (await VoteData.CastAsync(factory, vote.Id, people[0], VoteData.Pick(play, garden))).Outcome);
        Assert.Equal(CastOutcome.Invalid, (await VoteData.CastAsync(factory, vote.Id, people[0], VoteData.Pick(benches))).Outcome);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Ballots.CountAsync(b => b.VoteId == vote.Id)));
        // Play area 4 votes, garden 3, mural 3, benches 2.
        int[][] picks = [[play, benches], [play, mural], [play], [play, benches], [garden, mural], [garden, mural], [garden]];
        for (var i = 0; i < 7; i++) Assert.Equal(CastOutcome.Cast, (await VoteData.CastAsync(factory, vote.Id, people[i], VoteData.Pick(picks[i]))).Outcome);
        await VoteData.CloseAsync(factory, vote.Id);
        var result = await ResultAsync(vote.Id);
        // 70,000 (play) + garden 40,000 does not fit: skipped; mural 25,000 fits (95,000); benches would make 105,000.
        Assert.Equal([play, mural], result.Lines.Where(l => l.Elected).Select(l => l.OptionId));
        Assert.Equal(95_000, result.Spent);
        var (check, recount) = await RecountFromLogAsync(vote.Id);
        Assert.True(check.Valid);
        Assert.Equal(result.Lines.Where(l => l.Elected).Select(l => l.OptionId), recount.Lines.Where(l => l.Elected).Select(l => l.OptionId));
    }

    [Fact]
    public async Task Ballots_are_refused_before_the_opening_and_after_the_close()
    {
        var vote = await VoteData.OpenAsync(factory, VoteMethod.Approval, "A\nB\nC", maxChoices: 2);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        Assert.Equal(CastOutcome.Invalid, (await VoteData.CastAsync(factory, vote.Id, person, VoteData.Pick(vote.Options.Select(o => o.Id).ToArray()))).Outcome);
        await factory.WithDbAsync(db => db.Votes.Where(v => v.Id == vote.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.OpensAt, DateTimeOffset.UtcNow.AddHours(1)).SetProperty(v => v.ClosesAt, DateTimeOffset.UtcNow.AddHours(2))));
        Assert.Equal(CastOutcome.NotOpen, (await VoteData.CastAsync(factory, vote.Id, person, VoteData.Pick(vote.Options[0].Id))).Outcome);
        await VoteData.CloseAsync(factory, vote.Id);
        await factory.WithDbAsync(db => db.Votes.Where(v => v.Id == vote.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.OpensAt, DateTimeOffset.UtcNow.AddHours(-1))));
        Assert.Equal(CastOutcome.NotOpen, (await VoteData.CastAsync(factory, vote.Id, person, VoteData.Pick(vote.Options[0].Id))).Outcome);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Ballots.CountAsync(b => b.VoteId == vote.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class VoteIntegritySqliteTests(CatalyseFactory factory) : VoteIntegrityTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class VoteIntegrityPostgresTests(PostgresFactory factory) : VoteIntegrityTests(factory);
