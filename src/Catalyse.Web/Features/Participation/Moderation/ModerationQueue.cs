using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Moderation;

/// <summary>Reported content waiting for a decision: what it is, who wrote it, how many reported it and why.</summary>
public sealed record ReportedItem(ReportedKind Kind, long SubjectId, int Reports, List<(ReportReasonKind Reason, string? Details)> Reasons,
    string Excerpt, string Url, string AuthorId, string Author, bool AuthorBlocked, string? HiddenReason);

public sealed record BlockedPerson(string UserId, string Name, string Reason, DateTimeOffset BlockedAt);

/// <summary>The catalysts' moderation queue of a territory, a page at a time, in a fixed number of queries.</summary>
public sealed class ModerationQueue(CatalyseDb db)
{
    public async Task<Page<ReportedItem>> OpenAsync(int territoryId, int? page, CancellationToken ct = default)
    {
        var (p, size) = Page<ReportedItem>.Clamp(page, 20, 20);
        var open = db.Set<ContentReport>().AsNoTracking().Where(r => r.TerritoryId == territoryId && r.Status == ContentReportStatus.Open)
            .GroupBy(r => new { r.Kind, r.SubjectId }).Select(g => new { g.Key.Kind, g.Key.SubjectId, Count = g.Count(), Last = g.Max(r => r.Id) });
        var total = await open.CountAsync(ct);
        var groups = await open.OrderByDescending(g => g.Count).ThenByDescending(g => g.Last).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var subjectIds = groups.Select(g => g.SubjectId).Distinct().ToList();
        var reasons = await db.Set<ContentReport>().AsNoTracking()
            .Where(r => r.TerritoryId == territoryId && r.Status == ContentReportStatus.Open && subjectIds.Contains(r.SubjectId))
            .OrderBy(r => r.Id).Select(r => new { r.Kind, r.SubjectId, r.Reason, r.Details }).ToListAsync(ct);
        var proposalIds = groups.Where(g => g.Kind == ReportedKind.Proposal).Select(g => (int)g.SubjectId).ToList();
        var commentIds = groups.Where(g => g.Kind == ReportedKind.Comment).Select(g => g.SubjectId).ToList();
        var proposals = await db.Proposals.AsNoTracking().Where(x => proposalIds.Contains(x.Id))
            .Select(x => new { Id = (long)x.Id, x.Title, x.AuthorId, x.HiddenReason, ProposalId = x.Id }).ToListAsync(ct);
        var comments = await db.ProposalComments.AsNoTracking().Where(x => commentIds.Contains(x.Id))
            .Select(x => new { x.Id, Title = x.Body, x.AuthorId, x.HiddenReason, x.ProposalId }).ToListAsync(ct);
        var authorIds = proposals.Select(x => x.AuthorId).Concat(comments.Select(x => x.AuthorId)).Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).Select(u => new
        {
            u.Id, u.DisplayName, Blocked = db.Set<ParticipationBlock>().Any(b => b.TerritoryId == territoryId && b.UserId == u.Id),
        }).ToDictionaryAsync(u => u.Id, ct);
        var slug = await db.Territories.Where(t => t.Id == territoryId).Select(t => t.Slug).SingleAsync(ct);
        var items = new List<ReportedItem>();
        foreach (var g in groups)
        {
            var content = g.Kind == ReportedKind.Proposal ? proposals.FirstOrDefault(x => x.Id == g.SubjectId) : comments.FirstOrDefault(x => x.Id == g.SubjectId);
            if (content is null) continue; // deleted since
            var author = authors.GetValueOrDefault(content.AuthorId);
            var url = g.Kind == ReportedKind.Proposal ? $"/t/{slug}/proposals/{content.ProposalId}" : $"/t/{slug}/proposals/{content.ProposalId}#comment-{content.Id}";
            items.Add(new ReportedItem(g.Kind, g.SubjectId, g.Count,
                reasons.Where(r => r.Kind == g.Kind && r.SubjectId == g.SubjectId).Select(r => (r.Reason, r.Details)).ToList(),
                content.Title.Length > 400 ? content.Title[..400] + "…" : content.Title, url, content.AuthorId, author?.DisplayName ?? "—",
                author?.Blocked ?? false, content.HiddenReason));
        }
        return new Page<ReportedItem>(items, p, size, total);
    }

    public async Task<Page<BlockedPerson>> BlockedAsync(int territoryId, int? page, CancellationToken ct = default)
    {
        var (p, size) = Page<BlockedPerson>.Clamp(page, 20, 20);
        var query = db.Set<ParticipationBlock>().AsNoTracking().Where(b => b.TerritoryId == territoryId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(b => b.Id).Skip((p - 1) * size).Take(size)
            .Join(db.Users, b => b.UserId, u => u.Id, (b, u) => new BlockedPerson(b.UserId, u.DisplayName, b.Reason, b.BlockedAt)).ToListAsync(ct);
        return new Page<BlockedPerson>(items, p, size, total);
    }
}
