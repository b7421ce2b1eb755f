using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;

namespace Catalyse.Web.Features.Territories;

public enum TerritoryType
{
    VilleMoyenne = 1,
    QuartierPopulaire = 2,
    NouvelleRuralite = 3,
    AncienPaysIndustriel = 4,
    Metropole = 5,
    Rural = 6,
    OutreMer = 7,
}

public enum TerritoryModel { Pepite = 1, Laboratoire = 2, Cooperatif = 3 }

public sealed class Territory
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<string> Themes { get; set; } = [];
    public TerritoryType? Type { get; set; }
    public TerritoryModel? Model { get; set; }
    /// <summary>Computed from the reference geography when the perimeter is set.</summary>
    public long Population { get; set; }
    public int CommuneCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<PerimeterItem> PerimeterItems { get; set; } = [];
    public List<ProgrammeStep> ProgrammeSteps { get; set; } = [];
    public List<TerritoryCommune> Communes { get; set; } = [];
}

/// <summary>What the coordinator picked: a région, département, EPCI or commune.</summary>
public sealed class PerimeterItem : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public PerimeterKind Kind { get; set; }
    public required string Code { get; set; }
}

/// <summary>The resolved set of communes of a territory (each counted once), for joins by INSEE code.</summary>
public sealed class TerritoryCommune : ITerritoryScoped
{
    public int TerritoryId { get; set; }
    public required string CommuneCode { get; set; }
}
