namespace Catalyse.Web.Features.Directory.Import;

/// <summary>French labels (localisation keys) of imports.</summary>
public static class ImportLabels
{
    public static string Status(ImportStatus s) => s switch
    {
        ImportStatus.Uploaded => "Envoyé, à vérifier",
        ImportStatus.Validated => "Vérifié, à confirmer",
        ImportStatus.Running => "En cours",
        ImportStatus.Done => "Terminé",
        _ => "Échec",
    };

    public static string Field(string field) => field switch
    {
        "sourceKey" => "Clé de la ligne dans la source",
        "name" => "Nom",
        "category" => "Catégorie",
        "address" => "Adresse",
        "communeCode" => "Commune (code INSEE)",
        "communeCodeFallback" => "Commune, colonne de secours (si la première est vide ou 0)",
        "postalCode" => "Code postal (retrouve la commune actuelle d'un code INSEE fusionné)",
        "phone" => "Téléphone",
        "latitude" => "Latitude",
        "longitude" => "Longitude",
        "website" => "Site web",
        "contactEmail" => "Adresse électronique de contact",
        "siret" => "SIRET",
        "rna" => "RNA",
        "description" => "Description",
        "themes" => "Thèmes",
        _ => field,
    };
}
