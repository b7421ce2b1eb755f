using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Petitions;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

/// <summary>
/// PROTOTYPE, bench only (not the app's code): the same signatures, rows, chain and answers as
/// <see cref="PetitionSigning.SignAsync"/>, written by one writer per process in group commits. A caller only queues
/// its request and awaits the answer; the writer takes everything queued (up to <c>maxBatch</c>) and, for all
/// petitions of the batch at once: reads the petitions and the signers' eligibility, then in one transaction locks the
/// petitions' rows (ascending ids, so that several processes never deadlock), reads who of the batch already signed —
/// exact under the locks, since every signature of a petition is written under its row lock — and saves the
/// signatures, their chained log lines and the new counters and heads in one EF batch, with one COMMIT. The unique
/// indexes still refuse any second signature; if a batch fails, its requests go through the real service one by one.
/// </summary>
public sealed class GroupCommitSigning(IServiceProvider services, int maxBatch = 500)
{
    private sealed record Pending(int PetitionId, string UserId, string? Key, TaskCompletionSource<SignResult> Done);

    private sealed class Locked
    {
        public int Id { get; init; }
        public int SignatureCount { get; init; }
        public int Quorum { get; init; }
        public string LogHead { get; init; } = "";
        public byte[] LogKey { get; init; } = [];
        public bool QuorumReached { get; init; }
    }

    private readonly Lock _gate = new();
    private List<Pending> _waiting = [];
    private bool _draining;
    private long _batches, _requests;

    public (long Batches, double PerBatch) Stats => (_batches, _batches == 0 ? 0 : (double)_requests / _batches);

    public Task<SignResult> SignAsync(int petitionId, string userId, string? idempotencyKey)
    {
        var pending = new Pending(petitionId, userId, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
            new TaskCompletionSource<SignResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool drain;
        lock (_gate)
        {
            _waiting.Add(pending);
            drain = !_draining;
            _draining = true;
        }
        if (drain) _ = Task.Run(DrainAsync);
        return pending.Done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = _waiting.Count <= maxBatch ? _waiting : _waiting[..maxBatch];
                _waiting = _waiting.Count <= maxBatch ? [] : _waiting[maxBatch..];
            }
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _requests, batch.Count);
            try
            {
                await WriteAsync(batch);
            }
            catch (Exception)
            {
                foreach (var p in batch.Where(p => !p.Done.Task.IsCompleted))
                {
                    try
                    {
                        using var scope = services.CreateScope();
                        p.Done.TrySetResult(await scope.ServiceProvider.GetRequiredService<PetitionSigning>().SignAsync(p.PetitionId, p.UserId, p.Key));
                    }
                    catch (Exception e)
                    {
                        p.Done.TrySetException(e);
                    }
                }
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalyseDb>();
        db.Database.AutoSavepointsEnabled = false;
        var sqlite = db.Database.IsSqlite();
        var results = new SignResult?[batch.Count];
        var petitionIds = batch.Select(p => p.PetitionId).Distinct().Order().ToList();
        var userIds = batch.Select(p => p.UserId).Distinct().ToList();

        // Before the transaction: the petitions and the signers (reads, no lock held).
        var petitions = await db.Petitions.AsNoTracking().Where(p => petitionIds.Contains(p.Id))
            .Select(p => new { p.Id, p.TerritoryId, p.SignerLevel, p.SignatureCount }).ToDictionaryAsync(p => p.Id);
        var confirmed = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.EmailConfirmed })
            .ToDictionaryAsync(u => u.Id, u => u.EmailConfirmed);
        var missing = new Missing[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i];
            if (!petitions.TryGetValue(p.PetitionId, out var petition)) { results[i] = new SignResult(SignOutcome.NotFound); continue; }
            if (!confirmed.TryGetValue(p.UserId, out var ok)) throw new InvalidOperationException($"no user {p.UserId}");
            missing[i] = !ok ? Missing.Email
                : petition.SignerLevel > IdentityLevel.EmailConfirmed
                    ? await scope.ServiceProvider.GetRequiredService<EligibilityService>().MissingAsync(p.UserId, petition.TerritoryId, petition.SignerLevel)
                    : Missing.None;
        }

        var now = LogChain.Truncate(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        object nowValue = sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
        await using var tx = await db.Database.BeginTransactionAsync();
        // The open petitions' rows, locked in ascending ids (SQLite: the transaction already holds the database's write lock).
        // The ids as one parameter (an array; JSON for SQLite), so that EF caches one query whatever the batch.
        var locked = await db.Database.SqlQueryRaw<Locked>(sqlite
            ? """
              SELECT "Id", "SignatureCount", "Quorum", "LogHead", "LogKey", "QuorumReachedAt" IS NOT NULL AS "QuorumReached"
              FROM petitions WHERE "Id" IN (SELECT value FROM json_each({2})) AND "Status" = {0} AND "ClosesAt" > {1}
              """
            : """
              SELECT "Id", "SignatureCount", "Quorum", "LogHead", "LogKey", "QuorumReachedAt" IS NOT NULL AS "QuorumReached"
              FROM petitions WHERE "Id" = ANY({2}) AND "Status" = {0} AND "ClosesAt" > {1}
              ORDER BY "Id" FOR NO KEY UPDATE
              """, (int)PetitionStatus.Collecting, nowValue, sqlite ? "[" + string.Join(",", petitionIds) + "]" : petitionIds.ToArray())
            .ToDictionaryAsync(p => p.Id);
        var existing = await db.PetitionSignatures.AsNoTracking().Where(s => petitionIds.Contains(s.PetitionId) && userIds.Contains(s.UserId))
            .ToListAsync();
        var signatures = existing.ToDictionary(s => (s.PetitionId, s.UserId));
        var state = locked.Values.ToDictionary(p => p.Id, p => (Seq: p.SignatureCount, Head: p.LogHead, QuorumAt: (DateTimeOffset?)null));
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is not null) continue;
            var p = batch[i];
            if (signatures.ContainsKey((p.PetitionId, p.UserId))) continue; // answered after the commit
            if (missing[i] != Missing.None) { results[i] = new SignResult(SignOutcome.Ineligible, Missing: missing[i]); continue; }
            if (!locked.TryGetValue(p.PetitionId, out var row)) { results[i] = new SignResult(SignOutcome.NotOpen, Count: petitions[p.PetitionId].SignatureCount); continue; }
            var (seq, head, quorumAt) = state[p.PetitionId];
            seq++;
            var pseudonym = LogChain.Pseudonym(row.LogKey, p.UserId);
            var hash = LogChain.HashOf(seq, now, pseudonym, "", head);
            var signature = new PetitionSignature { PetitionId = p.PetitionId, UserId = p.UserId, SignedAt = now, Seq = seq, Pseudonym = pseudonym, IdempotencyKey = p.Key };
            db.PetitionSignatures.Add(signature);
            db.PublicLog.Add(new PublicLogEntry { Subject = $"petition:{p.PetitionId}", Seq = seq, At = now, Pseudonym = pseudonym, PreviousHash = head, Hash = hash });
            signatures[(p.PetitionId, p.UserId)] = signature;
            if (!row.QuorumReached && quorumAt is null && seq >= row.Quorum) quorumAt = now;
            state[p.PetitionId] = (seq, hash, quorumAt);
            results[i] = new SignResult(SignOutcome.Signed, signature, Count: seq);
        }
        foreach (var (id, (seq, head, quorumAt)) in state)
        {
            if (seq == locked[id].SignatureCount) continue;
            var row = new Petition { Id = id, AuthorId = "", Title = "", Body = "", Competence = "", SignatureCount = seq, LogHead = head, QuorumReachedAt = quorumAt };
            db.Petitions.Attach(row);
            db.Entry(row).Property(p => p.SignatureCount).IsModified = true;
            db.Entry(row).Property(p => p.LogHead).IsModified = true;
            if (quorumAt is not null) db.Entry(row).Property(p => p.QuorumReachedAt).IsModified = true;
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();

        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i];
            if (results[i] is null)
            {
                // Signed before (or earlier in this batch): the answer PetitionSigning gives to a repeat.
                var s = signatures[(p.PetitionId, p.UserId)];
                var count = state.TryGetValue(p.PetitionId, out var st) ? st.Seq : petitions[p.PetitionId].SignatureCount;
                results[i] = new SignResult(p.Key is not null && s.IdempotencyKey == p.Key ? SignOutcome.Replayed : SignOutcome.AlreadySigned, s, Count: count);
            }
            p.Done.TrySetResult(results[i]!);
        }
    }
}
