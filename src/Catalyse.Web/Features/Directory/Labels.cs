namespace Catalyse.Web.Features.Directory;

/// <summary>French labels (localisation keys) of the directory's kinds and categories.</summary>
public static class DirectoryLabels
{
    public static string Kind(EntryKind kind) => kind switch
    {
        EntryKind.Actor => "Acteur",
        EntryKind.Place => "Lieu",
        EntryKind.Initiative => "Initiative",
        _ => "Politique ou dispositif",
    };

    public static string KindPlural(EntryKind kind) => kind switch
    {
        EntryKind.Actor => "Acteurs",
        EntryKind.Place => "Lieux",
        EntryKind.Initiative => "Initiatives",
        _ => "Politiques et dispositifs",
    };

    public static string Category(string category) => category switch
    {
        "association" => "Association", "entreprise" => "Entreprise", "ess" => "Entreprise de l'ESS", "scop" => "SCOP", "scic" => "SCIC",
        "pme" => "PME", "tpe" => "TPE", "collectivite" => "Collectivité", "etablissement-public" => "Établissement public",
        "universite-laboratoire" => "Université ou laboratoire", "fondation" => "Fondation", "financeur" => "Financeur",
        "reseau" => "Réseau", "collectif-citoyen" => "Collectif citoyen",
        "tiers-lieu" => "Tiers-lieu", "fablab" => "Fablab", "living-lab" => "Living lab", "coworking" => "Coworking",
        "centre-social" => "Centre social", "autre" => "Autre lieu",
        "realisee" => "Initiative réalisée", "emergente" => "Initiative émergente",
        "dispositif" => "Dispositif", "politique-locale" => "Politique locale", "appel-a-projets" => "Appel à projets",
        _ => category,
    };
}
