using Catalyse.Web.Features.Memberships;

namespace Catalyse.Web.Features.Territories;

/// <summary>French labels (localisation keys) of the domain's enumerations.</summary>
public static class Labels
{
    public static string Type(TerritoryType type) => type switch
    {
        TerritoryType.VilleMoyenne => "Ville moyenne",
        TerritoryType.QuartierPopulaire => "Quartier populaire (QPV)",
        TerritoryType.NouvelleRuralite => "Nouvelle ruralité",
        TerritoryType.AncienPaysIndustriel => "Ancien pays industriel",
        TerritoryType.Metropole => "Métropole",
        TerritoryType.Rural => "Rural",
        _ => "Outre-mer",
    };

    public static string Model(TerritoryModel model) => model switch
    {
        TerritoryModel.Pepite => "Pépite (une ressource clé)",
        TerritoryModel.Laboratoire => "Laboratoire (espace d'expérimentation)",
        _ => "Coopératif (coopération entre territoires)",
    };

    public static string Status(StepStatus status) => status switch
    {
        StepStatus.Done => "Terminée",
        StepStatus.InProgress => "En cours",
        _ => "À venir",
    };

    public static string Perimeter(Infrastructure.Geo.PerimeterKind kind) => kind switch
    {
        Infrastructure.Geo.PerimeterKind.Region => "Région",
        Infrastructure.Geo.PerimeterKind.Departement => "Département",
        Infrastructure.Geo.PerimeterKind.Epci => "Intercommunalité",
        _ => "Commune",
    };

    public static string Role(TerritoryRole role) => role == TerritoryRole.Catalyst ? "Catalyseur" : "Membre";
}

/// <summary>What the shared pager partial needs.</summary>
public sealed record Pager(int PageNumber, int PageCount, string Path, string Parameter = "p")
{
    /// <summary>The path may already carry a query string (filters).</summary>
    public string Url(int page) => $"{Path}{(Path.Contains('?') ? '&' : '?')}{Parameter}={page}";
}

public static class PageExtensions
{
    public static Pager ToPager<T>(this Page<T> page, string path) => new(page.PageNumber, page.PageCount, path);
}
