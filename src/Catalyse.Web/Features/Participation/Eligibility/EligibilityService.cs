using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Eligibility;

/// <summary>What a person lacks for an action: nothing, a confirmed email, a residence in the perimeter, a census line.</summary>
public enum Missing { None = 0, Email = 1, Residence = 2, Census = 3 }

/// <summary>
/// The public service of identity levels: whether a person may act at a level in a territory, and the two ways to
/// reach a level in the same step as the action (declaring one's residence, finding oneself in the census).
/// </summary>
public sealed class EligibilityService(CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public async Task<Missing> MissingAsync(string userId, int territoryId, IdentityLevel level, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.EmailConfirmed, u.ResidenceCommuneCode, u.ResidencePostalCode }).SingleAsync(ct);
        if (!user.EmailConfirmed) return Missing.Email;
        if (level == IdentityLevel.Resident && !await IsResidentAsync(user.ResidenceCommuneCode, user.ResidencePostalCode, territoryId, ct))
            return Missing.Residence;
        // Being on the authority's list (of its residents or voters) stands for the residence.
        if (level == IdentityLevel.Census
            && !await db.CensusEntries.IgnoreQueryFilters().AnyAsync(c => c.TerritoryId == territoryId && c.ClaimedBy == userId, ct))
            return Missing.Census;
        return Missing.None;
    }

    private async Task<bool> IsResidentAsync(string? communeCode, string? postalCode, int territoryId, CancellationToken ct) =>
        communeCode is not null && postalCode is not null
        && await db.TerritoryCommunes.IgnoreQueryFilters().AnyAsync(c => c.TerritoryId == territoryId && c.CommuneCode == communeCode, ct)
        && await db.Communes.AnyAsync(c => c.Code == communeCode && c.PostalCodes.Contains("," + postalCode + ","), ct);

    /// <summary>Records where the person lives, from a postal code and (when the code covers several communes) a commune name.</summary>
    public async Task<FieldErrors> DeclareResidenceAsync(string userId, int territoryId, string? postalCode, string? commune, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        postalCode = postalCode?.Trim();
        if (postalCode is null || postalCode.Length != 5 || !postalCode.All(char.IsAsciiDigit))
        {
            errors.Add("postalCode", l["Code postal attendu : 5 chiffres."]);
            return errors;
        }
        var candidates = await db.Communes.AsNoTracking().Where(c => c.PostalCodes.Contains("," + postalCode + ","))
            .Select(c => new { c.Code, c.Name, c.SearchName }).Take(100).ToListAsync(ct);
        var folded = SearchText.Fold(commune);
        var matching = candidates.Count == 1 && folded.Length == 0 ? candidates
            : candidates.Where(c => c.SearchName == folded || c.Code == commune?.Trim()).ToList();
        if (candidates.Count == 0) errors.Add("postalCode", l["Aucune commune n'a ce code postal."]);
        else if (matching.Count != 1)
            errors.Add("commune", l["Précisez la commune parmi : {0}.", string.Join(", ", candidates.Select(c => c.Name).Order())]);
        else if (!await db.TerritoryCommunes.IgnoreQueryFilters().AnyAsync(c => c.TerritoryId == territoryId && c.CommuneCode == matching[0].Code, ct))
            errors.Add("commune", l["{0} n'est pas dans le périmètre de ce territoire : seuls ses habitants peuvent participer.", matching[0].Name]);
        if (errors.Count > 0) return errors;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.ResidenceCommuneCode, matching[0].Code).SetProperty(u => u.ResidencePostalCode, postalCode), ct);
        return errors;
    }

    /// <summary>Claims the census line of the given person for this account (one account per line, one line per account).</summary>
    public async Task<FieldErrors> ClaimCensusAsync(string userId, int territoryId, string? surname, string? givenName, string? birthDate, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(surname)) errors.Add("surname", l["Indiquez votre nom."]);
        if (string.IsNullOrWhiteSpace(givenName)) errors.Add("givenName", l["Indiquez votre prénom."]);
        if (!DateOnly.TryParseExact(birthDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
            errors.Add("birthDate", l["Date de naissance attendue : AAAA-MM-JJ."]);
        if (errors.Count > 0) return errors;
        var key = await db.ParticipationSettings.IgnoreQueryFilters().Where(s => s.TerritoryId == territoryId).Select(s => s.CensusKey).FirstOrDefaultAsync(ct);
        if (key is null || key.Length == 0)
        {
            errors.Add("surname", l["Ce territoire n'a pas encore de liste électorale ou de recensement en ligne."]);
            return errors;
        }
        var hash = CensusHash(key, surname!, givenName!, born);
        int claimed;
        try
        {
            claimed = await db.CensusEntries.IgnoreQueryFilters()
                .Where(c => c.TerritoryId == territoryId && c.Hash == hash && (c.ClaimedBy == null || c.ClaimedBy == userId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedBy, userId).SetProperty(c => c.ClaimedAt, clock.GetUtcNow()), ct);
        }
        catch (DbException)
        {
            // The unique index (territory, account): this account already holds another line.
            claimed = -1;
        }
        if (claimed == 0)
            errors.Add("surname", l["Personne de ce nom, prénom et date de naissance dans la liste, ou elle est déjà rattachée à un autre compte."]);
        else if (claimed < 0)
            errors.Add("surname", l["Votre compte est déjà rattaché à une autre ligne de la liste."]);
        return errors;
    }

    /// <summary>The census line's keyed hash: folded surname and given name, ISO birth date.</summary>
    public static string CensusHash(byte[] key, string surname, string givenName, DateOnly born) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            SearchText.Fold(surname) + "|" + SearchText.Fold(givenName) + "|" + born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
}
