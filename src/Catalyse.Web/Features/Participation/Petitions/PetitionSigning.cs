using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Participation.Petitions;

public enum SignOutcome { Signed, Replayed, AlreadySigned, NotOpen, NotFound, Ineligible }

public sealed record SignResult(SignOutcome Outcome, PetitionSignature? Signature = null, Missing Missing = Missing.None, int Count = 0);

/// <summary>
/// One person, one signature — provably, and at the rate of many people signing at once. The request joins the
/// process's <see cref="SignatureBatcher"/>, which writes it with the others queued meanwhile in one transaction
/// (<see cref="SignatureBatch"/>): the petition's row locked, the signature (unique per person) and its log line
/// (unique per number) inserted with the new log head and counter. The answer is the one signing alone would get:
/// signed with its number, replayed (same Idempotency-Key), already signed, not eligible, not open, not found.
/// </summary>
public sealed class PetitionSigning(SignatureBatcher batcher, TerritoryScope scope)
{
    /// <summary>Within a territory's page or API call, a petition of another territory is not found.</summary>
    public Task<SignResult> SignAsync(int petitionId, string userId, string? idempotencyKey, CancellationToken ct = default) =>
        batcher.SignAsync(new SignRequest(petitionId, userId, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey, scope.TerritoryId), ct);
}
