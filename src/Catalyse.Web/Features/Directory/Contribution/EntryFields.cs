using System.Globalization;

namespace Catalyse.Web.Features.Directory.Contribution;

/// <summary>
/// The editable fields of an entry, by key: their label (a localisation key), how a value is shown in a diff or the history,
/// and how a suggested value replaces the current one.
/// </summary>
public static class EntryFields
{
    public sealed record Field(string Key, string Label, Func<Entry, string?> Show, Func<EntryInput, EntryInput, EntryInput> Take);

    private static string? Join<T>(IEnumerable<T> values) => string.Join(", ", values) is { Length: > 0 } s ? s : null;
    private static string? Number(double? d) => d?.ToString("0.#####", CultureInfo.InvariantCulture);

    public static readonly Field[] All =
    [
        new("kind", "Type de fiche", e => DirectoryLabels.Kind(e.Kind), (to, from) => to with { Kind = from.Kind }),
        new("category", "Catégorie", e => e.Category is { } c ? DirectoryLabels.Category(c) : null, (to, from) => to with { Category = from.Category }),
        new("name", "Nom", e => e.Name, (to, from) => to with { Name = from.Name }),
        new("description", "Description", e => e.Description, (to, from) => to with { Description = from.Description }),
        new("themes", "Thèmes", e => Join(e.Themes), (to, from) => to with { Themes = from.Themes }),
        new("sdgs", "Objectifs de développement durable", e => Join(e.Sdgs.Select(s => $"ODD {s}")), (to, from) => to with { Sdgs = from.Sdgs }),
        new("communeCode", "Commune (code INSEE)", e => e.CommuneCode, (to, from) => to with { CommuneCode = from.CommuneCode }),
        new("address", "Adresse", e => e.Address, (to, from) => to with { Address = from.Address }),
        new("coordinates", "Coordonnées", e => e.Latitude is null ? null : $"{Number(e.Latitude)}, {Number(e.Longitude)}",
            (to, from) => to with { Latitude = from.Latitude, Longitude = from.Longitude }),
        new("website", "Site web", e => e.Website, (to, from) => to with { Website = from.Website }),
        new("contactEmail", "Adresse électronique de contact", e => e.ContactEmail, (to, from) => to with { ContactEmail = from.ContactEmail }),
        new("phone", "Téléphone", e => e.Phone, (to, from) => to with { Phone = from.Phone }),
        new("siret", "SIRET", e => e.Siret, (to, from) => to with { Siret = from.Siret }),
        new("siren", "SIREN", e => e.Siren, (to, from) => to with { Siren = from.Siren }),
        new("rna", "RNA", e => e.Rna, (to, from) => to with { Rna = from.Rna }),
        new("offers", "Compétences, ressources ou services offerts", e => e.Offers, (to, from) => to with { Offers = from.Offers }),
        new("openingHours", "Horaires", e => e.OpeningHours, (to, from) => to with { OpeningHours = from.OpeningHours }),
        new("spottedBy", "Repérée par", e => e.SpottedBy, (to, from) => to with { SpottedBy = from.SpottedBy }),
        new("spottedOn", "Repérée le", e => e.SpottedOn?.ToString("yyyy-MM-dd"), (to, from) => to with { SpottedOn = from.SpottedOn }),
        new("spottedThrough", "Par quel réseau", e => e.SpottedThrough, (to, from) => to with { SpottedThrough = from.SpottedThrough }),
        new("followUp", "Suivi", e => e.FollowUp, (to, from) => to with { FollowUp = from.FollowUp }),
        new("runBy", "Porté par", e => e.RunBy, (to, from) => to with { RunBy = from.RunBy }),
        new("forWhom", "Pour qui", e => e.ForWhom, (to, from) => to with { ForWhom = from.ForWhom }),
        new("howToApply", "Comment candidater", e => e.HowToApply, (to, from) => to with { HowToApply = from.HowToApply }),
    ];

    private static readonly Dictionary<string, Field> ByKey = All.ToDictionary(f => f.Key);

    public static string Label(string key) => ByKey.TryGetValue(key, out var f) ? f.Label : key;

    public static string? Show(string key, Entry e) => ByKey.TryGetValue(key, out var f) ? f.Show(e) : null;

    /// <summary>The fields whose shown value differs ("" and null are the same).</summary>
    public static List<string> Changed(Entry before, Entry after) =>
        All.Where(f => (f.Show(before) ?? "") != (f.Show(after) ?? "")).Select(f => f.Key).ToList();

    /// <summary><paramref name="current"/> with the given fields taken from <paramref name="proposed"/>.</summary>
    public static EntryInput Take(EntryInput current, EntryInput proposed, IEnumerable<string> keys) =>
        keys.Where(ByKey.ContainsKey).Aggregate(current, (input, key) => ByKey[key].Take(input, proposed));

    /// <summary>What the edit form starts from: the entry as it is.</summary>
    public static EntryInput InputOf(Entry e) => new(e.Kind, e.Category, e.Name, e.Description, [.. e.Themes], [.. e.Sdgs],
        e.Website, e.ContactEmail, e.Phone, e.Address, e.CommuneCode, e.Latitude, e.Longitude, e.Siret, e.Siren, e.Rna, e.Offers,
        e.OpeningHours, e.SpottedBy, e.SpottedOn, e.SpottedThrough, e.FollowUp, e.RunBy, e.ForWhom, e.HowToApply);

    /// <summary>An unsaved entry holding the input's values as typed, to show a suggestion next to the entry.</summary>
    public static Entry Preview(EntryInput i) => new()
    {
        Kind = i.Kind ?? EntryKind.Actor, Category = i.Category, Name = i.Name ?? "", Description = i.Description ?? "", Themes = i.Themes ?? [],
        Sdgs = i.Sdgs ?? [], Website = i.Website, ContactEmail = i.ContactEmail, Phone = i.Phone, Address = i.Address,
        CommuneCode = DirectoryService.NormalizeCommuneCode(i.CommuneCode), Latitude = i.Latitude, Longitude = i.Longitude, Siret = i.Siret,
        Siren = i.Siren, Rna = i.Rna, Offers = i.Offers ?? "", OpeningHours = i.OpeningHours, SpottedBy = i.SpottedBy, SpottedOn = i.SpottedOn,
        SpottedThrough = i.SpottedThrough, FollowUp = i.FollowUp, RunBy = i.RunBy, ForWhom = i.ForWhom, HowToApply = i.HowToApply,
    };

    /// <summary>Copies the content of a validated entry onto the stored one (identity, status, authorship and source stay).</summary>
    public static void CopyContent(Entry from, Entry to)
    {
        to.Kind = from.Kind; to.Category = from.Category; to.Name = from.Name; to.Description = from.Description;
        to.Themes = from.Themes; to.Sdgs = from.Sdgs; to.Website = from.Website; to.ContactEmail = from.ContactEmail; to.Phone = from.Phone;
        to.Address = from.Address; to.CommuneCode = from.CommuneCode; to.Latitude = from.Latitude; to.Longitude = from.Longitude;
        to.Siret = from.Siret; to.Siren = from.Siren; to.Rna = from.Rna; to.Offers = from.Offers; to.OpeningHours = from.OpeningHours;
        to.SpottedBy = from.SpottedBy; to.SpottedOn = from.SpottedOn; to.SpottedThrough = from.SpottedThrough; to.FollowUp = from.FollowUp;
        to.RunBy = from.RunBy; to.ForWhom = from.ForWhom; to.HowToApply = from.HowToApply; to.SearchText = from.SearchText;
    }
}
