namespace Catalyse.Web.Infrastructure.Geo;

/// <summary>Official French geography (découpage administratif, Licence Ouverte), loaded once at first start.</summary>
public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string SearchName { get; set; }
}

public sealed class Departement
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public required string SearchName { get; set; }
}

public sealed class Epci
{
    /// <summary>SIREN number of the intercommunality.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>CC, CA, CU, METRO, MET69.</summary>
    public required string Kind { get; set; }
    public int Population { get; set; }
    public required string SearchName { get; set; }
}

public sealed class Commune
{
    /// <summary>INSEE code.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string SearchName { get; set; }
    /// <summary>Postal codes wrapped in commas (",38000,38100,") so that one LIKE finds a code.</summary>
    public required string PostalCodes { get; set; }
    public required string DepartementCode { get; set; }
    public string? RegionCode { get; set; }
    public string? EpciCode { get; set; }
    /// <summary>Population totale, from the commune's row in its EPCI.</summary>
    public int Population { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
}

/// <summary>One row per loaded reference dataset version, so that loading is idempotent.</summary>
public sealed class ReferenceDataVersion
{
    public required string Name { get; set; }
    public required string Version { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}

public enum PerimeterKind { Region = 1, Departement = 2, Epci = 3, Commune = 4 }
