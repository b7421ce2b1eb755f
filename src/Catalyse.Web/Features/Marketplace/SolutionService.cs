using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace;

public sealed record SolutionInput(string? Title, string? Summary, string? ForWhom, string? Results, string? Cost, string? Conditions,
    IReadOnlyList<string?>? Themes, string? CommuneCode, int? OriginTerritoryId, int? ContactEntryId);

public sealed record AdoptionInput(string? Changes, DateOnly? StartedOn);

public enum AdoptionOutcome { Recorded, AlreadyRecorded, NotFound, Invalid }

/// <summary>
/// The public service of the network's solutions library and of essaimage: a territory records that it adapted a
/// solution (one record per territory and solution: unique index; the count kept in the same transaction).
/// </summary>
public sealed class SolutionService(CatalyseDb db, MatchIndexer index, NewMatchAlerts alerts, Directory.DirectoryFeed directory,
    IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<(Solution? Solution, FieldErrors Errors)> CreateAsync(string userId, SolutionInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var title = MarketplaceInput.Text(errors, l, "title", input.Title, 5, 200, false, "Le titre compte de 5 à 200 caractères.");
        var summary = MarketplaceInput.Text(errors, l, "summary", input.Summary, 20, 10000, true, "Décrivez la solution en 20 à 10 000 caractères.");
        var forWhom = MarketplaceInput.Text(errors, l, "forWhom", input.ForWhom, 0, 1000, true, "");
        var results = MarketplaceInput.Text(errors, l, "results", input.Results, 0, 5000, true, "");
        var cost = MarketplaceInput.Text(errors, l, "cost", input.Cost, 0, 500, false, "");
        var conditions = MarketplaceInput.Text(errors, l, "conditions", input.Conditions, 0, 5000, true, "");
        var themes = MarketplaceInput.Themes(errors, l, input.Themes);
        var commune = input.CommuneCode?.Trim();
        if (string.IsNullOrEmpty(commune)) commune = null;
        else if (commune.Length != 5 || !await db.Communes.AnyAsync(c => c.Code == commune, ct)) errors.Add("communeCode", l["Code commune inconnu."]);
        if (input.OriginTerritoryId is { } origin && !await db.Territories.AnyAsync(t => t.Id == origin, ct)) errors.Add("originTerritoryId", l["Territoire inconnu."]);
        if (input.ContactEntryId is { } entryId && await directory.FindAsync(entryId, ct) is not { Published: true }) errors.Add("contactEntryId", l["Cette fiche de l'annuaire n'existe pas."]);
        if (errors.Count > 0) return (null, errors);
        var now = clock.GetUtcNow();
        var solution = new Solution
        {
            Title = title, Summary = summary, ForWhom = forWhom, Results = results, Cost = cost, Conditions = conditions, Themes = themes,
            CommuneCode = commune, OriginTerritoryId = input.OriginTerritoryId, ContactEntryId = input.ContactEntryId, CreatedById = userId,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(solution);
        await db.SaveChangesAsync(ct);
        await index.IndexAsync(MatchIndexer.Of(solution), true, ct);
        await alerts.AnnounceAsync(MatchIndexer.Of(solution), null, ct);
        return (solution, errors);
    }

    public async Task<(AdoptionOutcome Outcome, FieldErrors Errors)> RecordAdoptionAsync(int solutionId, int territoryId, string userId, AdoptionInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (!await db.Set<Solution>().AnyAsync(s => s.Id == solutionId, ct)) return (AdoptionOutcome.NotFound, errors);
        var changes = MarketplaceInput.Text(errors, l, "changes", input.Changes, 5, 5000, true, "Dites ce qui a changé dans l'adaptation (5 à 5 000 caractères).");
        if (input.StartedOn is not { } started) { errors.Add("startedOn", l["Indiquez quand l'adaptation a commencé."]); started = default; }
        else if (started.Year is < 2000 or > 2100) errors.Add("startedOn", l["Une date des années 2000 à 2100."]);
        if (errors.Count > 0) return (AdoptionOutcome.Invalid, errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.Add(new SolutionAdoption { SolutionId = solutionId, TerritoryId = territoryId, Changes = changes, StartedOn = started, RecordedBy = userId, RecordedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return (AdoptionOutcome.AlreadyRecorded, errors);
        }
        await db.Set<Solution>().Where(s => s.Id == solutionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AdoptionCount, x => x.AdoptionCount + 1), ct);
        await index.CountSuccessAsync(MatchKind.Solution, solutionId, ct);
        await tx.CommitAsync(ct);
        return (AdoptionOutcome.Recorded, errors);
    }
}
