using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>One request to sign, as queued: <paramref name="TerritoryId"/> is the territory of the page or API call, if any.</summary>
public sealed record SignRequest(int PetitionId, string UserId, string? IdempotencyKey, int? TerritoryId);

/// <summary>
/// Writes queued signatures in ONE transaction, whatever the number of petitions and people, with the answers one by
/// one signing would give. Before the transaction (reads, no lock): the petitions and each signer's eligibility. Then
/// the open petitions' rows are locked in ascending ids — several processes never deadlock — and who already signed is
/// read under those locks: exact, since every signature of a petition is written under its row lock, in this process
/// or another. New signatures get the next numbers and chained log lines; counters and heads are written once per
/// petition; one COMMIT. The unique indexes (petition, person) and (subject, seq) remain the last guard: if anything
/// fails, the whole transaction is undone and nothing of the batch is written.
/// </summary>
internal sealed class SignatureBatch(CatalyseDb db, IServiceScopeFactory scopes, TimeProvider clock)
{
    private sealed class Locked
    {
        public int Id { get; init; }
        public int SignatureCount { get; init; }
        public int Quorum { get; init; }
        public string LogHead { get; init; } = "";
        public byte[] LogKey { get; init; } = [];
        public bool QuorumReached { get; init; }
    }

    /// <summary>One answer per request, in order; null when the signer has no account (the caller gets an error).</summary>
    public async Task<SignResult?[]> WriteAsync(IReadOnlyList<SignRequest> batch)
    {
        // A failure undoes the whole transaction: no savepoint needed (one round trip less while rows are locked).
        db.Database.AutoSavepointsEnabled = false;
        var sqlite = db.Database.IsSqlite();
        var results = new SignResult?[batch.Count];
        var answered = new bool[batch.Count];
        var petitionIds = batch.Select(r => r.PetitionId).Distinct().Order().ToList();
        var userIds = batch.Select(r => r.UserId).Distinct().ToList();

        var petitions = await db.Petitions.IgnoreQueryFilters().AsNoTracking().Where(p => petitionIds.Contains(p.Id))
            .Select(p => new { p.Id, p.TerritoryId, p.SignerLevel, p.SignatureCount }).ToDictionaryAsync(p => p.Id);
        var confirmed = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.EmailConfirmed }).ToDictionaryAsync(u => u.Id, u => u.EmailConfirmed);
        var missing = new Missing[batch.Count];
        var levelChecks = new List<(int Index, string UserId, int TerritoryId, IdentityLevel Level)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (!petitions.TryGetValue(r.PetitionId, out var petition) || r.TerritoryId is { } t && t != petition.TerritoryId)
                (results[i], answered[i]) = (new SignResult(SignOutcome.NotFound), true);
            else if (!confirmed.TryGetValue(r.UserId, out var isConfirmed))
                answered[i] = true; // no account: an error for this caller only
            else if (!isConfirmed)
                missing[i] = Missing.Email;
            else if (petition.SignerLevel is IdentityLevel.Resident or IdentityLevel.Census)
                levelChecks.Add((i, r.UserId, petition.TerritoryId, petition.SignerLevel));
        }
        // EligibilityService's own rules, several signers at once (each on a connection of its own), so that a batch
        // for residents takes the time of a few checks, not of one per signer.
        await Parallel.ForEachAsync(levelChecks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            missing[c.Index] = await scope.ServiceProvider.GetRequiredService<EligibilityService>().MissingAsync(c.UserId, c.TerritoryId, c.Level);
        });

        var now = LogChain.Truncate(clock.GetUtcNow());
        object nowValue = sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
        await using var tx = await db.Database.BeginTransactionAsync();
        // SQLite: BEGIN IMMEDIATE already holds the database's write lock. The ids as one parameter (an array; JSON for
        // SQLite), so that one query plan serves every batch.
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
        var signatures = (await db.PetitionSignatures.AsNoTracking()
            .Where(s => petitionIds.Contains(s.PetitionId) && userIds.Contains(s.UserId)).ToListAsync())
            .ToDictionary(s => (s.PetitionId, s.UserId));
        var state = locked.Values.ToDictionary(p => p.Id, p => (Seq: p.SignatureCount, Head: p.LogHead, QuorumAt: (DateTimeOffset?)null));
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            // In the order of one by one signing: already signed, then not eligible, then not open.
            if (answered[i] || signatures.ContainsKey((r.PetitionId, r.UserId))) continue;
            answered[i] = true;
            if (missing[i] != Missing.None) results[i] = new SignResult(SignOutcome.Ineligible, Missing: missing[i]);
            else if (!locked.TryGetValue(r.PetitionId, out var row)) results[i] = new SignResult(SignOutcome.NotOpen, Count: petitions[r.PetitionId].SignatureCount);
            else results[i] = Append(r, row, now, state, signatures);
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
            if (answered[i]) continue;
            // Signed before, or earlier in this batch: the answer to a repeat (the same key replays it).
            var r = batch[i];
            var s = signatures[(r.PetitionId, r.UserId)];
            var count = state.TryGetValue(r.PetitionId, out var st) ? st.Seq : petitions[r.PetitionId].SignatureCount;
            results[i] = new SignResult(r.IdempotencyKey is not null && s.IdempotencyKey == r.IdempotencyKey ? SignOutcome.Replayed : SignOutcome.AlreadySigned, s, Count: count);
        }
        return results;
    }

    /// <summary>The petition's next signature and log line, chained to the previous one (of this batch or committed).</summary>
    private SignResult Append(SignRequest r, Locked row, DateTimeOffset now,
        Dictionary<int, (int Seq, string Head, DateTimeOffset? QuorumAt)> state, Dictionary<(int, string), PetitionSignature> signatures)
    {
        var (seq, head, quorumAt) = state[r.PetitionId];
        seq++;
        var pseudonym = LogChain.Pseudonym(row.LogKey, r.UserId);
        var line = LogChain.Next($"petition:{r.PetitionId}", seq, now, pseudonym, "", head);
        var signature = new PetitionSignature { PetitionId = r.PetitionId, UserId = r.UserId, SignedAt = now, Seq = seq, Pseudonym = pseudonym, IdempotencyKey = r.IdempotencyKey };
        db.PetitionSignatures.Add(signature);
        db.PublicLog.Add(line);
        signatures[(r.PetitionId, r.UserId)] = signature;
        if (!row.QuorumReached && quorumAt is null && seq >= row.Quorum) quorumAt = now;
        state[r.PetitionId] = (seq, line.Hash, quorumAt);
        return new SignResult(SignOutcome.Signed, signature, Count: seq);
    }
}
