using Catalyse.Web.Features.Notifications;
using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace;

public sealed record NeedInput(string? Title, string? Description, IReadOnlyList<string?>? Themes, string? CommuneCode, string? AffectedGroup,
    int? AffectedCount, NeedUrgency? Urgency);

public sealed record NeedStatusInput(NeedStatus? Status, string? Note, string? ProjectTitle, string? ProjectUrl);

public enum MeTooOutcome { Added, AlreadyAdded, NotFound, Closed, Refused }

/// <summary>
/// The public service of needs: posting one, "me too" (one per person: primary key, counter in the same transaction),
/// comments, following, and the catalyst's qualification (status, linked project, reason when abandoned).
/// </summary>
public sealed class NeedService(CatalyseDb db, MatchIndexer index, NotificationService notifications, Participation.Moderation.ModerationService moderation,
    IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public static bool IsOpen(NeedStatus s) => s is NeedStatus.New or NeedStatus.Qualified or NeedStatus.InProgress;

    public async Task<(Need? Need, FieldErrors Errors)> CreateAsync(int territoryId, string userId, NeedInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var title = MarketplaceInput.Text(errors, l, "title", input.Title, 5, 200, false, "Le titre compte de 5 à 200 caractères.");
        var description = MarketplaceInput.Text(errors, l, "description", input.Description, 20, 10000, true, "Décrivez le besoin en 20 à 10 000 caractères.");
        var themes = MarketplaceInput.Themes(errors, l, input.Themes);
        var affected = MarketplaceInput.Text(errors, l, "affectedGroup", input.AffectedGroup, 0, 300, false, "");
        if (input.AffectedCount is < 0 or > 100_000_000) errors.Add("affectedCount", l["Un nombre de personnes de 0 à 100 000 000."]);
        if (input.Urgency is not { } urgency || !Enum.IsDefined(urgency)) { errors.Add("urgency", l["Choisissez l'urgence."]); urgency = NeedUrgency.Medium; }
        var commune = await MarketplaceInput.CommuneAsync(db, errors, l, territoryId, input.CommuneCode, true, ct);
        if (errors.Count == 0 && await moderation.RefusalAsync(userId, territoryId, ct) is { } refused) errors.Add("title", refused);
        if (errors.Count > 0) return (null, errors);
        var now = clock.GetUtcNow();
        var need = new Need
        {
            TerritoryId = territoryId, AuthorId = userId, Title = title, Description = description, Themes = themes, CommuneCode = commune,
            AffectedGroup = affected, AffectedCount = input.AffectedCount, Urgency = urgency, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(need);
        await db.SaveChangesAsync(ct);
        db.Add(new NeedFollower { NeedId = need.Id, UserId = userId });
        await db.SaveChangesAsync(ct);
        await index.IndexAsync(MatchIndexer.Of(need), true, ct);
        return (need, errors);
    }

    public async Task<MeTooOutcome> MeTooAsync(int needId, string userId, CancellationToken ct = default)
    {
        var need = await db.Set<Need>().AsNoTracking().Where(n => n.Id == needId).Select(n => new { n.Status, n.TerritoryId }).FirstOrDefaultAsync(ct);
        if (need is null) return MeTooOutcome.NotFound;
        if (!IsOpen(need.Status)) return MeTooOutcome.Closed;
        if (await moderation.RefusalAsync(userId, need.TerritoryId, ct) is not null) return MeTooOutcome.Refused;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.Add(new NeedSupport { NeedId = needId, UserId = userId, At = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return MeTooOutcome.AlreadyAdded;
        }
        await db.Set<Need>().Where(n => n.Id == needId).ExecuteUpdateAsync(s => s.SetProperty(n => n.SupportCount, n => n.SupportCount + 1), ct);
        await tx.CommitAsync(ct);
        await FollowAsync(needId, userId, ct);
        return MeTooOutcome.Added;
    }

    /// <summary>Takes back a "me too": the row goes, the counter goes down in the same transaction. False when there was none.</summary>
    public async Task<bool> WithdrawMeTooAsync(int needId, string userId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.Set<NeedSupport>().Where(s => s.NeedId == needId && s.UserId == userId).ExecuteDeleteAsync(ct);
        if (removed > 0)
            await db.Set<Need>().Where(n => n.Id == needId).ExecuteUpdateAsync(s => s.SetProperty(n => n.SupportCount, n => n.SupportCount - removed), ct);
        await tx.CommitAsync(ct);
        return removed > 0;
    }

    public async Task FollowAsync(int needId, string userId, CancellationToken ct = default)
    {
        if (await db.Set<NeedFollower>().AnyAsync(f => f.NeedId == needId && f.UserId == userId, ct)) return;
        try
        {
            db.Add(new NeedFollower { NeedId = needId, UserId = userId });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); }
    }

    public Task UnfollowAsync(int needId, string userId, CancellationToken ct = default) =>
        db.Set<NeedFollower>().Where(f => f.NeedId == needId && f.UserId == userId).ExecuteDeleteAsync(ct);

    public async Task<FieldErrors?> CommentAsync(int needId, string userId, string? body, CancellationToken ct = default)
    {
        var need = await db.Set<Need>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == needId, ct);
        if (need is null) return null;
        var errors = new FieldErrors();
        var text = MarketplaceInput.Text(errors, l, "comment", body, 2, 5000, true, "Le commentaire compte de 2 à 5 000 caractères.");
        if (errors.Count == 0 && await moderation.RefusalAsync(userId, need.TerritoryId, ct) is { } refused) errors.Add("comment", refused);
        if (errors.Count > 0) return errors;
        db.Add(new NeedComment { NeedId = needId, AuthorId = userId, Body = text, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await db.Set<Need>().Where(n => n.Id == needId).ExecuteUpdateAsync(s => s.SetProperty(n => n.CommentCount, n => n.CommentCount + 1), ct);
        await NotifyFollowersAsync(need, NotificationKind.NeedCommented, userId, ct);
        return errors;
    }

    /// <summary>The catalyst qualifies the need: in progress names its project; abandoned gives a reason. A closed need leaves the matcher.</summary>
    public async Task<FieldErrors?> SetStatusAsync(int needId, NeedStatusInput input, CancellationToken ct = default)
    {
        var need = await db.Set<Need>().FirstOrDefaultAsync(n => n.Id == needId, ct);
        if (need is null) return null;
        var errors = new FieldErrors();
        if (input.Status is not { } status || !Enum.IsDefined(status)) { errors.Add("status", l["Choisissez un statut."]); status = need.Status; }
        var note = MarketplaceInput.Text(errors, l, "note", input.Note, 0, 2000, true, "");
        if (status == NeedStatus.Abandoned && note.Length < 3) errors.Add("note", l["Dites pourquoi le besoin est abandonné (3 à 2 000 caractères)."]);
        var project = MarketplaceInput.Text(errors, l, "projectTitle", input.ProjectTitle, 0, 200, false, "");
        if (status == NeedStatus.InProgress && project.Length < 3) errors.Add("projectTitle", l["Nommez le projet qui s'en occupe."]);
        var url = MarketplaceInput.Url(errors, l, "projectUrl", input.ProjectUrl);
        if (errors.Count > 0) return errors;
        var changed = need.Status != status;
        need.Status = status;
        need.StatusNote = note.Length > 0 ? note : null;
        need.ProjectTitle = project.Length > 0 ? project : null;
        need.ProjectUrl = url;
        need.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await index.IndexAsync(MatchIndexer.Of(need), IsOpen(status), ct);
        if (changed) await NotifyFollowersAsync(need, NotificationKind.NeedStatusChanged, null, ct);
        return errors;
    }

    internal async Task NotifyFollowersAsync(Need need, NotificationKind kind, string? except, CancellationToken ct)
    {
        var followers = await db.Set<NeedFollower>().AsNoTracking().Where(f => f.NeedId == need.Id).Select(f => f.UserId).ToListAsync(ct);
        var slug = await db.Territories.AsNoTracking().Where(t => t.Id == need.TerritoryId).Select(t => t.Slug).FirstAsync(ct);
        await notifications.NotifyAsync(followers, kind, need.Title, $"/t/{slug}/needs/{need.Id}", except, ct);
    }
}
