namespace Catalyse.Web.Infrastructure.Data;

/// <summary>
/// The territory of the current request (set from the <c>{slug}</c> route value). When set, every
/// query on an <see cref="ITerritoryScoped"/> entity is restricted to it by a global query filter.
/// </summary>
public sealed class TerritoryScope
{
    public int? TerritoryId { get; private set; }
    public string? Slug { get; private set; }
    public string? Name { get; private set; }

    public void Enter(int territoryId, string slug, string name)
    {
        if (TerritoryId is not null && TerritoryId != territoryId)
            throw new InvalidOperationException("A request belongs to one territory only.");
        (TerritoryId, Slug, Name) = (territoryId, slug, name);
    }
}
