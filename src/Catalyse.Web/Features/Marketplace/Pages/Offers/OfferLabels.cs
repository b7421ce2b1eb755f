namespace Catalyse.Web.Features.Marketplace.Pages.Offers;

/// <summary>French source texts (resource keys) of the kinds of offer, their filters and quantities.</summary>
public static class OfferLabels
{
    public static readonly string[] KindFilters = ["skills", "in-kind", "place", "volunteer-time", "money", "pioneer-days"];

    public static OfferKind? KindOf(string? filter) => filter switch
    {
        "skills" => OfferKind.Skills,
        "in-kind" => OfferKind.InKind,
        "place" => OfferKind.Place,
        "volunteer-time" => OfferKind.VolunteerTime,
        "money" => OfferKind.Money,
        "pioneer-days" => OfferKind.PioneerDays,
        _ => null,
    };

    public static string Kind(OfferKind k) => k switch
    {
        OfferKind.Skills => "Compétences",
        OfferKind.InKind => "Ressources en nature",
        OfferKind.Place => "Lieu ou salle",
        OfferKind.VolunteerTime => "Temps bénévole",
        OfferKind.Money => "Financement",
        _ => "Jours de la bourse des pionniers",
    };

    /// <summary>The unit of the quantity, as a label of the form.</summary>
    public static string QuantityLabel(OfferKind k) => k switch
    {
        OfferKind.VolunteerTime => "Quantité (heures)",
        OfferKind.Money => "Montant (euros)",
        OfferKind.PioneerDays => "Jours offerts",
        _ => "Quantité",
    };

    public static string Unit(OfferKind k) => k switch
    {
        OfferKind.VolunteerTime => "{0} heures",
        OfferKind.Money => "{0} euros",
        OfferKind.PioneerDays => "{0} jours",
        _ => "Quantité : {0}",
    };

    public static string Status(OfferStatus s) => s == OfferStatus.Open ? "Ouverte" : "Close";

    public static string Number(decimal d) => d.ToString("0.##", System.Globalization.CultureInfo.CurrentCulture);
}
