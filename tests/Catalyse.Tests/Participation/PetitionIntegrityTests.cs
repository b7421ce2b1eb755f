using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Petitions;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Participation;

/// <summary>One person, one signature — under concurrency, in the database, and provably in the public log.</summary>
public abstract class PetitionIntegrityTests(CatalyseFactory factory)
{
    private async Task<(int Count, int Signatures, LogCheck Check, string Head)> StateAsync(int petitionId)
    {
        var petition = await factory.WithDbAsync(db => db.Petitions.AsNoTracking().SingleAsync(p => p.Id == petitionId));
        var signatures = await factory.WithDbAsync(db => db.PetitionSignatures.CountAsync(s => s.PetitionId == petitionId));
        var csv = await ExportAsync(petitionId);
        return (petition.SignatureCount, signatures, LogVerifier.Check(new StringReader(csv)), petition.LogHead);
    }

    private async Task<string> ExportAsync(int petitionId)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync($"/api/v1/territories/grenoble-alpes/petitions/{petitionId}/log");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_thousand_parallel_attempts_by_one_person_make_exactly_one_signature()
    {
        var petition = await PetitionData.OpenPetitionAsync(factory, await PetitionData.AuthorityAsync(factory));
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => PetitionData.SignAsync(factory, petition.Id, person))));
        Assert.Equal(1, results.Count(r => r.Outcome == SignOutcome.Signed));
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { SignOutcome.Signed, SignOutcome.AlreadySigned }));
        var (count, signatures, check, head) = await StateAsync(petition.Id);
        Assert.Equal((1, 1), (count, signatures));
        Assert.True(check.Valid, check.Problem);
        Assert.Equal((1, 1, head), (check.Lines, check.Count, check.Head));
    }

    [Fact]
    public async Task Two_hundred_people_each_trying_five_times_in_parallel_make_two_hundred_signatures_that_the_log_recounts()
    {
        var petition = await PetitionData.OpenPetitionAsync(factory, await PetitionData.AuthorityAsync(factory, quorum: 150));
        var people = await PetitionData.PeopleAsync(factory, 200);
        var attempts = people.SelectMany(p => Enumerable.Repeat(p, 5)).OrderBy(_ => Random.Shared.Next()).ToList();
        var results = await Task.WhenAll(attempts.Select(p => Task.Run(() => PetitionData.SignAsync(factory, petition.Id, p))));
        Assert.Equal(200, results.Count(r => r.Outcome == SignOutcome.Signed));
        var (count, signatures, check, head) = await StateAsync(petition.Id);
        Assert.Equal((200, 200), (count, signatures));
        Assert.True(check.Valid, check.Problem);
        Assert.Equal((200, 200, head), (check.Lines, check.Count, check.Head));
        // The quorum (150) was reached by the 150th signature, once.
        var reached = await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == petition.Id).Select(p => p.QuorumReachedAt).SingleAsync());
        var the150th = await factory.WithDbAsync(db => db.PetitionSignatures.Where(s => s.PetitionId == petition.Id && s.Seq == 150).Select(s => s.SignedAt).SingleAsync());
        Assert.Equal(the150th, reached);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_signature_and_another_attempt_is_refused()
    {
        var petition = await PetitionData.OpenPetitionAsync(factory, await PetitionData.AuthorityAsync(factory));
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var first = await PetitionData.SignAsync(factory, petition.Id, person, "key-1");
        var replay = await PetitionData.SignAsync(factory, petition.Id, person, "key-1");
        var other = await PetitionData.SignAsync(factory, petition.Id, person, "key-2");
        Assert.Equal((SignOutcome.Signed, SignOutcome.Replayed, SignOutcome.AlreadySigned), (first.Outcome, replay.Outcome, other.Outcome));
        Assert.Equal(first.Signature!.Pseudonym, replay.Signature!.Pseudonym);
        Assert.Equal(1, (await StateAsync(petition.Id)).Count);
    }

    [Fact]
    public async Task Editing_removing_or_reordering_one_line_of_the_exported_log_is_detected()
    {
        var petition = await PetitionData.OpenPetitionAsync(factory, await PetitionData.AuthorityAsync(factory));
        foreach (var person in await PetitionData.PeopleAsync(factory, 4))
            Assert.Equal(SignOutcome.Signed, (await PetitionData.SignAsync(factory, petition.Id, person)).Outcome);
        var lines = (await ExportAsync(petition.Id)).TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        LogCheck Check(IEnumerable<string> l) => LogVerifier.Check(new StringReader(string.Join('\n', l) + "\n"));
        Assert.True(Check(lines).Valid);
        // Another pseudonym on line 3 (its own hash left as it was, or recomputed: then line 4 no longer follows).
        var fields = lines[2].Split(',');
        var forged = (string[])fields.Clone();
        forged[2] = "ffffffffffffffffffff";
        var edited = lines.ToArray(); edited[2] = string.Join(',', forged);
        Assert.Equal((false, 3, "hash"), (Check(edited).Valid, Check(edited).BrokenLine, Check(edited).Problem));
        forged[5] = LogChain.HashOf(int.Parse(forged[0]), DateTimeOffset.Parse(forged[1]), forged[2], forged[3], forged[4]);
        edited[2] = string.Join(',', forged);
        Assert.Equal((false, 4, "previous_hash"), (Check(edited).Valid, Check(edited).BrokenLine, Check(edited).Problem));
        Assert.Equal((false, "seq"), (Check(lines.Where((_, i) => i != 2)).Valid, Check(lines.Where((_, i) => i != 2)).Problem));
        Assert.False(Check([lines[0], lines[1], lines[3], lines[2], lines[4]]).Valid);
        Assert.False(Check([.. lines, lines[4]]).Valid);
        // Without its last line the chain holds, but neither the count nor the head are the published ones.
        var truncated = Check(lines[..^1]);
        Assert.True(truncated.Valid);
        var published = await factory.WithDbAsync(db => db.Petitions.AsNoTracking().SingleAsync(p => p.Id == petition.Id));
        Assert.NotEqual((published.SignatureCount, published.LogHead), (truncated.Count, truncated.Head!));
        Assert.Equal((published.SignatureCount, published.LogHead), (Check(lines).Count, Check(lines).Head!));
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_a_signature_or_a_log_line()
    {
        var petition = await PetitionData.OpenPetitionAsync(factory, await PetitionData.AuthorityAsync(factory));
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        await PetitionData.SignAsync(factory, petition.Id, person);
        var subject = $"petition:{petition.Id}";
        await Assert.ThrowsAnyAsync<Exception>(() => factory.WithDbAsync(db => db.PublicLog.Where(e => e.Subject == subject).ExecuteUpdateAsync(s => s.SetProperty(e => e.Choice, "x"))));
        await Assert.ThrowsAnyAsync<Exception>(() => factory.WithDbAsync(db => db.PublicLog.Where(e => e.Subject == subject).ExecuteDeleteAsync()));
        await Assert.ThrowsAnyAsync<Exception>(() => factory.WithDbAsync(db => db.PetitionSignatures.Where(s => s.PetitionId == petition.Id).ExecuteDeleteAsync()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.PublicLog.CountAsync(e => e.Subject == subject)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.PetitionSignatures.CountAsync(s => s.PetitionId == petition.Id)));
    }

    [Fact]
    public async Task Signatures_are_refused_before_review_after_the_deadline_and_after_the_answer()
    {
        var authority = await PetitionData.AuthorityAsync(factory);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var (filed, _) = await factory.WithDbAsync(async db =>
        {
            using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(factory.Services);
            var service = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PetitionService>(scope.ServiceProvider);
            return await service.FileAsync(authority.TerritoryId, person, new PetitionInput(authority.Id, "Une piste cyclable rue Moyrand",
                "Nous demandons une piste cyclable protégée rue Moyrand, où passent chaque jour des centaines d'élèves à vélo.", "Voirie communale"));
        });
        Assert.Equal(SignOutcome.NotOpen, (await PetitionData.SignAsync(factory, filed!.Id, person)).Outcome);

        var late = await PetitionData.OpenPetitionAsync(factory, authority);
        await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == late.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ClosesAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        Assert.Equal(SignOutcome.NotOpen, (await PetitionData.SignAsync(factory, late.Id, person)).Outcome);

        var answered = await PetitionData.OpenPetitionAsync(factory, authority);
        await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == answered.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PetitionStatus.Answered)));
        Assert.Equal(SignOutcome.NotOpen, (await PetitionData.SignAsync(factory, answered.Id, person)).Outcome);
        Assert.Equal(0, await factory.WithDbAsync(db => db.PetitionSignatures.CountAsync(s => s.UserId == person)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Petitions.Where(p => p.Id == late.Id || p.Id == answered.Id || p.Id == filed.Id).SumAsync(p => p.SignatureCount)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PetitionIntegritySqliteTests(CatalyseFactory factory) : PetitionIntegrityTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class PetitionIntegrityPostgresTests(PostgresFactory factory) : PetitionIntegrityTests(factory);
