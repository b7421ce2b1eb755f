using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace;

public sealed record OfferInput(OfferKind? Kind, string? Title, string? Description, IReadOnlyList<string?>? Themes, string? CommuneCode,
    decimal? Quantity, DateOnly? AvailableUntil, int? EntryId);

public sealed record PioneerUseInput(int? TerritoryId, decimal? Days, DateOnly? On, string? Purpose);

/// <summary>
/// The public service of offers and of the bourse des pionniers: an offer is posted in a territory (days of the bourse
/// are seen by the whole network); each use of days is recorded, never beyond the days offered (conditional UPDATE).
/// </summary>
public sealed class OfferService(CatalyseDb db, MatchIndexer index, NewMatchAlerts alerts, DirectoryFeed directory, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<(Offer? Offer, FieldErrors Errors)> CreateAsync(int territoryId, string userId, OfferInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) { errors.Add("kind", l["Choisissez ce que vous offrez."]); kind = OfferKind.Skills; }
        var title = MarketplaceInput.Text(errors, l, "title", input.Title, 5, 200, false, "Le titre compte de 5 à 200 caractères.");
        var description = MarketplaceInput.Text(errors, l, "description", input.Description, 20, 10000, true, "Décrivez l'offre en 20 à 10 000 caractères.");
        var themes = MarketplaceInput.Themes(errors, l, input.Themes);
        var commune = await MarketplaceInput.CommuneAsync(db, errors, l, territoryId, input.CommuneCode, kind != OfferKind.PioneerDays, ct);
        switch (kind)
        {
            case OfferKind.PioneerDays when input.Quantity is not (>= 0.5m and <= 60m):
                errors.Add("quantity", l["Indiquez les jours offerts : de 0,5 à 60."]);
                break;
            case OfferKind.Money when input.Quantity is not (> 0 and <= 100_000_000m):
                errors.Add("quantity", l["Indiquez le montant en euros."]);
                break;
            case OfferKind.VolunteerTime when input.Quantity is not null and not (> 0 and <= 100_000m):
                errors.Add("quantity", l["Un nombre d'heures de 1 à 100 000."]);
                break;
            default:
                if (input.Quantity is < 0 or > 100_000_000m) errors.Add("quantity", l["Une quantité positive."]);
                break;
        }
        if (input.AvailableUntil is { } until && until < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            errors.Add("availableUntil", l["Une date à venir."]);
        if (input.EntryId is { } entryId && await directory.FindAsync(entryId, ct) is not { Published: true })
            errors.Add("entryId", l["Cette fiche de l'annuaire n'existe pas."]);
        if (errors.Count > 0) return (null, errors);
        var now = clock.GetUtcNow();
        var offer = new Offer
        {
            TerritoryId = territoryId, AuthorId = userId, EntryId = input.EntryId, Kind = kind, Title = title, Description = description, Themes = themes,
            CommuneCode = commune, Quantity = input.Quantity, AvailableUntil = input.AvailableUntil, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(offer);
        await db.SaveChangesAsync(ct);
        await index.IndexAsync(MatchIndexer.Of(offer), true, ct);
        await alerts.AnnounceAsync(MatchIndexer.Of(offer), territoryId, ct);
        return (offer, errors);
    }

    /// <summary>Closes an offer (its author or a catalyst): it leaves the matcher. False when it does not exist.</summary>
    public async Task<bool> CloseAsync(int offerId, CancellationToken ct = default)
    {
        var closed = await db.Set<Offer>().Where(o => o.Id == offerId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OfferStatus.Closed).SetProperty(o => o.UpdatedAt, clock.GetUtcNow()), ct);
        if (closed > 0) await index.RemoveAsync(MatchKind.Offer, [offerId], ct);
        return closed > 0;
    }

    /// <summary>Records days of the bourse given to a territory; refused beyond the days left (two recorders at once cannot overdraw).</summary>
    public async Task<FieldErrors?> RecordPioneerUseAsync(int offerId, string userId, PioneerUseInput input, CancellationToken ct = default)
    {
        var offer = await db.Set<Offer>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId && o.Kind == OfferKind.PioneerDays, ct);
        if (offer is null) return null;
        var errors = new FieldErrors();
        if (input.TerritoryId is not { } territoryId || !await db.Territories.AnyAsync(t => t.Id == territoryId, ct)) { errors.Add("territoryId", l["Choisissez le territoire qui a reçu les jours."]); territoryId = 0; }
        if (input.Days is not (>= 0.5m and <= 60m) || input.Days * 2 % 1 != 0) errors.Add("days", l["Des jours par demi-journées, de 0,5 à 60."]);
        if (input.On is not { } on) { errors.Add("on", l["Indiquez la date."]); on = default; }
        else if (on.Year is < 2000 or > 2100) errors.Add("on", l["Une date des années 2000 à 2100."]);
        var purpose = MarketplaceInput.Text(errors, l, "purpose", input.Purpose, 5, 1000, true, "Dites à quoi ont servi les jours (5 à 1 000 caractères).");
        if (errors.Count > 0) return errors;
        var days = input.Days!.Value;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var taken = await db.Set<Offer>().IgnoreQueryFilters().Where(o => o.Id == offerId && o.DaysUsed + days <= o.Quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.DaysUsed, o => o.DaysUsed + days), ct);
        if (taken == 0)
        {
            await tx.RollbackAsync(ct);
            errors.Add("days", l["Il reste {0} jours sur cette offre.", (offer.Quantity ?? 0) - offer.DaysUsed]);
            return errors;
        }
        db.Add(new PioneerDayUse { OfferId = offerId, TerritoryId = territoryId, Days = days, On = on, Purpose = purpose, RecordedBy = userId, RecordedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return errors;
    }
}
