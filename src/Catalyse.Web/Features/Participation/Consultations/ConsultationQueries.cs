using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Consultations;

public sealed record ProposalSummary(int Id, string Title, ProposalStatus Status, int SupportCount, int CommentCount, int Progress, DateTimeOffset CreatedAt);

public sealed record CommentView(long Id, long? ParentId, string Author, string Body, DateTimeOffset CreatedAt, string? HiddenReason);

public sealed class ConsultationQueries(CatalyseDb db)
{
    public static readonly string[] Sorts = ["supports", "recent"];

    public async Task<Page<Consultation>> ListAsync(int territoryId, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<Consultation>.Clamp(page, pageSize);
        var query = db.Consultations.AsNoTracking().Where(c => c.TerritoryId == territoryId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.Id).Skip((p - 1) * size).Take(size).Include(c => c.Phases).AsSplitQuery().ToListAsync(ct);
        return new Page<Consultation>(items, p, size, total);
    }

    public Task<Consultation?> FindAsync(int id, CancellationToken ct = default) =>
        db.Consultations.AsNoTracking().Include(c => c.Phases.OrderBy(p => p.StartsAt)).FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Page<ProposalSummary>> ProposalsAsync(int consultationId, string? sort, ProposalStatus? status, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<ProposalSummary>.Clamp(page, pageSize);
        // Hidden by moderation: out of the lists (the catalysts find them in the moderation queue).
        var query = db.Proposals.AsNoTracking().Where(x => x.ConsultationId == consultationId && x.HiddenReason == null);
        query = status is { } s ? query.Where(x => x.Status == s) : query.Where(x => x.Status != ProposalStatus.Merged);
        var total = await query.CountAsync(ct);
        var ordered = sort == "recent" ? query.OrderByDescending(x => x.Id) : query.OrderByDescending(x => x.SupportCount).ThenByDescending(x => x.Id);
        var items = await ordered.Skip((p - 1) * size).Take(size)
            .Select(x => new ProposalSummary(x.Id, x.Title, x.Status, x.SupportCount, x.CommentCount, x.Progress, x.CreatedAt)).ToListAsync(ct);
        return new Page<ProposalSummary>(items, p, size, total);
    }

    public async Task<Dictionary<int, Proposal>> ProposalsByIdAsync(List<int> ids, CancellationToken ct = default) =>
        await db.Proposals.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

    public Task<Proposal?> ProposalAsync(int id, CancellationToken ct = default) => db.Proposals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<string?> DisplayNameAsync(string userId, CancellationToken ct = default) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);

    /// <summary>A page of threads: top-level comments in order, each with its replies.</summary>
    public async Task<(Page<CommentView> Threads, List<CommentView> Replies)> CommentsAsync(int proposalId, int? page, CancellationToken ct = default)
    {
        var (p, size) = Page<CommentView>.Clamp(page, 50);
        var top = db.ProposalComments.AsNoTracking().Where(c => c.ProposalId == proposalId && c.ParentId == null);
        var total = await top.CountAsync(ct);
        var threads = await top.OrderBy(c => c.Id).Skip((p - 1) * size).Take(size)
            .Select(c => new CommentView(c.Id, null, db.Users.Where(u => u.Id == c.AuthorId).Select(u => u.DisplayName).First(), c.Body, c.CreatedAt, c.HiddenReason))
            .ToListAsync(ct);
        var ids = threads.Select(t => t.Id).ToList();
        var replies = await db.ProposalComments.AsNoTracking().Where(c => c.ParentId != null && ids.Contains(c.ParentId.Value)).OrderBy(c => c.Id).Take(1000)
            .Select(c => new CommentView(c.Id, c.ParentId, db.Users.Where(u => u.Id == c.AuthorId).Select(u => u.DisplayName).First(), c.Body, c.CreatedAt, c.HiddenReason))
            .ToListAsync(ct);
        return (new Page<CommentView>(threads, p, size, total), replies);
    }
}
