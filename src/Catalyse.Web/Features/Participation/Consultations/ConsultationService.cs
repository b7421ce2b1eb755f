using System.Globalization;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Consultations;

public sealed record ConsultationInput(string? Title, string? Question, string? Description, int? SupportThreshold, int? SupportsPerPerson,
    DateTimeOffset? StartsAt, IReadOnlyDictionary<PhaseKind, DateTimeOffset?> PhaseEnds);

public sealed record ProposalInput(string? Title, string? Body, string? CommuneCode, string? Place, string? Links);

public sealed record AnswerInput(ProposalStatus? Status, string? Answer, long? EstimatedCost, int? Progress);

public enum SupportOutcome { Supported, AlreadySupported, LimitReached, NotOpen, NotFound, Ineligible, Suspended, Withdrawn, NotSupported }

/// <summary>
/// The public service of consultations and proposals: the phases, proposing, supporting (one support per person and
/// proposal, a per-person allowance per consultation, both held by the database), following, comments, the authority's
/// answer, merging duplicates.
/// </summary>
public sealed class ConsultationService(CatalyseDb db, EligibilityService eligibility, Moderation.ModerationService moderation,
    Notifications.NotificationService notifications, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const int MaxProposalsPerPerson = 10;

    public async Task<(Consultation? Consultation, FieldErrors Errors)> CreateAsync(int territoryId, string userId, ConsultationInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        var question = input.Question?.Trim() ?? "";
        if (!errors.Broken(l, "title", title, 200, false) && title.Length < 5) errors.Add("title", l["Le titre compte de 5 à 200 caractères."]);
        if (!errors.Broken(l, "question", question, 500, false) && question.Length < 5) errors.Add("question", l["La question compte de 5 à 500 caractères."]);
        errors.Broken(l, "description", input.Description, 10000, true);
        if (input.SupportThreshold is not (>= 1 and <= 1_000_000)) errors.Add("supportThreshold", l["Le seuil de soutiens va de 1 à 1 000 000."]);
        if (input.SupportsPerPerson is not (>= 0 and <= 1000)) errors.Add("supportsPerPerson", l["Les soutiens par personne vont de 0 (sans limite) à 1 000."]);
        if (input.StartsAt?.ToUniversalTime() is not { } start || !ParisTime.Plausible(start)) { errors.Add("startsAt", l["Indiquez le début de la consultation."]); start = default; }
        var phases = new List<ConsultationPhase>();
        var from = start;
        foreach (var kind in Enum.GetValues<PhaseKind>())
        {
            if (input.PhaseEnds.GetValueOrDefault(kind)?.ToUniversalTime() is not { } end) continue;
            if (end <= from || !ParisTime.Plausible(end)) errors.Add("phaseEnds", l["Chaque phase finit après la précédente : {0}.", l[ConsultationLabels.Phase(kind)]]);
            phases.Add(new ConsultationPhase { Kind = kind, StartsAt = from, EndsAt = end });
            from = end;
        }
        if (phases.Count == 0) errors.Add("phaseEnds", l["Donnez la fin d'au moins une phase."]);
        if (errors.Count > 0) return (null, errors);
        var consultation = new Consultation
        {
            TerritoryId = territoryId, Title = title, Question = question, Description = input.Description?.Trim() ?? "",
            SupportThreshold = input.SupportThreshold!.Value, SupportsPerPerson = input.SupportsPerPerson!.Value, CreatedBy = userId,
            CreatedAt = clock.GetUtcNow(), Phases = phases,
        };
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync(ct);
        return (consultation, errors);
    }

    public async Task<(Proposal? Proposal, FieldErrors Errors)> ProposeAsync(int consultationId, string userId, ProposalInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Phases).FirstOrDefaultAsync(c => c.Id == consultationId, ct);
        if (consultation is null) return (null, errors);
        if (!consultation.Allows(PhaseKind.Proposals, clock.GetUtcNow()))
        {
            errors.Add("title", l["Cette consultation ne reçoit pas de propositions en ce moment."]);
            return (null, errors);
        }
        if (await eligibility.MissingAsync(userId, consultation.TerritoryId, IdentityLevel.EmailConfirmed, ct) != Missing.None)
        {
            errors.Add("title", l["Confirmez d'abord votre adresse email (lien reçu à l'inscription)."]);
            return (null, errors);
        }
        if (await moderation.RefusalAsync(userId, consultation.TerritoryId, ct) is { } refused)
        {
            errors.Add("title", refused);
            return (null, errors);
        }
        var title = input.Title?.Trim() ?? "";
        var body = input.Body?.Trim() ?? "";
        if (!errors.Broken(l, "title", title, 200, false) && title.Length < 5) errors.Add("title", l["Le titre compte de 5 à 200 caractères."]);
        if (!errors.Broken(l, "body", body, 10000, true) && body.Length < 20) errors.Add("body", l["Le texte compte de 20 à 10 000 caractères."]);
        errors.Broken(l, "place", input.Place, 300, false);
        var commune = string.IsNullOrWhiteSpace(input.CommuneCode) ? null : input.CommuneCode.Trim();
        if (commune is not null && !await db.TerritoryCommunes.IgnoreQueryFilters().AnyAsync(c => c.TerritoryId == consultation.TerritoryId && c.CommuneCode == commune, ct))
            errors.Add("communeCode", l["Choisissez une commune du territoire."]);
        var links = (input.Links ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (links.Count > 10) errors.Add("links", l["10 liens au plus."]);
        // The link is named by its line, not repeated: what was typed may be anything (markup included).
        foreach (var (link, i) in links.Select((x, i) => (x, i)))
            if (link.Length > 500 || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add("links", l["Lien {0} invalide : une adresse web en http ou https, de 500 caractères au plus.", i + 1]);
                break;
            }
        if (errors.Count > 0) return (null, errors);
        if (await db.Proposals.CountAsync(p => p.ConsultationId == consultationId && p.AuthorId == userId, ct) >= MaxProposalsPerPerson)
        {
            errors.Add("title", l["{0} propositions au plus par personne dans une consultation.", MaxProposalsPerPerson]);
            return (null, errors);
        }
        var proposal = new Proposal
        {
            TerritoryId = consultation.TerritoryId, ConsultationId = consultationId, AuthorId = userId, Title = title, Body = body,
            CommuneCode = commune, Place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim(), Links = links, CreatedAt = clock.GetUtcNow(),
        };
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync(ct);
        db.ProposalFollowers.Add(new ProposalFollower { ProposalId = proposal.Id, UserId = userId });
        await db.SaveChangesAsync(ct);
        return (proposal, errors);
    }

    /// <summary>
    /// One transaction: the support (unique per person and proposal), the person's allowance in the consultation (a
    /// conditional UPDATE that fails past the limit) and the proposal's counter.
    /// </summary>
    public async Task<SupportOutcome> SupportAsync(int proposalId, string userId, CancellationToken ct = default)
    {
        var proposal = await db.Proposals.AsNoTracking().Where(p => p.Id == proposalId)
            .Select(p => new { p.ConsultationId, p.TerritoryId, p.Status }).FirstOrDefaultAsync(ct);
        if (proposal is null) return SupportOutcome.NotFound;
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Phases).FirstAsync(c => c.Id == proposal.ConsultationId, ct);
        if (!consultation.Allows(PhaseKind.Deliberation, clock.GetUtcNow()) || proposal.Status is ProposalStatus.Merged or ProposalStatus.Rejected)
            return SupportOutcome.NotOpen;
        if (await eligibility.MissingAsync(userId, proposal.TerritoryId, IdentityLevel.EmailConfirmed, ct) != Missing.None) return SupportOutcome.Ineligible;
        if (await moderation.IsSuspendedAsync(userId, proposal.TerritoryId, ct)) return SupportOutcome.Suspended;
        if (await db.ProposalSupports.AnyAsync(s => s.ProposalId == proposalId && s.UserId == userId, ct)) return SupportOutcome.AlreadySupported;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.ProposalSupports.Add(new ProposalSupport { ProposalId = proposalId, UserId = userId, CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            if (consultation.SupportsPerPerson > 0)
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO support_allowances (\"ConsultationId\", \"UserId\", \"Used\") VALUES ({consultation.Id}, {userId}, 0) ON CONFLICT DO NOTHING", ct);
                var allowed = await db.SupportAllowances
                    .Where(a => a.ConsultationId == consultation.Id && a.UserId == userId && a.Used < consultation.SupportsPerPerson)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Used, a => a.Used + 1), ct);
                if (allowed == 0)
                {
                    await tx.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return SupportOutcome.LimitReached;
                }
            }
            await db.Proposals.Where(p => p.Id == proposalId).ExecuteUpdateAsync(s => s.SetProperty(p => p.SupportCount, p => p.SupportCount + 1), ct);
            await tx.CommitAsync(ct);
            return SupportOutcome.Supported;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return SupportOutcome.AlreadySupported;
        }
    }

    public async Task<bool> FollowAsync(int proposalId, string userId, bool follow, CancellationToken ct = default)
    {
        if (!await db.Proposals.AnyAsync(p => p.Id == proposalId, ct)) return false;
        if (!follow)
            await db.ProposalFollowers.Where(f => f.ProposalId == proposalId && f.UserId == userId).ExecuteDeleteAsync(ct);
        else
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO proposal_followers (\"ProposalId\", \"UserId\") VALUES ({proposalId}, {userId}) ON CONFLICT DO NOTHING", ct);
        return true;
    }

    public async Task<FieldErrors?> CommentAsync(int proposalId, string userId, string? body, long? parentId, CancellationToken ct = default)
    {
        var proposal = await db.Proposals.AsNoTracking().Where(p => p.Id == proposalId).Select(p => new { p.ConsultationId, p.TerritoryId, p.Status }).FirstOrDefaultAsync(ct);
        if (proposal is null) return null;
        var errors = new FieldErrors();
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Phases).FirstAsync(c => c.Id == proposal.ConsultationId, ct);
        if (!consultation.Allows(PhaseKind.Deliberation, clock.GetUtcNow())) errors.Add("comment", l["Les commentaires sont fermés pendant cette phase."]);
        // A merged duplicate is closed: its supporters and its discussion now belong to the proposal kept.
        else if (proposal.Status == ProposalStatus.Merged) errors.Add("comment", l["Cette proposition est fusionnée : la discussion continue sur celle qui a été gardée."]);
        else if (await eligibility.MissingAsync(userId, proposal.TerritoryId, IdentityLevel.EmailConfirmed, ct) != Missing.None)
            errors.Add("comment", l["Confirmez d'abord votre adresse email (lien reçu à l'inscription)."]);
        body = body?.Trim() ?? "";
        if (!errors.Broken(l, "comment", body, 5000, true) && body.Length < 2) errors.Add("comment", l["Le commentaire compte de 2 à 5 000 caractères."]);
        if (errors.Count == 0 && await moderation.RefusalAsync(userId, proposal.TerritoryId, ct) is { } refused) errors.Add("comment", refused);
        // One level of replies: a reply to a reply joins the thread of its parent.
        var parent = parentId is { } pid ? await db.ProposalComments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == pid && c.ProposalId == proposalId, ct) : null;
        if (parentId is not null && parent is null) errors.Add("comment", l["Le commentaire auquel vous répondez n'existe plus."]);
        // The page offers no reply to a hidden comment: neither does the server.
        else if (parent?.HiddenReason is not null) errors.Add("comment", l["On ne répond pas à un commentaire masqué."]);
        if (errors.Count > 0) return errors;
        db.ProposalComments.Add(new ProposalComment { ProposalId = proposalId, ParentId = parent?.ParentId ?? parent?.Id, AuthorId = userId, Body = body, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await db.Proposals.Where(p => p.Id == proposalId).ExecuteUpdateAsync(s => s.SetProperty(p => p.CommentCount, p => p.CommentCount + 1), ct);
        await NotifyFollowersAsync(proposalId, Notifications.NotificationKind.ProposalCommented, userId, ct);
        return errors;
    }

    public async Task<FieldErrors?> HideCommentAsync(int proposalId, long commentId, string? reason, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        reason = reason?.Trim() ?? "";
        if (!errors.Broken(l, "reason", reason, 1000, true) && reason.Length < 3) errors.Add("reason", l["Donnez la raison (3 à 1 000 caractères)."]);
        if (errors.Count > 0) return errors;
        var hidden = await db.ProposalComments.Where(c => c.Id == commentId && c.ProposalId == proposalId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.HiddenReason, reason), ct);
        return hidden == 0 ? null : errors;
    }

    /// <summary>The authority's official answer and the accountability of the proposal (status, estimated cost, progress).</summary>
    public async Task<FieldErrors?> AnswerAsync(int proposalId, AnswerInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var answer = input.Answer?.Trim() ?? "";
        if (input.Status is not { } status || !Enum.IsDefined(status) || status is ProposalStatus.Merged or ProposalStatus.New)
        { errors.Add("status", l["Choisissez : à l'étude, acceptée, rejetée ou réalisée."]); status = default; }
        if (!errors.Broken(l, "answer", answer, 10000, true) && answer.Length < 5) errors.Add("answer", l["La réponse compte de 5 à 10 000 caractères."]);
        if (input.EstimatedCost is < 0) errors.Add("estimatedCost", l["Un coût ne peut être négatif."]);
        if (input.Progress is not null and (< 0 or > 100)) errors.Add("progress", l["L'avancement va de 0 à 100 %."]);
        if (!await db.Proposals.AnyAsync(p => p.Id == proposalId && p.Status != ProposalStatus.Merged, ct)) return null;
        if (errors.Count > 0) return errors;
        await db.Proposals.Where(p => p.Id == proposalId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, status).SetProperty(p => p.Answer, answer).SetProperty(p => p.EstimatedCost, input.EstimatedCost)
            .SetProperty(p => p.Progress, input.Progress ?? (status == ProposalStatus.Done ? 100 : 0)).SetProperty(p => p.AnsweredAt, clock.GetUtcNow()), ct);
        await NotifyFollowersAsync(proposalId, Notifications.NotificationKind.ProposalAnswered, null, ct);
        return errors;
    }

    /// <summary>Merges a duplicate into another proposal of the same consultation: its supporters support the target (once each).</summary>
    public async Task<FieldErrors?> MergeAsync(int proposalId, int? targetId, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var source = await db.Proposals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == proposalId, ct);
        if (source is null) return null;
        var target = targetId is { } t ? await db.Proposals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == t, ct) : null;
        if (target is null || target.Id == source.Id || target.ConsultationId != source.ConsultationId || target.Status == ProposalStatus.Merged)
            errors.Add("target", l["Choisissez une autre proposition de la même consultation."]);
        else if (source.Status == ProposalStatus.Merged) errors.Add("target", l["Cette proposition est déjà fusionnée."]);
        if (errors.Count > 0) return errors;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO proposal_supports ("ProposalId", "UserId", "CreatedAt")
            SELECT {target!.Id}, s."UserId", s."CreatedAt" FROM proposal_supports AS s
            WHERE s."ProposalId" = {source.Id} AND NOT EXISTS (SELECT 1 FROM proposal_supports AS t WHERE t."ProposalId" = {target.Id} AND t."UserId" = s."UserId")
            """, ct);
        var count = await db.ProposalSupports.CountAsync(s => s.ProposalId == target.Id, ct);
        await db.Proposals.Where(p => p.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.SupportCount, count), ct);
        await db.Proposals.Where(p => p.Id == source.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, ProposalStatus.Merged).SetProperty(p => p.MergedIntoId, target.Id), ct);
        await tx.CommitAsync(ct);
        await NotifyFollowersAsync(source.Id, Notifications.NotificationKind.ProposalMerged, null, ct);
        return errors;
    }

    /// <summary>
    /// Takes a support back while supports are open: the row goes, the proposal's counter and the person's allowance in
    /// the consultation go down in the same transaction.
    /// </summary>
    public async Task<SupportOutcome> WithdrawSupportAsync(int proposalId, string userId, CancellationToken ct = default)
    {
        var proposal = await db.Proposals.AsNoTracking().Where(p => p.Id == proposalId)
            .Select(p => new { p.ConsultationId, p.Status }).FirstOrDefaultAsync(ct);
        if (proposal is null) return SupportOutcome.NotFound;
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Phases).FirstAsync(c => c.Id == proposal.ConsultationId, ct);
        if (!consultation.Allows(PhaseKind.Deliberation, clock.GetUtcNow()) || proposal.Status is ProposalStatus.Merged or ProposalStatus.Rejected)
            return SupportOutcome.NotOpen;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.ProposalSupports.Where(s => s.ProposalId == proposalId && s.UserId == userId).ExecuteDeleteAsync(ct) == 0)
            return SupportOutcome.NotSupported;
        await db.SupportAllowances.Where(a => a.ConsultationId == proposal.ConsultationId && a.UserId == userId && a.Used > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Used, a => a.Used - 1), ct);
        await db.Proposals.Where(p => p.Id == proposalId).ExecuteUpdateAsync(s => s.SetProperty(p => p.SupportCount, p => p.SupportCount - 1), ct);
        await tx.CommitAsync(ct);
        return SupportOutcome.Withdrawn;
    }

    /// <summary>Tells the proposal's followers (its author follows it from the start) about its news, the person who made it excepted.</summary>
    private async Task NotifyFollowersAsync(int proposalId, Notifications.NotificationKind kind, string? except, CancellationToken ct)
    {
        var proposal = await db.Proposals.AsNoTracking().Where(p => p.Id == proposalId).Select(p => new { p.Title, p.TerritoryId }).FirstAsync(ct);
        var slug = await db.Territories.Where(t => t.Id == proposal.TerritoryId).Select(t => t.Slug).FirstAsync(ct);
        var followers = await db.ProposalFollowers.AsNoTracking().Where(f => f.ProposalId == proposalId).Select(f => f.UserId).ToListAsync(ct);
        await notifications.NotifyAsync(followers, kind, proposal.Title, $"/t/{slug}/proposals/{proposalId}", except, ct);
    }
}
