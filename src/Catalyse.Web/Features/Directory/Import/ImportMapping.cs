using System.Globalization;
using System.Text.Json;
using Catalyse.Web.Infrastructure.Geo;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>Which column of the file feeds which field of an entry; the kind is fixed or read from a column.</summary>
public sealed class ImportMapping
{
    /// <summary>Mapped fields, in the order of the form. "communeCodeFallback" is read when the commune column is empty or "0".</summary>
    public static readonly string[] Fields =
        ["sourceKey", "name", "category", "address", "communeCode", "communeCodeFallback", "postalCode", "latitude", "longitude",
         "website", "contactEmail", "phone", "siret", "rna", "description", "themes"];

    public EntryKind Kind { get; set; } = EntryKind.Actor;
    public string? KindColumn { get; set; }
    public Dictionary<string, string> Columns { get; set; } = [];

    public string? Column(string field) => Columns.TryGetValue(field, out var c) && !string.IsNullOrEmpty(c) ? c : null;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static ImportMapping FromJson(string json) => JsonSerializer.Deserialize<ImportMapping>(json, Json) ?? new();

    private static readonly Dictionary<string, string[]> Synonyms = new()
    {
        ["sourceKey"] = ["id", "identifiant", "cle", "key", "source_key", "sourcekey"],
        ["name"] = ["nom_tl", "nom", "name", "raison_sociale", "denomination", "titre", "nom_structure"],
        ["category"] = ["typo", "typologie", "categorie", "category", "type"],
        ["address"] = ["adresse", "address", "adresse_postale", "voie"],
        ["communeCode"] = ["inseecom", "code_insee", "insee", "code_commune", "codeinsee", "commune_code", "communecode", "citycode", "insee_com"],
        ["communeCodeFallback"] = ["inseemetro"],
        ["postalCode"] = ["cp", "code_postal", "codepostal", "postal_code", "postcode", "zip"],
        ["phone"] = ["telephone", "tel", "phone", "numero_de_telephone"],
        ["latitude"] = ["lat", "latitude", "y"],
        ["longitude"] = ["long", "lon", "lng", "longitude", "x"],
        ["website"] = ["web", "site", "site_web", "website", "url", "site_internet"],
        ["contactEmail"] = ["email", "courriel", "mail", "e_mail", "contactemail", "contact_email", "adresse_electronique"],
        ["siret"] = ["siret", "numero_siret"],
        ["rna"] = ["rna", "numero_rna", "id_rna"],
        ["description"] = ["description", "presentation", "resume"],
        ["themes"] = ["themes", "theme", "thematiques", "thematique", "mots_cles"],
    };

    private static string Norm(string header) => SearchText.Fold(header).Replace(' ', '_');

    /// <summary>Guesses the mapping from the header (the tiers-lieux file of the CGET maps completely); GeoJSON coordinates come from the geometry.</summary>
    public static ImportMapping Guess(IReadOnlyList<string> header, string format = ImportFormats.Csv)
    {
        var mapping = new ImportMapping();
        var byNorm = header.GroupBy(Norm).ToDictionary(g => g.Key, g => g.First());
        foreach (var (field, names) in Synonyms)
            if (names.FirstOrDefault(byNorm.ContainsKey) is { } n) mapping.Columns[field] = byNorm[n];
        if (byNorm.TryGetValue("kind", out var kindColumn) || byNorm.TryGetValue("type_de_fiche", out kindColumn)) mapping.KindColumn = kindColumn;
        if (byNorm.Keys.Any(k => k.EndsWith("_tl") || k.Contains("lieu")) || byNorm.ContainsKey("typo")) mapping.Kind = EntryKind.Place;
        if (format == ImportFormats.GeoJson)
        {
            mapping.Columns["latitude"] = GeoJsonFile.LatitudeColumn;
            mapping.Columns["longitude"] = GeoJsonFile.LongitudeColumn;
        }
        return mapping;
    }

    public static EntryKind? ParseKind(string? value) => SearchText.Fold(value) switch
    {
        "actor" or "acteur" or "structure" => EntryKind.Actor,
        "place" or "lieu" => EntryKind.Place,
        "initiative" => EntryKind.Initiative,
        "policy" or "dispositif" or "politique" or "politique locale" => EntryKind.Policy,
        _ => null,
    };

    /// <summary>
    /// A category of the kind from a free value: a known key as is; for places, "…coworking" → coworking,
    /// "…fablab" → fablab and anything else (even empty) → tiers-lieu, as the CGET typology reads.
    /// </summary>
    public static string? Category(string? value, EntryKind kind)
    {
        var folded = SearchText.Fold(value);
        var known = DirectoryService.Categories.GetValueOrDefault(kind) ?? [];
        if (known.FirstOrDefault(c => c.Replace('-', ' ') == folded) is { } exact) return exact;
        if (kind == EntryKind.Place)
        {
            if (folded.Contains("cowork")) return "coworking";
            if (folded.Contains("fablab") || folded.Contains("fab lab")) return "fablab";
            if (folded.Contains("living lab")) return "living-lab";
            if (folded.Contains("centre social")) return "centre-social";
            return "tiers-lieu";
        }
        return folded.Length == 0 ? null : value!.Trim();
    }

    public static bool TryNumber(string? text, out double? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) { value = d; return true; }
        return false;
    }

    /// <summary>"www.example.fr" → "https://www.example.fr"; anything else unchanged (validation judges it).</summary>
    public static string? Website(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        return v.Contains("://") || v.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? v : "https://" + v;
    }
}
