using System.Net.Mail;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory;

/// <summary>What a form or the API sends to create an entry.</summary>
public sealed record EntryInput(
    EntryKind? Kind, string? Category, string? Name, string? Description, List<string>? Themes, List<int>? Sdgs,
    string? Website, string? ContactEmail, string? Phone, string? Address, string? CommuneCode, double? Latitude, double? Longitude,
    string? Siret, string? Siren, string? Rna, string? Offers, string? OpeningHours,
    string? SpottedBy, DateOnly? SpottedOn, string? SpottedThrough, string? FollowUp,
    string? RunBy, string? ForWhom, string? HowToApply);

/// <summary>The public service of the Directory feature: the rules of an entry, and creation.</summary>
public sealed class DirectoryService(CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public static readonly Dictionary<EntryKind, string[]> Categories = new()
    {
        [EntryKind.Actor] = ["association", "entreprise", "ess", "scop", "scic", "pme", "tpe", "collectivite", "etablissement-public",
            "universite-laboratoire", "fondation", "financeur", "reseau", "collectif-citoyen"],
        [EntryKind.Place] = ["tiers-lieu", "fablab", "living-lab", "coworking", "centre-social", "autre"],
        [EntryKind.Initiative] = ["realisee", "emergente"],
        [EntryKind.Policy] = ["dispositif", "politique-locale", "appel-a-projets"],
    };

    public async Task<(Entry? Entry, FieldErrors Errors)> CreateAsync(EntryInput input, int? originTerritoryId, string? userId, bool publish, CancellationToken ct = default)
    {
        var (entry, errors) = await ValidateAsync(input, originTerritoryId, ct);
        if (entry is null) return (null, errors);
        entry.Status = publish ? EntryStatus.Published : EntryStatus.Pending;
        entry.OriginTerritoryId = originTerritoryId;
        entry.CreatedById = userId;
        db.Entries.Add(entry);
        await db.SaveChangesAsync(ct);
        return (entry, errors);
    }

    /// <summary><see cref="Validate"/> with the commune looked up, and checked against the territory's perimeter when one is given.</summary>
    public async Task<(Entry? Entry, FieldErrors Errors)> ValidateAsync(EntryInput input, int? territoryId, CancellationToken ct = default)
    {
        var code = NormalizeCommuneCode(input.CommuneCode);
        CommuneRef? commune = null;
        bool? inPerimeter = null;
        if (code is { Length: <= 5 })
        {
            commune = await db.Communes.Where(c => c.Code == code).Select(c => new CommuneRef(c.Name, c.Latitude, c.Longitude)).FirstOrDefaultAsync(ct);
            if (commune is not null && territoryId is { } tid)
                inPerimeter = await db.TerritoryCommunes.AnyAsync(tc => tc.TerritoryId == tid && tc.CommuneCode == code, ct);
        }
        return Validate(input, commune, inPerimeter);
    }

    /// <summary>The commune of an entry, as validation needs it (looked up by the caller: one query, or a preloaded table for imports).</summary>
    public sealed record CommuneRef(string Name, double? Latitude, double? Longitude);

    /// <summary>
    /// Trimmed, upper-case INSEE code; the municipal arrondissements of Paris, Lyon and Marseille
    /// (75101–75120, 69381–69389, 13201–13216) stand for their commune.
    /// </summary>
    public static string? NormalizeCommuneCode(string? code)
    {
        var c = NullIfEmpty(code?.Trim().ToUpperInvariant());
        if (c is { Length: 5 } && int.TryParse(c, out var n))
        {
            if (n is >= 75101 and <= 75120) return "75056";
            if (n is >= 69381 and <= 69389) return "69123";
            if (n is >= 13201 and <= 13216) return "13055";
        }
        return c;
    }

    /// <summary>
    /// The rules every entry goes through, from the form, the API or an import: returns the entry (not saved,
    /// status Pending, search text computed) or the field errors. <paramref name="commune"/> is the commune of
    /// <see cref="NormalizeCommuneCode"/>(input.CommuneCode) or null when unknown; <paramref name="inPerimeter"/>
    /// is null when the perimeter is not checked (imports: an entry belongs to every territory containing its commune).
    /// </summary>
    public (Entry? Entry, FieldErrors Errors) Validate(EntryInput input, CommuneRef? commune, bool? inPerimeter)
    {
        var errors = new FieldErrors();
        void Check(string field, string? value, int max, bool required = false, bool multiline = false)
        {
            var key = InputRules.Check(value, required, max, multiline);
            if (key is not null) errors.Add(field, InputRules.Format(l, key, max));
        }
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", l["Choisissez le type de fiche."]);
            kind = EntryKind.Actor;
        }
        else if (input.Category is { Length: > 0 } cat && !Categories[kind].Contains(cat))
            errors.Add("category", l["Catégorie inconnue pour ce type de fiche."]);
        Check("name", input.Name, 200, required: true);
        Check("description", input.Description, 5000, multiline: true);
        Check("offers", input.Offers, 5000, multiline: true);
        Check("address", input.Address, 300);
        Check("phone", input.Phone, 30);
        Check("openingHours", input.OpeningHours, 500, multiline: true);
        Check("spottedBy", input.SpottedBy, 200);
        Check("spottedThrough", input.SpottedThrough, 200);
        Check("followUp", input.FollowUp, 1000, multiline: true);
        Check("runBy", input.RunBy, 200);
        Check("forWhom", input.ForWhom, 1000, multiline: true);
        Check("howToApply", input.HowToApply, 2000, multiline: true);
        Check("website", input.Website, 500);
        if (!string.IsNullOrWhiteSpace(input.Website) && !errors.ContainsKey("website")
            && !(Uri.TryCreate(input.Website.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add("website", l["Adresse web invalide (elle commence par https://)."]);
        Check("contactEmail", input.ContactEmail, 256);
        if (!string.IsNullOrWhiteSpace(input.ContactEmail) && !errors.ContainsKey("contactEmail") && !MailAddress.TryCreate(input.ContactEmail.Trim(), out _))
            errors.Add("contactEmail", l["Adresse électronique invalide."]);

        var siret = NullIfEmpty(Identifiers.Clean(input.Siret));
        var siren = NullIfEmpty(Identifiers.Clean(input.Siren));
        var rna = NullIfEmpty(Identifiers.Clean(input.Rna).ToUpperInvariant());
        if (siret is not null && !Identifiers.IsSiret(siret)) errors.Add("siret", l["SIRET invalide : 14 chiffres avec une clé de contrôle valide."]);
        if (siren is not null && !Identifiers.IsSiren(siren)) errors.Add("siren", l["SIREN invalide : 9 chiffres avec une clé de contrôle valide."]);
        if (siret is not null && siren is not null && !errors.ContainsKey("siret") && !siret.StartsWith(siren))
            errors.Add("siret", l["Le SIRET doit commencer par le SIREN."]);
        if (siret is not null && siren is null && !errors.ContainsKey("siret")) siren = siret[..9];
        if (rna is not null && !Identifiers.IsRna(rna)) errors.Add("rna", l["RNA invalide : W suivi de 9 caractères (ex. W751234567)."]);

        var themes = (input.Themes ?? []).Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct().ToList();
        if (themes.Count > 20) errors.Add("themes", l["Vingt thèmes au plus."]);
        foreach (var (theme, i) in themes.Take(20).Select((t, i) => (t, i))) Check($"themes[{i}]", theme, 100);
        var sdgs = (input.Sdgs ?? []).Distinct().Order().ToList();
        if (sdgs.Any(s => s is < 1 or > 17)) errors.Add("sdgs", l["Les ODD vont de 1 à 17."]);

        var communeCode = NormalizeCommuneCode(input.CommuneCode);
        double? lat = input.Latitude, lon = input.Longitude;
        if (lat is { } la && (!double.IsFinite(la) || la is < -90 or > 90)) errors.Add("latitude", l["Latitude invalide."]);
        if (lon is { } lo && (!double.IsFinite(lo) || lo is < -180 or > 180)) errors.Add("longitude", l["Longitude invalide."]);
        if (communeCode is null) errors.Add("communeCode", l["Indiquez la commune (code INSEE)."]);
        else if (communeCode.Length > 5 || commune is null)
            errors.Add("communeCode", l["Code inconnu : {0}", communeCode.Length > 12 ? communeCode[..12] : communeCode]);
        else
        {
            if (inPerimeter == false)
                errors.Add("communeCode", l["Cette commune n'est pas dans le périmètre du territoire."]);
            if (lat is null || lon is null) (lat, lon) = (commune.Latitude, commune.Longitude);
        }
        if (input.SpottedOn is { Year: < 1900 or > 2100 }) errors.Add("spottedOn", l["La valeur saisie n'est pas valide."]);
        if (errors.Count > 0) return (null, errors);

        var now = clock.GetUtcNow();
        string? Trim(string? s) => NullIfEmpty(s?.Trim());
        var entry = new Entry
        {
            Kind = kind, Category = NullIfEmpty(input.Category), Name = input.Name!.Trim(), Description = input.Description?.Trim() ?? "",
            Themes = themes, Sdgs = sdgs, Website = Trim(input.Website), ContactEmail = Trim(input.ContactEmail), Phone = Trim(input.Phone),
            Address = Trim(input.Address), CommuneCode = communeCode, Latitude = lat, Longitude = lon,
            Siret = siret, Siren = siren, Rna = rna, Offers = input.Offers?.Trim() ?? "", OpeningHours = Trim(input.OpeningHours),
            SpottedBy = Trim(input.SpottedBy), SpottedOn = input.SpottedOn, SpottedThrough = Trim(input.SpottedThrough), FollowUp = Trim(input.FollowUp),
            RunBy = Trim(input.RunBy), ForWhom = Trim(input.ForWhom), HowToApply = Trim(input.HowToApply),
            Status = EntryStatus.Pending, CreatedAt = now, UpdatedAt = now,
        };
        entry.SearchText = SearchTextOf(entry, commune!.Name);
        return (entry, errors);
    }

    /// <summary>The searchable words of an entry: name, description, themes, offers, category and commune name.</summary>
    public static string SearchTextOf(Entry e, string? communeName) =>
        FrenchText.Index(e.Name, e.Description, string.Join(' ', e.Themes), e.Offers, e.Category?.Replace('-', ' '), communeName);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
