namespace Catalyse.Web.Infrastructure.Data;

/// <summary>
/// An entity that belongs to one territory. <see cref="CatalyseDb"/> filters every query on such
/// entities to the territory of the current request, so that one territory never reads another's rows.
/// </summary>
public interface ITerritoryScoped
{
    int TerritoryId { get; }
}
