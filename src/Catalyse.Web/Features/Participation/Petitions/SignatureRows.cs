using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>How <see cref="SignatureBatch"/> writes what it decided.</summary>
internal static class SignatureRows
{
    /// <summary>
    /// A batch's new signatures and log lines, and its petitions' counters and heads, inside the batch's transaction.
    /// PostgreSQL: three statements over arrays, in one round trip — EF's change tracking and one INSERT per row cost
    /// the single writer more CPU than the database spends on them (it doubled the rate); the new rows' ids are not read
    /// back (nothing uses them). SQLite (in process, no round trips): EF.
    /// </summary>
    public static async Task SaveAsync(CatalyseDb db, List<PetitionSignature> signatures, List<PublicLogEntry> lines,
        List<KeyValuePair<int, (int Seq, string Head, DateTimeOffset? QuorumAt)>> petitions)
    {
        if (db.Database.IsSqlite())
        {
            db.PetitionSignatures.AddRange(signatures);
            db.PublicLog.AddRange(lines);
            foreach (var (id, (seq, head, quorumAt)) in petitions)
            {
                var row = new Petition { Id = id, AuthorId = "", Title = "", Body = "", Competence = "", SignatureCount = seq, LogHead = head, QuorumReachedAt = quorumAt };
                db.Petitions.Attach(row);
                db.Entry(row).Property(p => p.SignatureCount).IsModified = true;
                db.Entry(row).Property(p => p.LogHead).IsModified = true;
                if (quorumAt is not null) db.Entry(row).Property(p => p.QuorumReachedAt).IsModified = true;
            }
            await db.SaveChangesAsync();
            return;
        }
        if (petitions.Count == 0) return;
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO petition_signatures ("PetitionId", "UserId", "SignedAt", "Seq", "Pseudonym", "IdempotencyKey")
            SELECT * FROM unnest({0}::integer[], {1}::text[], {2}::timestamptz[], {3}::integer[], {4}::text[], {5}::text[]);
            INSERT INTO public_log ("Subject", "Seq", "At", "Pseudonym", "Choice", "PreviousHash", "Hash")
            SELECT * FROM unnest({6}::text[], {3}::integer[], {2}::timestamptz[], {4}::text[], {7}::text[], {8}::text[], {9}::text[]);
            UPDATE petitions SET "SignatureCount" = v.seq, "LogHead" = v.head, "QuorumReachedAt" = COALESCE(petitions."QuorumReachedAt", v.quorum_at)
            FROM unnest({10}::integer[], {11}::integer[], {12}::text[], {13}::timestamptz[]) AS v(id, seq, head, quorum_at) WHERE petitions."Id" = v.id;
            """,
            signatures.Select(s => s.PetitionId).ToArray(), signatures.Select(s => s.UserId).ToArray(), signatures.Select(s => s.SignedAt).ToArray(),
            signatures.Select(s => s.Seq).ToArray(), signatures.Select(s => s.Pseudonym).ToArray(), signatures.Select(s => s.IdempotencyKey).ToArray(),
            lines.Select(l => l.Subject).ToArray(), lines.Select(l => l.Choice).ToArray(), lines.Select(l => l.PreviousHash).ToArray(), lines.Select(l => l.Hash).ToArray(),
            petitions.Select(p => p.Key).ToArray(), petitions.Select(p => p.Value.Seq).ToArray(), petitions.Select(p => p.Value.Head).ToArray(),
            petitions.Select(p => p.Value.QuorumAt).ToArray());
    }
}
