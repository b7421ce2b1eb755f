using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Notifications;
using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace;

public sealed record IntroductionInput(MatchKind? TargetKind, int? TargetId, string? Message);

public enum IntroductionResult { Done, NotFound, Forbidden, Conflict, Invalid }

/// <summary>
/// The public service of introductions (mises en relation): proposed about a need by its author or a catalyst, to the
/// person who answers for a solution, an actor, a place or an offer; each side accepts or declines; the outcome of an
/// accepted one is recorded and counts in the ranking as a past success. One per need and target (unique index).
/// </summary>
public sealed class IntroductionService(CatalyseDb db, DirectoryFeed directory, MatchIndexer index, NotificationService notifications,
    IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public static bool Positive(IntroductionOutcome o) => o is IntroductionOutcome.MeetingHeld or IntroductionOutcome.Partnership or IntroductionOutcome.ProjectLaunched;

    public async Task<(IntroductionResult Result, Introduction? Introduction, FieldErrors Errors)> ProposeAsync(int needId, string userId, bool isCatalyst,
        IntroductionInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var need = await db.Set<Need>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == needId, ct);
        if (need is null) return (IntroductionResult.NotFound, null, errors);
        if (need.AuthorId != userId && !isCatalyst) return (IntroductionResult.Forbidden, null, errors);
        var message = MarketplaceInput.Text(errors, l, "message", input.Message, 0, 2000, true, "");
        if (!NeedService.IsOpen(need.Status)) errors.Add("targetId", l["Ce besoin est clos."]);
        (string Name, string? Party)? target = null;
        if (input.TargetKind is not { } kind || !Enum.IsDefined(kind) || kind == MatchKind.Need) errors.Add("targetKind", l["Choisissez une solution, un acteur, un lieu ou une offre."]);
        else if (input.TargetId is not { } targetId || (target = await TargetAsync(kind, targetId, ct)) is null) errors.Add("targetId", l["Cette piste n'existe pas ou plus."]);
        else if (target.Value.Party is null) errors.Add("targetId", l["Personne ne répond encore pour « {0} » sur Catalyse : invitez cette structure à créer un compte avec l'adresse de sa fiche.", target.Value.Name]);
        else if (target.Value.Party == need.AuthorId) errors.Add("targetId", l["L'auteur du besoin répond lui-même pour cette piste."]);
        if (errors.Count > 0) return (IntroductionResult.Invalid, null, errors);
        var introduction = new Introduction
        {
            TerritoryId = need.TerritoryId, NeedId = needId, TargetKind = input.TargetKind!.Value, TargetId = input.TargetId!.Value, TargetName = Cut(target!.Value.Name),
            ProposedBy = userId, NeedPartyId = need.AuthorId, TargetPartyId = target.Value.Party!, Message = message, CreatedAt = clock.GetUtcNow(),
            // Whoever proposes on their own behalf has accepted already.
            NeedPartyAccepted = need.AuthorId == userId ? true : null,
        };
        try
        {
            db.Add(introduction);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (IntroductionResult.Conflict, null, errors);
        }
        await NotifyAsync(introduction, NotificationKind.IntroductionProposed, [introduction.NeedPartyId, introduction.TargetPartyId], userId, ct);
        return (IntroductionResult.Done, introduction, errors);
    }

    /// <summary>A party accepts or declines (again, to change its mind while the other has not answered).</summary>
    public async Task<IntroductionResult> AnswerAsync(int introductionId, string userId, bool accept, CancellationToken ct = default)
    {
        var intro = await db.Set<Introduction>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == introductionId, ct);
        if (intro is null) return IntroductionResult.NotFound;
        if (userId != intro.NeedPartyId && userId != intro.TargetPartyId) return IntroductionResult.Forbidden;
        var rows = db.Set<Introduction>().Where(i => i.Id == introductionId && i.Status == IntroductionStatus.Proposed);
        // Each side writes only its own answer; the status then moves from what the database holds, so two answers at once
        // cannot hide each other.
        var answered = userId == intro.NeedPartyId
            ? await rows.ExecuteUpdateAsync(s => s.SetProperty(i => i.NeedPartyAccepted, accept), ct)
            : await rows.ExecuteUpdateAsync(s => s.SetProperty(i => i.TargetPartyAccepted, accept), ct);
        if (answered == 0) return IntroductionResult.Conflict;
        var declined = await rows.Where(i => i.NeedPartyAccepted == false || i.TargetPartyAccepted == false)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IntroductionStatus.Declined), ct);
        var accepted = declined == 0 && await rows.Where(i => i.NeedPartyAccepted == true && i.TargetPartyAccepted == true)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IntroductionStatus.Accepted), ct) > 0;
        if (declined > 0 || accepted)
            await NotifyAsync(intro, accepted ? NotificationKind.IntroductionAccepted : NotificationKind.IntroductionDeclined,
                [intro.NeedPartyId, intro.TargetPartyId, intro.ProposedBy], userId, ct);
        return IntroductionResult.Done;
    }

    /// <summary>What came of an accepted introduction (a party or a catalyst); the first positive outcome counts as a success of the target.</summary>
    public async Task<(IntroductionResult Result, FieldErrors Errors)> RecordOutcomeAsync(int introductionId, string userId, bool isCatalyst,
        IntroductionOutcome? outcome, string? note, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var intro = await db.Set<Introduction>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == introductionId, ct);
        if (intro is null) return (IntroductionResult.NotFound, errors);
        if (userId != intro.NeedPartyId && userId != intro.TargetPartyId && !isCatalyst) return (IntroductionResult.Forbidden, errors);
        if (outcome is not { } o || o == IntroductionOutcome.None || !Enum.IsDefined(o)) { errors.Add("outcome", l["Choisissez ce qu'il en est advenu."]); o = default; }
        var text = MarketplaceInput.Text(errors, l, "note", note, 0, 2000, true, "");
        if (intro.Status != IntroductionStatus.Accepted) errors.Add("outcome", l["Les deux parties n'ont pas encore accepté cette mise en relation."]);
        if (errors.Count > 0) return (IntroductionResult.Invalid, errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Counted once: only the change from "no positive outcome yet" to a positive one adds a success.
        var firstSuccess = Positive(o) && await db.Set<Introduction>().Where(i => i.Id == introductionId && i.Outcome != IntroductionOutcome.MeetingHeld
                && i.Outcome != IntroductionOutcome.Partnership && i.Outcome != IntroductionOutcome.ProjectLaunched)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, o).SetProperty(i => i.OutcomeNote, text).SetProperty(i => i.OutcomeAt, clock.GetUtcNow()), ct) > 0;
        if (!firstSuccess)
            await db.Set<Introduction>().Where(i => i.Id == introductionId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, o).SetProperty(i => i.OutcomeNote, text).SetProperty(i => i.OutcomeAt, clock.GetUtcNow()), ct);
        if (firstSuccess) await index.CountSuccessAsync(intro.TargetKind, intro.TargetId, ct);
        await tx.CommitAsync(ct);
        await NotifyAsync(intro, NotificationKind.IntroductionOutcome, [intro.NeedPartyId, intro.TargetPartyId, intro.ProposedBy], userId, ct);
        return (IntroductionResult.Done, errors);
    }

    /// <summary>The name of a target and the account answering for it (null when nobody does yet).</summary>
    public async Task<(string Name, string? Party)?> TargetAsync(MatchKind kind, int id, CancellationToken ct = default)
    {
        switch (kind)
        {
            case MatchKind.Offer:
                var offer = await db.Set<Offer>().IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == id && o.Status == OfferStatus.Open)
                    .Select(o => new { o.Title, o.AuthorId }).FirstOrDefaultAsync(ct);
                return offer is null ? null : (offer.Title, offer.AuthorId);
            case MatchKind.Solution:
                var solution = await db.Set<Solution>().AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Title, s.CreatedById, s.ContactEntryId }).FirstOrDefaultAsync(ct);
                if (solution is null) return null;
                var contact = solution.ContactEntryId is { } entryId && await directory.FindAsync(entryId, ct) is { } e ? await PartyOfAsync(e, ct) : null;
                return (solution.Title, contact ?? solution.CreatedById);
            case MatchKind.Actor or MatchKind.Place:
                var entry = await directory.FindAsync(id, ct);
                if (entry is not { Published: true } || MatchIndexer.KindOf(entry.Kind) != kind) return null;
                return (entry.Name, await PartyOfAsync(entry, ct));
            default:
                return null;
        }
    }

    /// <summary>Who answers for a directory entry: the account that created it, else the confirmed account with its contact address.</summary>
    private async Task<string?> PartyOfAsync(EntryCard entry, CancellationToken ct)
    {
        if (entry.CreatedById is { } creator && await db.Users.AnyAsync(u => u.Id == creator, ct)) return creator;
        if (string.IsNullOrWhiteSpace(entry.ContactEmail)) return null;
        var normalized = entry.ContactEmail.Trim().ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized && u.EmailConfirmed).Select(u => u.Id).FirstOrDefaultAsync(ct);
    }

    private async Task NotifyAsync(Introduction intro, NotificationKind kind, IEnumerable<string> people, string except, CancellationToken ct)
    {
        var slug = await db.Territories.AsNoTracking().Where(t => t.Id == intro.TerritoryId).Select(t => t.Slug).FirstAsync(ct);
        var needTitle = await db.Set<Need>().IgnoreQueryFilters().AsNoTracking().Where(n => n.Id == intro.NeedId).Select(n => n.Title).FirstAsync(ct);
        await notifications.NotifyAsync(people, kind, $"{needTitle} ↔ {intro.TargetName}", $"/t/{slug}/introductions/{intro.Id}", except, ct);
    }

    private static string Cut(string s) => s.Length > 200 ? s[..200] : s;
}
