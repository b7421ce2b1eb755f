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
/// one signing would give, in four round trips for the whole batch. First the petitions' rows are locked in ascending
/// ids — several processes never deadlock — then the signers are read with what they already signed: exact under those
/// locks, since every signature of a petition is written under its row lock, in this process or another. New
/// signatures get the next numbers and chained log lines; counters and heads are written once per petition; one
/// COMMIT. The unique indexes (petition, person) and (subject, seq) remain the last guard: if anything fails, the whole
/// transaction is undone and nothing of the batch is written.
/// </summary>
internal sealed class SignatureBatch(CatalyseDb db, IServiceScopeFactory scopes, TimeProvider clock)
{
    private sealed class Row
    {
        public int Id { get; init; }
        public int TerritoryId { get; init; }
        public IdentityLevel SignerLevel { get; init; }
        public bool Open { get; init; }
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
        var petitionIds = batch.Select(r => r.PetitionId).Distinct().Order().ToList();
        var userIds = batch.Select(r => r.UserId).Distinct().ToList();
        var now = LogChain.Truncate(clock.GetUtcNow());
        object nowValue = sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
        await using var tx = await db.Database.BeginTransactionAsync();
        // SQLite: BEGIN IMMEDIATE already holds the database's write lock. The ids as one parameter (an array; JSON for
        // SQLite), so that one query plan serves every batch. Closed petitions are locked too (briefly, harmless).
        var rows = await db.Database.SqlQueryRaw<Row>(sqlite
            ? """
              SELECT "Id", "TerritoryId", "SignerLevel", "Status" = {0} AND "ClosesAt" IS NOT NULL AND "ClosesAt" > {1} AS "Open",
                "SignatureCount", "Quorum", "LogHead", "LogKey", "QuorumReachedAt" IS NOT NULL AS "QuorumReached"
              FROM petitions WHERE "Id" IN (SELECT value FROM json_each({2}))
              """
            : """
              SELECT "Id", "TerritoryId", "SignerLevel", COALESCE("Status" = {0} AND "ClosesAt" > {1}, FALSE) AS "Open",
                "SignatureCount", "Quorum", "LogHead", "LogKey", "QuorumReachedAt" IS NOT NULL AS "QuorumReached"
              FROM petitions WHERE "Id" = ANY({2}) ORDER BY "Id" FOR NO KEY UPDATE
              """, (int)PetitionStatus.Collecting, nowValue, sqlite ? "[" + string.Join(",", petitionIds) + "]" : petitionIds.ToArray())
            .ToDictionaryAsync(p => p.Id);
        var signers = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new
        {
            u.Id, u.EmailConfirmed,
            Signed = db.PetitionSignatures.Where(s => s.UserId == u.Id && petitionIds.Contains(s.PetitionId)).ToList(),
        }).ToDictionaryAsync(u => u.Id);
        var signatures = signers.Values.SelectMany(u => u.Signed).ToDictionary(s => (s.PetitionId, s.UserId));

        // In the order of one by one signing: not found, already signed, not eligible, not open.
        var results = new SignResult?[batch.Count];
        var answered = new bool[batch.Count];
        var missing = new Missing[batch.Count];
        var levelChecks = new List<(int Index, string UserId, int TerritoryId, IdentityLevel Level)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (!rows.TryGetValue(r.PetitionId, out var row) || r.TerritoryId is { } t && t != row.TerritoryId)
                (results[i], answered[i]) = (new SignResult(SignOutcome.NotFound), true);
            else if (!signers.TryGetValue(r.UserId, out var signer))
                answered[i] = true; // no account: an error for this caller only
            else if (signatures.ContainsKey((r.PetitionId, r.UserId))) continue;
            else if (!signer.EmailConfirmed) missing[i] = Missing.Email;
            else if (row.SignerLevel is IdentityLevel.Resident or IdentityLevel.Census) levelChecks.Add((i, r.UserId, row.TerritoryId, row.SignerLevel));
        }
        // EligibilityService's own rules, several signers at once (each on a connection of its own), so that a batch
        // for residents takes the time of a few checks, not of one per signer.
        await Parallel.ForEachAsync(levelChecks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            missing[c.Index] = await scope.ServiceProvider.GetRequiredService<EligibilityService>().MissingAsync(c.UserId, c.TerritoryId, c.Level);
        });

        var state = rows.Values.Where(p => p.Open).ToDictionary(p => p.Id, p => (Seq: p.SignatureCount, Head: p.LogHead, QuorumAt: (DateTimeOffset?)null));
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (answered[i] || signatures.ContainsKey((r.PetitionId, r.UserId))) continue; // repeats: answered after the COMMIT
            answered[i] = true;
            if (missing[i] != Missing.None) results[i] = new SignResult(SignOutcome.Ineligible, Missing: missing[i]);
            else if (!state.ContainsKey(r.PetitionId)) results[i] = new SignResult(SignOutcome.NotOpen, Count: rows[r.PetitionId].SignatureCount);
            else results[i] = Append(r, rows[r.PetitionId], now, state, signatures);
        }
        await SignatureRows.SaveAsync(db, _signatures, _lines, state.Where(p => p.Value.Seq != rows[p.Key].SignatureCount).ToList());
        await tx.CommitAsync();

        for (var i = 0; i < batch.Count; i++)
        {
            if (answered[i]) continue;
            // Signed before, or earlier in this batch: the answer to a repeat (the same key replays it).
            var r = batch[i];
            var s = signatures[(r.PetitionId, r.UserId)];
            var count = state.TryGetValue(r.PetitionId, out var st) ? st.Seq : rows[r.PetitionId].SignatureCount;
            results[i] = new SignResult(r.IdempotencyKey is not null && s.IdempotencyKey == r.IdempotencyKey ? SignOutcome.Replayed : SignOutcome.AlreadySigned, s, Count: count);
        }
        return results;
    }

    private readonly List<PetitionSignature> _signatures = [];
    private readonly List<PublicLogEntry> _lines = [];

    /// <summary>The petition's next signature and log line, chained to the previous one (of this batch or committed).</summary>
    private SignResult Append(SignRequest r, Row row, DateTimeOffset now,
        Dictionary<int, (int Seq, string Head, DateTimeOffset? QuorumAt)> state, Dictionary<(int, string), PetitionSignature> signatures)
    {
        var (seq, head, quorumAt) = state[r.PetitionId];
        seq++;
        var pseudonym = LogChain.Pseudonym(row.LogKey, r.UserId);
        var line = LogChain.Next($"petition:{r.PetitionId}", seq, now, pseudonym, "", head);
        var signature = new PetitionSignature { PetitionId = r.PetitionId, UserId = r.UserId, SignedAt = now, Seq = seq, Pseudonym = pseudonym, IdempotencyKey = r.IdempotencyKey };
        _signatures.Add(signature);
        _lines.Add(line);
        signatures[(r.PetitionId, r.UserId)] = signature;
        if (!row.QuorumReached && quorumAt is null && seq >= row.Quorum) quorumAt = now;
        state[r.PetitionId] = (seq, line.Hash, quorumAt);
        return new SignResult(SignOutcome.Signed, signature, Count: seq);
    }
}
