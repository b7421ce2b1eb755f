using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Directory.Import;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Web;

namespace Catalyse.Web.Features.Directory;

/// <summary>The entry form, shared by "suggest an entry" and "suggest an edit": every field of every kind.</summary>
public sealed class EntryForm
{
    [Display(Name = "Type de fiche")] public EntryKind? Kind { get; set; }
    [Display(Name = "Catégorie")] public string? Category { get; set; }
    [Display(Name = "Nom"), PlainText(200, Required = true)] public string? Name { get; set; }
    [Display(Name = "Description"), PlainText(5000, Multiline = true)] public string? Description { get; set; }
    [Display(Name = "Thèmes"), PlainText(2000)] public string? Themes { get; set; }
    /// <summary>Checked boxes (an empty value, which no box sends, is ignored).</summary>
    [Display(Name = "Objectifs de développement durable")] public List<int?> Sdgs { get; set; } = [];
    [Display(Name = "Commune (code INSEE)"), PlainText(5, Required = true)] public string? CommuneCode { get; set; }
    [Display(Name = "Adresse"), PlainText(300)] public string? Address { get; set; }
    [Display(Name = "Latitude"), PlainText(30)] public string? Latitude { get; set; }
    [Display(Name = "Longitude"), PlainText(30)] public string? Longitude { get; set; }
    [Display(Name = "Site web"), PlainText(500)] public string? Website { get; set; }
    [Display(Name = "Adresse électronique de contact"), PlainText(256)] public string? ContactEmail { get; set; }
    [Display(Name = "Téléphone"), PlainText(30)] public string? Phone { get; set; }
    [Display(Name = "SIRET"), PlainText(20)] public string? Siret { get; set; }
    [Display(Name = "SIREN"), PlainText(12)] public string? Siren { get; set; }
    [Display(Name = "RNA"), PlainText(12)] public string? Rna { get; set; }
    [Display(Name = "Compétences, ressources ou services offerts"), PlainText(5000, Multiline = true)] public string? Offers { get; set; }
    [Display(Name = "Horaires"), PlainText(500, Multiline = true)] public string? OpeningHours { get; set; }
    [Display(Name = "Repérée par"), PlainText(200)] public string? SpottedBy { get; set; }
    [Display(Name = "Repérée le")] public DateOnly? SpottedOn { get; set; }
    [Display(Name = "Par quel réseau"), PlainText(200)] public string? SpottedThrough { get; set; }
    [Display(Name = "Suivi"), PlainText(1000, Multiline = true)] public string? FollowUp { get; set; }
    [Display(Name = "Porté par"), PlainText(200)] public string? RunBy { get; set; }
    [Display(Name = "Pour qui"), PlainText(1000, Multiline = true)] public string? ForWhom { get; set; }
    [Display(Name = "Comment candidater"), PlainText(2000, Multiline = true)] public string? HowToApply { get; set; }

    /// <summary>The input for the directory's rules; a coordinate that is not a number is reported on its field.</summary>
    public EntryInput ToInput(FieldErrors errors, Func<string, string> message)
    {
        if (!ImportMapping.TryNumber(Latitude, out var lat)) errors.Add("latitude", message("Latitude invalide."));
        if (!ImportMapping.TryNumber(Longitude, out var lon)) errors.Add("longitude", message("Longitude invalide."));
        var themes = (Themes ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return new EntryInput(Kind, Category, Name, Description, themes, [.. Sdgs.OfType<int>()], Website, ContactEmail, Phone, Address, CommuneCode, lat, lon,
            Siret, Siren, Rna, Offers, OpeningHours, SpottedBy, SpottedOn, SpottedThrough, FollowUp, RunBy, ForWhom, HowToApply);
    }

    public static EntryForm From(Entry e) => new()
    {
        Kind = e.Kind, Category = e.Category, Name = e.Name, Description = e.Description, Themes = string.Join(", ", e.Themes), Sdgs = [.. e.Sdgs.Select(s => (int?)s)],
        CommuneCode = e.CommuneCode, Address = e.Address,
        Latitude = e.Latitude?.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
        Longitude = e.Longitude?.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
        Website = e.Website, ContactEmail = e.ContactEmail, Phone = e.Phone, Siret = e.Siret, Siren = e.Siren, Rna = e.Rna, Offers = e.Offers,
        OpeningHours = e.OpeningHours, SpottedBy = e.SpottedBy, SpottedOn = e.SpottedOn, SpottedThrough = e.SpottedThrough, FollowUp = e.FollowUp,
        RunBy = e.RunBy, ForWhom = e.ForWhom, HowToApply = e.HowToApply,
    };

    /// <summary>"themes[2]" → "Input.Themes": where a service error goes on the form.</summary>
    public static string FieldFor(string field) => "Input." + char.ToUpperInvariant(field[0]) + field[1..].Split('[')[0];
}
