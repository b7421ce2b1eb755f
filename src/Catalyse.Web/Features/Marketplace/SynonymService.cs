using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>The territory's synonym list, written by its catalysts one group per line ("seniors ~ personnes âgées"); empty = the network's list.</summary>
public sealed class SynonymService(CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const int MaxGroups = 1000;

    /// <summary>Replaces the territory's list with these lines (blank lines and # comments ignored). Errors name the line.</summary>
    public async Task<FieldErrors> SaveAsync(int territoryId, string? text, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var lines = (text ?? "").Replace("\r", "").Split('\n').Select(x => x.Trim()).Where(x => x.Length > 0 && !x.StartsWith('#')).ToList();
        if (lines.Count > MaxGroups) errors.Add("synonyms", l["{0} groupes au plus.", MaxGroups]);
        var groups = new List<string>();
        foreach (var (line, i) in lines.Take(MaxGroups).Select((x, i) => (x, i)))
        {
            if (errors.Broken(l, "synonyms", line, 1000, false)) break;
            var terms = Synonyms.Split(line).ToList();
            if (terms.Count < 2 || new Synonyms([line]).Count == 0) { errors.Add("synonyms", l["Ligne {0} : au moins deux termes différents séparés par « ~ ».", i + 1]); continue; }
            groups.Add(string.Join(" ~ ", terms));
        }
        if (errors.Count > 0) return errors;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<SynonymGroup>().IgnoreQueryFilters().Where(g => g.TerritoryId == territoryId).ExecuteDeleteAsync(ct);
        var now = clock.GetUtcNow();
        db.AddRange(groups.Distinct().Select(g => new SynonymGroup { TerritoryId = territoryId, Terms = g, UpdatedAt = now }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return errors;
    }
}
