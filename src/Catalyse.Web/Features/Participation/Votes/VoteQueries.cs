using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Votes;

public sealed record VoteSummary(int Id, string Title, VoteMethod Method, bool Secret, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int BallotCount);

public sealed class VoteQueries(CatalyseDb db, TimeProvider clock)
{
    public static readonly string[] Filters = ["open", "upcoming", "closed", "all"];

    public async Task<Page<VoteSummary>> ListAsync(int territoryId, string? filter, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<VoteSummary>.Clamp(page, pageSize);
        var now = clock.GetUtcNow();
        var query = db.Votes.AsNoTracking().Where(v => v.TerritoryId == territoryId);
        query = filter switch
        {
            "open" => query.Where(v => v.OpensAt <= now && v.ClosesAt > now),
            "upcoming" => query.Where(v => v.OpensAt > now),
            "closed" => query.Where(v => v.ClosesAt <= now),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(v => v.ClosesAt).ThenByDescending(v => v.Id).Skip((p - 1) * size).Take(size)
            .Select(v => new VoteSummary(v.Id, v.Title, v.Method, v.Secret, v.OpensAt, v.ClosesAt, v.BallotCount)).ToListAsync(ct);
        return new Page<VoteSummary>(items, p, size, total);
    }

    public Task<Vote?> FindAsync(int id, CancellationToken ct = default) =>
        db.Votes.AsNoTracking().Include(v => v.Options.OrderBy(o => o.Position)).FirstOrDefaultAsync(v => v.Id == id, ct);

    public Task<VoterRollEntry?> RollOfAsync(int voteId, string? userId, CancellationToken ct = default) =>
        userId is null ? Task.FromResult<VoterRollEntry?>(null)
            : db.VoterRoll.AsNoTracking().FirstOrDefaultAsync(r => r.VoteId == voteId && r.UserId == userId, ct);
}
