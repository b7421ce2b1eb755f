using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Catalyse.Web.Features.Participation.Petitions;

public enum SignOutcome { Signed, Replayed, AlreadySigned, NotOpen, NotFound, Ineligible }

public sealed record SignResult(SignOutcome Outcome, PetitionSignature? Signature = null, Missing Missing = Missing.None, int Count = 0);

/// <summary>
/// One person, one signature — provably. In one transaction: the counter goes up by a conditional UPDATE (open
/// petition, before its deadline) that also locks the petition's row, so that signatures are numbered and chained one
/// after the other; the signature (unique per person) and its log line (unique per number) are inserted with the new
/// log head. A second signature of the same person fails on the unique index and the whole transaction is undone.
/// </summary>
public sealed class PetitionSigning(CatalyseDb db, EligibilityService eligibility, TimeProvider clock)
{
    private sealed class Locked
    {
        public int SignatureCount { get; init; }
        public int Quorum { get; init; }
        public string LogHead { get; init; } = "";
        public byte[] LogKey { get; init; } = [];
        public bool QuorumReached { get; init; }
    }

    public async Task<SignResult> SignAsync(int petitionId, string userId, string? idempotencyKey, CancellationToken ct = default)
    {
        var petition = await db.Petitions.AsNoTracking().Where(p => p.Id == petitionId)
            .Select(p => new { p.TerritoryId, p.SignerLevel, p.SignatureCount }).FirstOrDefaultAsync(ct);
        if (petition is null) return new SignResult(SignOutcome.NotFound);
        if (await ExistingAsync(petitionId, userId, idempotencyKey, ct) is { } existing) return existing;
        var missing = await eligibility.MissingAsync(userId, petition.TerritoryId, petition.SignerLevel, ct);
        if (missing != Missing.None) return new SignResult(SignOutcome.Ineligible, Missing: missing);

        var now = LogChain.Truncate(clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A failure undoes the whole transaction: no savepoint needed (one round trip less while the row is locked).
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            object nowValue = db.Database.IsSqlite() ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
            var locked = (await db.Database.SqlQueryRaw<Locked>(
                """
                UPDATE petitions SET "SignatureCount" = "SignatureCount" + 1
                WHERE "Id" = {0} AND "Status" = {1} AND "ClosesAt" > {2}
                RETURNING "SignatureCount", "Quorum", "LogHead", "LogKey", "QuorumReachedAt" IS NOT NULL AS "QuorumReached"
                """, petitionId, (int)PetitionStatus.Collecting, nowValue).ToListAsync(ct)).SingleOrDefault();
            if (locked is null)
            {
                await tx.RollbackAsync(ct);
                return new SignResult(SignOutcome.NotOpen, Count: petition.SignatureCount);
            }
            var seq = locked.SignatureCount;
            var pseudonym = LogChain.Pseudonym(locked.LogKey, userId);
            var line = LogChain.Next($"petition:{petitionId}", seq, now, pseudonym, "", locked.LogHead);
            var signature = new PetitionSignature
            {
                PetitionId = petitionId, UserId = userId, SignedAt = now, Seq = seq, Pseudonym = pseudonym,
                IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
            };
            db.PetitionSignatures.Add(signature);
            db.PublicLog.Add(line);
            var head = new Petition { Id = petitionId, AuthorId = "", Title = "", Body = "", Competence = "", LogHead = line.Hash };
            db.Petitions.Attach(head);
            db.Entry(head).Property(p => p.LogHead).IsModified = true;
            if (!locked.QuorumReached && seq >= locked.Quorum)
            {
                head.QuorumReachedAt = now;
                db.Entry(head).Property(p => p.QuorumReachedAt).IsModified = true;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new SignResult(SignOutcome.Signed, signature, Count: seq);
        }
        catch (DbUpdateException)
        {
            // The unique index (petition, person): somebody — this same person, concurrently — signed first.
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await ExistingAsync(petitionId, userId, idempotencyKey, ct) ?? throw new InvalidOperationException("Signature refused without an existing one.");
        }
    }

    private async Task<SignResult?> ExistingAsync(int petitionId, string userId, string? idempotencyKey, CancellationToken ct)
    {
        var existing = await db.PetitionSignatures.AsNoTracking().FirstOrDefaultAsync(s => s.PetitionId == petitionId && s.UserId == userId, ct);
        if (existing is null) return null;
        var count = await db.Petitions.Where(p => p.Id == petitionId).Select(p => p.SignatureCount).FirstAsync(ct);
        var replay = !string.IsNullOrEmpty(idempotencyKey) && existing.IdempotencyKey == idempotencyKey;
        return new SignResult(replay ? SignOutcome.Replayed : SignOutcome.AlreadySigned, existing, Count: count);
    }
}
