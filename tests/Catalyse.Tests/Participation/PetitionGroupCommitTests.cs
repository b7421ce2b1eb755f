using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Catalyse.Tests.Participation;

/// <summary>
/// Group commit: requests written together still get the answers of signing one by one, a failing batch writes
/// nothing and fails only its culprits, a cancelled caller breaks nothing, and stopping drains the queue.
/// </summary>
public abstract class PetitionGroupCommitTests(CatalyseFactory factory)
{
    private async Task<SignResult?[]> WriteOneBatchAsync(params SignRequest[] batch)
    {
        using var scope = factory.Services.CreateScope();
        return await ActivatorUtilities.CreateInstance<SignatureBatch>(scope.ServiceProvider).WriteAsync(batch);
    }

    /// <summary>In a territory of the test's own (Grenoble's commune): its petitions do not crowd the shared territory's lists.</summary>
    private async Task<PetitionAuthority> AuthorityAsync(IdentityLevel level = IdentityLevel.EmailConfirmed, int quorum = 2000)
    {
        var slug = Unique.Slug("group-commit");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["38185"]));
        return await PetitionData.AuthorityAsync(factory, level, quorum, slug);
    }

    /// <summary>A batcher of the test's own, so that stopping it leaves the app's running.</summary>
    private SignatureBatcher NewBatcher() => new(factory.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<SignatureBatcher>.Instance);

    /// <summary>Counter, signature rows, log lines, and the log checked by the verifier against the published head.</summary>
    private async Task AssertConsistentAsync(int petitionId, int expected)
    {
        var (count, head, rows, lines) = await factory.WithDbAsync(async db =>
        {
            var p = await db.Petitions.AsNoTracking().SingleAsync(p => p.Id == petitionId);
            var subject = $"petition:{petitionId}";
            var lines = await db.PublicLog.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Seq).ToListAsync();
            return (p.SignatureCount, p.LogHead, await db.PetitionSignatures.CountAsync(s => s.PetitionId == petitionId), lines);
        });
        Assert.Equal((expected, expected, expected), (count, rows, lines.Count));
        var csv = LogChain.CsvHeader + "\n" + string.Concat(lines.Select(l => LogChain.CsvLine(l) + "\n"));
        var check = LogVerifier.Check(new StringReader(csv));
        Assert.True(check.Valid, check.Problem);
        Assert.Equal((expected, head), (check.Count, check.Head!));
    }

    [Fact]
    public async Task One_batch_over_several_petitions_answers_each_request_as_signing_alone_would()
    {
        var authority = await AuthorityAsync();
        var (a, b, answered, late) = (await PetitionData.OpenPetitionAsync(factory, authority), await PetitionData.OpenPetitionAsync(factory, authority),
            await PetitionData.OpenPetitionAsync(factory, authority), await PetitionData.OpenPetitionAsync(factory, authority));
        await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == answered.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PetitionStatus.Answered)));
        await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == late.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ClosesAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        var people = await PetitionData.PeopleAsync(factory, 5);
        var (p1, p2, earlier, unconfirmed, elsewhere) = (people[0], people[1], people[2], people[3], people[4]);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == unconfirmed).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, false)));
        Assert.Equal(SignOutcome.Signed, (await PetitionData.SignAsync(factory, a.Id, earlier, "before")).Outcome);

        var results = await WriteOneBatchAsync(
            new(a.Id, p1, "k1", null), new(b.Id, p1, null, null), new(a.Id, p2, null, null),
            new(a.Id, p1, "k1", null),               // the same request again (double submit): replayed
            new(a.Id, p1, "k2", null),               // the same person with another key: already signed
            new(answered.Id, p2, null, null), new(late.Id, p2, null, null), new(a.Id, unconfirmed, null, null),
            new(int.MaxValue, p1, null, null), new(a.Id, earlier, "before", null), new(a.Id, earlier, "again", null),
            new(a.Id, elsewhere, null, a.TerritoryId + 100_000), // called from another territory's URL
            new(b.Id, p2, null, null), new(answered.Id, earlier, null, null));

        Assert.Equal([SignOutcome.Signed, SignOutcome.Signed, SignOutcome.Signed, SignOutcome.Replayed, SignOutcome.AlreadySigned,
            SignOutcome.NotOpen, SignOutcome.NotOpen, SignOutcome.Ineligible, SignOutcome.NotFound, SignOutcome.Replayed, SignOutcome.AlreadySigned,
            SignOutcome.NotFound, SignOutcome.Signed, SignOutcome.NotOpen], results.Select(r => r!.Outcome));
        Assert.Equal((2, 1, 3, 2), (results[0]!.Signature!.Seq, results[1]!.Signature!.Seq, results[2]!.Signature!.Seq, results[12]!.Signature!.Seq));
        Assert.Equal((2, 2), (results[3]!.Signature!.Seq, results[4]!.Signature!.Seq));
        Assert.Equal(results[0]!.Signature!.Pseudonym, results[3]!.Signature!.Pseudonym);
        Assert.Equal(1, results[9]!.Signature!.Seq);
        Assert.Equal(Missing.Email, results[7]!.Missing);
        Assert.Equal((2, 3, 2), (results[0]!.Count, results[3]!.Count, results[12]!.Count));
        await AssertConsistentAsync(a.Id, 3);
        await AssertConsistentAsync(b.Id, 2);
        await AssertConsistentAsync(answered.Id, 0);
        await AssertConsistentAsync(late.Id, 0);
    }

    [Fact]
    public async Task One_batch_checks_each_signer_of_a_residents_petition_and_of_a_census_petition()
    {
        var residents = await PetitionData.OpenPetitionAsync(factory, await AuthorityAsync(IdentityLevel.Resident));
        var census = await PetitionData.OpenPetitionAsync(factory, await AuthorityAsync(IdentityLevel.Census));
        var inside = await PetitionData.PeopleAsync(factory, 3, "38185", "38000");
        var outside = await PetitionData.PeopleAsync(factory, 2, "23096", "23000");
        var nowhere = await PetitionData.PeopleAsync(factory, 1);
        var results = await WriteOneBatchAsync(new(residents.Id, inside[0], null, null), new(residents.Id, outside[0], null, null),
            new(residents.Id, inside[1], null, null), new(residents.Id, nowhere[0], null, null), new(census.Id, inside[2], null, null),
            new(residents.Id, outside[1], null, null), new(residents.Id, inside[2], null, null));
        Assert.Equal([(SignOutcome.Signed, Missing.None), (SignOutcome.Ineligible, Missing.Residence), (SignOutcome.Signed, Missing.None),
            (SignOutcome.Ineligible, Missing.Residence), (SignOutcome.Ineligible, Missing.Census), (SignOutcome.Ineligible, Missing.Residence),
            (SignOutcome.Signed, Missing.None)], results.Select(r => (r!.Outcome, r.Missing)));
        await AssertConsistentAsync(residents.Id, 3);
        await AssertConsistentAsync(census.Id, 0);
    }

    [Fact]
    public async Task A_failing_batch_writes_nothing_and_retried_one_by_one_fails_only_the_requests_it_must()
    {
        var authority = await AuthorityAsync();
        var (broken, fine) = (await PetitionData.OpenPetitionAsync(factory, authority), await PetitionData.OpenPetitionAsync(factory, authority));
        // A log line already holds number 1 of the first petition: its next signature breaks the unique (subject, seq).
        await factory.WithDbAsync(async db =>
        {
            db.PublicLog.Add(LogChain.Next(broken.LogSubject, 1, LogChain.Truncate(DateTimeOffset.UtcNow), "intrus", "", LogChain.Genesis));
            return await db.SaveChangesAsync();
        });
        var people = await PetitionData.PeopleAsync(factory, 6);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WriteOneBatchAsync(new(fine.Id, people[0], null, null), new(broken.Id, people[1], null, null)));
        Assert.True(error is DbUpdateException or System.Data.Common.DbException, error.ToString());
        await AssertConsistentAsync(fine.Id, 0);

        var batcher = NewBatcher();
        var tasks = people.Select((p, i) => batcher.SignAsync(new(i % 2 == 0 ? fine.Id : broken.Id, p, null, null))).ToList();
        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { })));
        Assert.All(tasks.Where((_, i) => i % 2 == 0), t => Assert.Equal(SignOutcome.Signed, t.Result.Outcome));
        Assert.All(tasks.Where((_, i) => i % 2 == 1), t => Assert.True(t.IsFaulted));
        await AssertConsistentAsync(fine.Id, 3);
        Assert.Equal(0, await factory.WithDbAsync(db => db.PetitionSignatures.CountAsync(s => s.PetitionId == broken.Id)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == broken.Id).Select(p => p.SignatureCount).SingleAsync()));

        // A person without an account fails alone, in the batch of the others.
        var ghost = await batcher.SignAsync(new(fine.Id, "no-such-account", null, null)).ContinueWith(t => t);
        Assert.True(ghost.IsFaulted);
        await batcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_drains_the_queue_then_refuses_new_requests_and_cancelled_callers_break_nothing()
    {
        var petition = await PetitionData.OpenPetitionAsync(factory, await AuthorityAsync());
        var people = await PetitionData.PeopleAsync(factory, 201);
        var batcher = NewBatcher();
        using var cancelled = new CancellationTokenSource();
        var given = cancelled.Token;
        var tasks = people.Take(200).Select((p, i) => batcher.SignAsync(new(petition.Id, p, null, null), i % 10 == 5 ? given : default)).ToList();
        cancelled.Cancel();
        await batcher.StopAsync(CancellationToken.None);

        // Every request answered: signed, or (some of those whose caller gave up) cancelled — never left pending.
        Assert.All(tasks, t => Assert.True(t.IsCompleted));
        Assert.All(tasks.Where((_, i) => i % 10 != 5), t => Assert.Equal(SignOutcome.Signed, t.Result.Outcome));
        Assert.All(tasks.Where((_, i) => i % 10 == 5), t => Assert.True(t.IsCanceled || t.Result.Outcome == SignOutcome.Signed));
        var signed = await factory.WithDbAsync(db => db.PetitionSignatures.CountAsync(s => s.PetitionId == petition.Id));
        Assert.InRange(signed, 180, 200);
        await AssertConsistentAsync(petition.Id, signed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SignAsync(new(petition.Id, people[200], null, null)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewBatcher().SignAsync(new(petition.Id, people[200], null, null), given));
    }

    [Fact]
    public async Task Three_writers_as_three_app_instances_on_one_database_still_count_each_person_once()
    {
        var authority = await AuthorityAsync();
        var (a, b) = (await PetitionData.OpenPetitionAsync(factory, authority), await PetitionData.OpenPetitionAsync(factory, authority));
        var people = await PetitionData.PeopleAsync(factory, 60);
        SignatureBatcher[] instances = [NewBatcher(), NewBatcher(), NewBatcher()];
        // Each person signs both petitions three times, once through each instance (a double submit balanced across them).
        var attempts = people.SelectMany(p => new[] { a.Id, b.Id }.SelectMany(id => instances.Select(w => (w, id, p)))).OrderBy(_ => Random.Shared.Next()).ToList();
        var results = await Task.WhenAll(attempts.Select(x => Task.Run(() => x.w.SignAsync(new(x.id, x.p, "k", null)))));
        Assert.Equal(120, results.Count(r => r.Outcome == SignOutcome.Signed));
        Assert.Equal(240, results.Count(r => r.Outcome == SignOutcome.Replayed));
        await AssertConsistentAsync(a.Id, 60);
        await AssertConsistentAsync(b.Id, 60);
        foreach (var w in instances) await w.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Parallel_signatures_spread_over_several_petitions_are_each_counted_once_per_petition()
    {
        var authority = await AuthorityAsync(quorum: 30);
        var petitions = new List<Petition>();
        for (var i = 0; i < 4; i++) petitions.Add(await PetitionData.OpenPetitionAsync(factory, authority));
        var people = await PetitionData.PeopleAsync(factory, 40);
        var attempts = petitions.SelectMany(p => people.SelectMany(u => new[] { (p.Id, u, "same"), (p.Id, u, "same"), (p.Id, u, Guid.NewGuid().ToString()) }))
            .OrderBy(_ => Random.Shared.Next()).ToList();
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() => PetitionData.SignAsync(factory, a.Item1, a.u, a.Item3))));
        Assert.Equal(160, results.Count(r => r.Outcome == SignOutcome.Signed));
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { SignOutcome.Signed, SignOutcome.Replayed, SignOutcome.AlreadySigned }));
        foreach (var p in petitions)
        {
            await AssertConsistentAsync(p.Id, 40);
            var reached = await factory.WithDbAsync(db => db.Petitions.Where(x => x.Id == p.Id).Select(x => x.QuorumReachedAt).SingleAsync());
            var the30th = await factory.WithDbAsync(db => db.PetitionSignatures.Where(s => s.PetitionId == p.Id && s.Seq == 30).Select(s => s.SignedAt).SingleAsync());
            Assert.Equal(the30th, reached);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PetitionGroupCommitSqliteTests(CatalyseFactory factory) : PetitionGroupCommitTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class PetitionGroupCommitPostgresTests(PostgresFactory factory) : PetitionGroupCommitTests(factory);
