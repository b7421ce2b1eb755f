using System.Text.Json;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Contribution;

public enum EditOutcome { Applied, Suggested }

/// <summary>
/// Contribution and moderation of the directory: suggested and direct edits, approval of new entries, merges of duplicates,
/// hiding, reports — every change written with its history line in the same transaction.
/// A moderator is a catalyst of the territory (for entries of its perimeter or suggested there) or a network coordinator.
/// </summary>
public sealed class ContributionService(CatalyseDb db, DirectoryService directory, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>May the moderators of <paramref name="territoryId"/> (null: the network's coordinators) act on this entry?</summary>
    public async Task<bool> IsModeratedByAsync(Entry e, int? territoryId, CancellationToken ct = default) =>
        territoryId is not { } tid || e.OriginTerritoryId == tid
        || await db.TerritoryCommunes.AnyAsync(tc => tc.TerritoryId == tid && tc.CommuneCode == e.CommuneCode, ct);

    private FieldErrors Error(string field, string message) => new() { [field] = [message] };

    private void Record(int entryId, ChangeAction action, string? authorId, IEnumerable<string>? fields = null, string? note = null, string? moderatorId = null) =>
        db.EntryChanges.Add(new EntryChange
        {
            EntryId = entryId, At = clock.GetUtcNow(), AuthorId = authorId, ModeratorId = moderatorId == authorId ? null : moderatorId,
            Action = action, Fields = fields?.ToList() ?? [], Note = note,
        });

    /// <summary>
    /// Checks an edit of a published entry: the entry as it would become and the changed fields, or field errors.
    /// When the commune changes and the coordinates do not, the entry moves to the new commune's centre.
    /// </summary>
    private async Task<(Entry? Proposed, List<string> Fields, FieldErrors Errors)> CheckEditAsync(Entry current, EntryInput input, int? territoryId, CancellationToken ct)
    {
        if (DirectoryService.NormalizeCommuneCode(input.CommuneCode) != current.CommuneCode
            && input.Latitude == current.Latitude && input.Longitude == current.Longitude)
            input = input with { Latitude = null, Longitude = null };
        var (proposed, errors) = await directory.ValidateAsync(input, territoryId, ct);
        if (proposed is null) return (null, [], errors);
        var fields = EntryFields.Changed(current, proposed);
        if (fields.Count == 0) return (null, [], Error("name", l["Aucune modification : la fiche est déjà ainsi."]));
        return (proposed, fields, errors);
    }

    /// <summary>
    /// An edit of a published entry: a moderator's is applied at once; anyone else's becomes a suggestion (replacing their
    /// previous pending suggestion on the same entry).
    /// </summary>
    public async Task<(EditOutcome? Outcome, FieldErrors Errors)> EditAsync(int entryId, EntryInput input, string? comment, int? territoryId,
        string userId, bool moderator, CancellationToken ct = default)
    {
        var current = await db.Entries.FirstOrDefaultAsync(e => e.Id == entryId && e.Status == EntryStatus.Published, ct);
        if (current is null) throw new KeyNotFoundException();
        var (proposed, fields, errors) = await CheckEditAsync(current, input, territoryId, ct);
        if (proposed is null) return (null, errors);
        if (moderator)
        {
            EntryFields.CopyContent(proposed, current);
            current.UpdatedAt = clock.GetUtcNow();
            Record(entryId, ChangeAction.Edited, userId, fields, comment);
            await db.SaveChangesAsync(ct);
            return (EditOutcome.Applied, errors);
        }
        var json = JsonSerializer.Serialize(input, Json);
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var pending = await db.EntrySuggestions.FirstOrDefaultAsync(s => s.EntryId == entryId && s.AuthorId == userId && s.Status == SuggestionStatus.Pending, ct);
            if (pending is null)
                db.EntrySuggestions.Add(new EntrySuggestion { EntryId = entryId, AuthorId = userId, TerritoryId = territoryId, ProposedJson = json,
                    Fields = fields, Comment = comment, CreatedAt = now });
            else
            {
                pending.ProposedJson = json; pending.Fields = fields; pending.Comment = comment; pending.CreatedAt = now; pending.TerritoryId = territoryId;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return (EditOutcome.Suggested, errors);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // A parallel request of the same person inserted their pending suggestion first (unique index): update it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A pending suggestion as the moderator sees it: the entry now, the fields and values proposed.</summary>
    public sealed record SuggestionView(EntrySuggestion Suggestion, Entry Current, Entry? Proposed, string AuthorName);

    /// <summary>Applies a pending suggestion (its fields only, checked again against today's entry); false if gone.</summary>
    public async Task<(bool Found, FieldErrors Errors)> ApplySuggestionAsync(int suggestionId, int? territoryId, string moderatorId, CancellationToken ct = default)
    {
        var s = await db.EntrySuggestions.FirstOrDefaultAsync(x => x.Id == suggestionId && x.TerritoryId == territoryId && x.Status == SuggestionStatus.Pending, ct);
        var current = s is null ? null : await db.Entries.FirstOrDefaultAsync(e => e.Id == s.EntryId && e.Status == EntryStatus.Published, ct);
        if (s is null || current is null) return (false, []);
        var proposedInput = JsonSerializer.Deserialize<EntryInput>(s.ProposedJson, Json)!;
        var input = EntryFields.Take(EntryFields.InputOf(current), proposedInput, s.Fields);
        var (proposed, fields, errors) = await CheckEditAsync(current, input, territoryId, ct);
        if (proposed is null) return (true, errors);
        var now = clock.GetUtcNow();
        EntryFields.CopyContent(proposed, current);
        current.UpdatedAt = now;
        s.Status = SuggestionStatus.Applied; s.ModeratedById = moderatorId; s.ModeratedAt = now;
        Record(current.Id, ChangeAction.SuggestionApplied, s.AuthorId, fields, s.Comment, moderatorId);
        await db.SaveChangesAsync(ct);
        return (true, errors);
    }

    public async Task<bool> RejectSuggestionAsync(int suggestionId, int? territoryId, string reason, string moderatorId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.EntrySuggestions.Where(x => x.Id == suggestionId && x.TerritoryId == territoryId && x.Status == SuggestionStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, SuggestionStatus.Rejected).SetProperty(x => x.RejectionReason, reason)
                .SetProperty(x => x.ModeratedById, moderatorId).SetProperty(x => x.ModeratedAt, now), ct) == 1;
    }

    /// <summary>Publishes or rejects a new entry suggested in the territory (null: in the network); false when there is no such pending entry.</summary>
    public async Task<bool> ModerateNewAsync(int? territoryId, int entryId, bool approve, string? reason, string moderatorId, CancellationToken ct = default)
    {
        var entry = await db.Entries.FirstOrDefaultAsync(e => e.Id == entryId && e.OriginTerritoryId == territoryId && e.Status == EntryStatus.Pending, ct);
        if (entry is null) return false;
        entry.Status = approve ? EntryStatus.Published : EntryStatus.Rejected;
        entry.RejectionReason = approve ? null : reason;
        entry.UpdatedAt = clock.GetUtcNow();
        Record(entryId, approve ? ChangeAction.Published : ChangeAction.Rejected, moderatorId, note: reason);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Merges a duplicate into a published entry: the target keeps its values and takes the duplicate's where it has none
    /// (themes and SDGs are joined); the duplicate becomes Merged and its page leads to the target; its pending suggestions are
    /// closed and its open reports resolved; entries merged earlier into the duplicate now point at the target.
    /// </summary>
    public async Task<FieldErrors> MergeAsync(int duplicateId, int targetId, int? territoryId, string moderatorId, CancellationToken ct = default)
    {
        if (duplicateId == targetId) return Error("target", l["Une fiche ne peut pas être fusionnée avec elle-même."]);
        var both = await db.Entries.Where(e => e.Id == duplicateId || e.Id == targetId).ToListAsync(ct);
        var duplicate = both.FirstOrDefault(e => e.Id == duplicateId && e.Status is EntryStatus.Published or EntryStatus.Pending);
        var target = both.FirstOrDefault(e => e.Id == targetId && e.Status == EntryStatus.Published);
        if (duplicate is null || !await IsModeratedByAsync(duplicate, territoryId, ct)) throw new KeyNotFoundException();
        if (target is null || !await IsModeratedByAsync(target, territoryId, ct))
            return Error("target", l["Fiche cible introuvable : elle doit être publiée et relever de ce territoire."]);

        var before = Clone(target);
        FillFrom(duplicate, target);
        var communeName = await db.Communes.Where(c => c.Code == target.CommuneCode).Select(c => c.Name).FirstOrDefaultAsync(ct);
        target.SearchText = DirectoryService.SearchTextOf(target, communeName);
        var now = clock.GetUtcNow();
        target.UpdatedAt = now;
        duplicate.Status = EntryStatus.Merged;
        duplicate.MergedIntoId = target.Id;
        duplicate.UpdatedAt = now;
        Record(target.Id, ChangeAction.Absorbed, moderatorId, EntryFields.Changed(before, target), $"#{duplicate.Id}");
        Record(duplicate.Id, ChangeAction.MergedInto, moderatorId, note: $"#{target.Id}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.Entries.Where(e => e.MergedIntoId == duplicate.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.MergedIntoId, target.Id), ct);
        await db.EntrySuggestions.Where(s => s.EntryId == duplicate.Id && s.Status == SuggestionStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SuggestionStatus.Rejected).SetProperty(s => s.ModeratedById, moderatorId)
                .SetProperty(s => s.ModeratedAt, now).SetProperty(s => s.RejectionReason, $"#{target.Id}"), ct);
        await ResolveReportsAsync(duplicate.Id, moderatorId, ct);
        await tx.CommitAsync(ct);
        return [];
    }

    private Task<int> ResolveReportsAsync(int entryId, string moderatorId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.EntryReports.Where(r => r.EntryId == entryId && r.Status == ReportStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReportStatus.Resolved).SetProperty(r => r.ResolvedById, moderatorId)
                .SetProperty(r => r.ResolvedAt, now), ct);
    }

    private static Entry Clone(Entry e)
    {
        var copy = new Entry { Name = e.Name };
        EntryFields.CopyContent(e, copy);
        copy.Themes = [.. e.Themes];
        copy.Sdgs = [.. e.Sdgs];
        return copy;
    }

    private static void FillFrom(Entry from, Entry to)
    {
        static string? Pick(string? mine, string? theirs) => string.IsNullOrWhiteSpace(mine) ? theirs : mine;
        to.Category ??= from.Category;
        if (to.Description.Length == 0) to.Description = from.Description;
        if (to.Offers.Length == 0) to.Offers = from.Offers;
        to.Themes = [.. to.Themes.Union(from.Themes).Take(20)];
        to.Sdgs = [.. to.Sdgs.Union(from.Sdgs).Order()];
        to.Website = Pick(to.Website, from.Website); to.ContactEmail = Pick(to.ContactEmail, from.ContactEmail); to.Phone = Pick(to.Phone, from.Phone);
        to.Address = Pick(to.Address, from.Address); to.OpeningHours = Pick(to.OpeningHours, from.OpeningHours);
        if (to.Siret is null && from.Siret is not null && (to.Siren is null || from.Siret.StartsWith(to.Siren))) { to.Siret = from.Siret; to.Siren = from.Siren; }
        to.Siren ??= from.Siren; to.Rna ??= from.Rna;
        to.SpottedBy = Pick(to.SpottedBy, from.SpottedBy); to.SpottedOn ??= from.SpottedOn; to.SpottedThrough = Pick(to.SpottedThrough, from.SpottedThrough);
        to.FollowUp = Pick(to.FollowUp, from.FollowUp); to.RunBy = Pick(to.RunBy, from.RunBy); to.ForWhom = Pick(to.ForWhom, from.ForWhom);
        to.HowToApply = Pick(to.HowToApply, from.HowToApply);
    }

    /// <summary>Hides a published entry with a reason (resolving its open reports), or publishes a hidden one again.</summary>
    public async Task<FieldErrors> SetHiddenAsync(int entryId, bool hide, string? reason, int? territoryId, string moderatorId, CancellationToken ct = default)
    {
        var entry = await db.Entries.FirstOrDefaultAsync(e => e.Id == entryId && e.Status == (hide ? EntryStatus.Published : EntryStatus.Hidden), ct);
        if (entry is null || !await IsModeratedByAsync(entry, territoryId, ct)) throw new KeyNotFoundException();
        if (hide && string.IsNullOrWhiteSpace(reason)) return Error("reason", l["Indiquez le motif."]);
        entry.Status = hide ? EntryStatus.Hidden : EntryStatus.Published;
        entry.RejectionReason = hide ? reason!.Trim() : null;
        entry.UpdatedAt = clock.GetUtcNow();
        Record(entryId, hide ? ChangeAction.Hidden : ChangeAction.Restored, moderatorId, note: entry.RejectionReason);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (hide) await ResolveReportsAsync(entryId, moderatorId, ct);
        await tx.CommitAsync(ct);
        return [];
    }

    /// <summary>
    /// Anyone reports a published entry. One open report per reporter and entry (unique index): a repeated report — even
    /// sent in parallel — changes nothing and returns false.
    /// </summary>
    public async Task<bool> ReportAsync(int entryId, int? territoryId, string reporterKey, string? reporterId, ReportReason reason, string? message, CancellationToken ct = default)
    {
        if (!await db.Entries.AnyAsync(e => e.Id == entryId && e.Status == EntryStatus.Published, ct)) throw new KeyNotFoundException();
        if (await db.EntryReports.AnyAsync(r => r.EntryId == entryId && r.ReporterKey == reporterKey && r.Status == ReportStatus.Open, ct)) return false;
        db.EntryReports.Add(new EntryReport { EntryId = entryId, TerritoryId = territoryId, ReporterKey = reporterKey, ReporterId = reporterId,
            Reason = reason, Message = string.IsNullOrWhiteSpace(message) ? null : message.Trim(), CreatedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.EntryReports.AnyAsync(r => r.EntryId == entryId && r.ReporterKey == reporterKey && r.Status == ReportStatus.Open, ct)) return false;
            throw;
        }
    }

    /// <summary>Closes an open report without action (the entry is right).</summary>
    public async Task<bool> DismissReportAsync(int reportId, int? territoryId, string moderatorId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.EntryReports.Where(r => r.Id == reportId && r.TerritoryId == territoryId && r.Status == ReportStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReportStatus.Dismissed).SetProperty(r => r.ResolvedById, moderatorId)
                .SetProperty(r => r.ResolvedAt, now), ct) == 1;
    }
}
