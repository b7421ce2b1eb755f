using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Petitions;

public sealed record PetitionSummary(int Id, string Title, string Authority, PetitionStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? ClosesAt, int SignatureCount, int Quorum, DateTimeOffset? QuorumReachedAt)
{
    public PetitionPhase PhaseAt(DateTimeOffset now) => new Petition
    {
        AuthorId = "", Title = "", Body = "", Competence = "", Status = Status, ClosesAt = ClosesAt, QuorumReachedAt = QuorumReachedAt,
    }.PhaseAt(now);
}

public sealed record PetitionView(Petition Petition, string AuthorityName, string AuthorName);

public sealed class PetitionQueries(CatalyseDb db, TimeProvider clock)
{
    /// <summary>Which petitions a list shows: open for signature, under review, and the ended ones.</summary>
    public static readonly string[] Filters = ["open", "review", "ended", "all"];

    public async Task<Page<PetitionSummary>> ListAsync(int territoryId, string? filter, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<PetitionSummary>.Clamp(page, pageSize);
        var now = clock.GetUtcNow();
        var query = db.Petitions.AsNoTracking().Where(x => x.TerritoryId == territoryId);
        query = filter switch
        {
            "open" => query.Where(x => x.Status == PetitionStatus.Collecting && x.ClosesAt > now),
            "review" => query.Where(x => x.Status == PetitionStatus.UnderReview),
            "ended" => query.Where(x => x.Status == PetitionStatus.Refused || x.Status == PetitionStatus.Answered
                || (x.Status == PetitionStatus.Collecting && x.ClosesAt <= now)),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(x => x.Id).Skip((p - 1) * size).Take(size)
            .Select(x => new PetitionSummary(x.Id, x.Title, x.Authority!.Name, x.Status, x.CreatedAt, x.ClosesAt, x.SignatureCount, x.Quorum, x.QuorumReachedAt))
            .ToListAsync(ct);
        return new Page<PetitionSummary>(items, p, size, total);
    }

    public async Task<PetitionView?> FindAsync(int id, CancellationToken ct = default) =>
        await db.Petitions.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new PetitionView(x, x.Authority!.Name, db.Users.Where(u => u.Id == x.AuthorId).Select(u => u.DisplayName).FirstOrDefault() ?? ""))
            .FirstOrDefaultAsync(ct);

    public Task<PetitionSignature?> SignatureOfAsync(int petitionId, string? userId, CancellationToken ct = default) =>
        userId is null ? Task.FromResult<PetitionSignature?>(null)
            : db.PetitionSignatures.AsNoTracking().FirstOrDefaultAsync(s => s.PetitionId == petitionId && s.UserId == userId, ct);
}
