using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Moderation;

public sealed record ReportInput(ReportedKind? Kind, long SubjectId, ReportReasonKind? Reason, string? Details);

public enum ReportOutcome { Reported, AlreadyReported, NotFound, Invalid }

public enum ModerationAction { Hide, Dismiss }

/// <summary>
/// The public service of moderation in participation: reports of proposals and comments (one per person; content that
/// several people report is hidden until a catalyst looks at it), the catalysts' decisions, suspended participants,
/// and the limits on new accounts. Consultations ask it whether someone may contribute (<see cref="RefusalAsync"/>).
/// </summary>
public sealed class ModerationService(CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock, IConfiguration config)
{
    /// <summary>Open reports from this many people hide the content until a catalyst decides.</summary>
    public int HideAfterReports => config.GetValue("Catalyse:Moderation:HideAfterReports", 3);
    /// <summary>An account younger than this is new…</summary>
    public TimeSpan NewAccountAge => TimeSpan.FromHours(config.GetValue("Catalyse:Moderation:NewAccountHours", 24));
    /// <summary>…and may post this many proposals and comments in its first day (against spam accounts).</summary>
    public int NewAccountContributions => config.GetValue("Catalyse:Moderation:NewAccountContributions", 5);

    /// <summary>Why the person may not post in the territory now (suspended, or a new account over its allowance), or null.</summary>
    public async Task<string?> RefusalAsync(string userId, int territoryId, CancellationToken ct = default)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new
        {
            u.CreatedAt,
            Blocked = db.Set<ParticipationBlock>().IgnoreQueryFilters().Any(b => b.TerritoryId == territoryId && b.UserId == userId),
        }).FirstOrDefaultAsync(ct);
        if (person is null) return l["Compte inconnu."];
        if (person.Blocked) return l["Votre participation dans ce territoire est suspendue par son équipe d'animation."];
        var now = clock.GetUtcNow();
        if (person.CreatedAt <= now - NewAccountAge) return null;
        var since = now - NewAccountAge;
        var posted = await db.Proposals.IgnoreQueryFilters().CountAsync(p => p.AuthorId == userId && p.CreatedAt >= since, ct)
            + await db.ProposalComments.CountAsync(c => c.AuthorId == userId && c.CreatedAt >= since, ct);
        return posted >= NewAccountContributions
            ? l["Un compte de moins de {0} heures publie au plus {1} propositions et commentaires : réessayez demain.", (int)NewAccountAge.TotalHours, NewAccountContributions]
            : null;
    }

    /// <summary>Whether the catalysts suspended the person's participation in the territory.</summary>
    public Task<bool> IsSuspendedAsync(string userId, int territoryId, CancellationToken ct = default) =>
        db.Set<ParticipationBlock>().IgnoreQueryFilters().AnyAsync(b => b.TerritoryId == territoryId && b.UserId == userId, ct);

    public async Task<(ReportOutcome Outcome, FieldErrors Errors)> ReportAsync(int territoryId, string reporterId, ReportInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) return (ReportOutcome.NotFound, errors);
        if (input.Reason is not { } reason || !Enum.IsDefined(reason)) errors.Add("reason", l["Choisissez la raison du signalement."]);
        var details = input.Details?.Trim();
        errors.Broken(l, "details", details, 1000, true);
        if (input.Reason == ReportReasonKind.Other && string.IsNullOrEmpty(details)) errors.Add("details", l["Précisez ce qui ne va pas."]);
        if (!await ExistsAsync(territoryId, kind, input.SubjectId, ct)) return (ReportOutcome.NotFound, errors);
        if (errors.Count > 0) return (ReportOutcome.Invalid, errors);
        db.Add(new ContentReport
        {
            TerritoryId = territoryId, Kind = kind, SubjectId = input.SubjectId, ReporterId = reporterId, Reason = input.Reason!.Value,
            Details = string.IsNullOrEmpty(details) ? null : details, CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (ReportOutcome.AlreadyReported, errors);
        }
        var open = await Reports(kind, input.SubjectId).CountAsync(r => r.Status == ContentReportStatus.Open, ct);
        if (open >= HideAfterReports)
            await SetHiddenAsync(kind, input.SubjectId, l["Masqué après {0} signalements, en attente d'examen par l'équipe d'animation.", open], onlyIfVisible: true, ct);
        return (ReportOutcome.Reported, errors);
    }

    private IQueryable<ContentReport> Reports(ReportedKind kind, long subjectId) =>
        db.Set<ContentReport>().Where(r => r.Kind == kind && r.SubjectId == subjectId);

    private Task<bool> ExistsAsync(int territoryId, ReportedKind kind, long subjectId, CancellationToken ct) => kind switch
    {
        ReportedKind.Proposal => db.Proposals.AnyAsync(p => p.Id == subjectId && p.TerritoryId == territoryId, ct),
        _ => db.ProposalComments.AnyAsync(c => c.Id == subjectId && db.Proposals.Any(p => p.Id == c.ProposalId && p.TerritoryId == territoryId), ct),
    };

    private Task<int> SetHiddenAsync(ReportedKind kind, long subjectId, string? reason, bool onlyIfVisible, CancellationToken ct) => kind switch
    {
        ReportedKind.Proposal => db.Proposals.Where(p => p.Id == subjectId && (!onlyIfVisible || p.HiddenReason == null))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HiddenReason, reason), ct),
        _ => db.ProposalComments.Where(c => c.Id == subjectId && (!onlyIfVisible || c.HiddenReason == null))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.HiddenReason, reason), ct),
    };

    /// <summary>
    /// A catalyst's decision on reported content: hide it with a public reason, or dismiss the reports (the content shows
    /// again). Null when the content is not of the territory.
    /// </summary>
    public async Task<FieldErrors?> DecideAsync(int territoryId, ReportedKind kind, long subjectId, ModerationAction action, string? reason, string moderatorId,
        CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (!Enum.IsDefined(kind) || !await ExistsAsync(territoryId, kind, subjectId, ct)) return null;
        reason = reason?.Trim() ?? "";
        if (action == ModerationAction.Hide && !errors.Broken(l, "reason", reason, 1000, true) && reason.Length < 3)
            errors.Add("reason", l["Donnez la raison (3 à 1 000 caractères)."]);
        if (errors.Count > 0) return errors;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SetHiddenAsync(kind, subjectId, action == ModerationAction.Hide ? reason : null, onlyIfVisible: false, ct);
        var now = clock.GetUtcNow();
        await Reports(kind, subjectId).Where(r => r.Status == ContentReportStatus.Open).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, action == ModerationAction.Hide ? ContentReportStatus.Hidden : ContentReportStatus.Dismissed)
            .SetProperty(r => r.ResolvedById, moderatorId).SetProperty(r => r.ResolvedAt, now), ct);
        await tx.CommitAsync(ct);
        return errors;
    }

    /// <summary>Suspends a person's participation in the territory (proposals, comments, supports, petitions).</summary>
    public async Task<FieldErrors?> BlockAsync(int territoryId, string userId, string? reason, string moderatorId, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) return null;
        reason = reason?.Trim() ?? "";
        if (!errors.Broken(l, "reason", reason, 500, true) && reason.Length < 3) errors.Add("reason", l["Donnez la raison (3 à 500 caractères)."]);
        if (userId == moderatorId) errors.Add("reason", l["Vous ne pouvez pas suspendre votre propre participation."]);
        if (errors.Count > 0) return errors;
        db.Add(new ParticipationBlock { TerritoryId = territoryId, UserId = userId, Reason = reason, BlockedById = moderatorId, BlockedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // already suspended: the first reason stays
        }
        return errors;
    }

    public async Task<bool> UnblockAsync(int territoryId, string userId, CancellationToken ct = default) =>
        await db.Set<ParticipationBlock>().Where(b => b.TerritoryId == territoryId && b.UserId == userId).ExecuteDeleteAsync(ct) == 1;
}
