using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Infrastructure.Geo;

/// <summary>A région, département, EPCI or commune as shown in a picker.</summary>
public sealed record GeoPlace(PerimeterKind Kind, string Code, string Name, string Detail, long Population)
{
    public string Key => $"{Kind.ToString().ToLowerInvariant()}:{Code}";

    public static bool TryParseKey(string? key, out PerimeterKind kind, out string code)
    {
        kind = default; code = "";
        var parts = (key ?? "").Split(':', 2);
        if (parts.Length != 2 || !Enum.TryParse(parts[0], true, out kind) || !Enum.IsDefined(kind)) return false;
        code = parts[1].Trim();
        return code.Length is > 0 and <= 9;
    }
}

/// <summary>The perimeter of a territory once resolved to communes (each counted once).</summary>
public sealed record ResolvedPerimeter(
    IReadOnlyList<(PerimeterKind Kind, string Code)> Items,
    IReadOnlyList<string> CommuneCodes,
    long Population,
    IReadOnlyList<(PerimeterKind Kind, int Index, string Code)> Unknown);

/// <summary>Reads the reference geography: search for pickers, perimeter resolution.</summary>
public sealed class GeoService(CatalyseDb db)
{
    public async Task<List<GeoPlace>> SearchAsync(string? query, int limit = 20, CancellationToken ct = default)
    {
        var q = (query ?? "").Trim();
        if (q.Length < 2 || q.Length > 100) return [];
        var results = new List<GeoPlace>();
        var isCode = q.All(char.IsAsciiLetterOrDigit) && q.Any(char.IsDigit);
        if (isCode)
        {
            var code = q.ToUpperInvariant();
            var postal = $"%,{code},%";
            results.AddRange(await db.Regions.Where(r => r.Code == code)
                .Select(r => new GeoPlace(PerimeterKind.Region, r.Code, r.Name, "Région", 0)).ToListAsync(ct));
            results.AddRange(await db.Departements.Where(d => d.Code == code)
                .Select(d => new GeoPlace(PerimeterKind.Departement, d.Code, d.Name, "Département", 0)).ToListAsync(ct));
            results.AddRange(await db.Epcis.Where(e => e.Code == code)
                .Select(e => new GeoPlace(PerimeterKind.Epci, e.Code, e.Name, e.Kind, e.Population)).ToListAsync(ct));
            // Ordered before the projection: EF cannot translate an ORDER BY on the projected record.
            results.AddRange(await CommuneQuery(db.Communes.Where(c => c.Code == code || EF.Functions.Like(c.PostalCodes, postal))
                    .OrderByDescending(c => c.Population))
                .Take(limit).ToListAsync(ct));
            return results.Take(limit).ToList();
        }

        var folded = SearchText.Fold(q);
        if (folded.Length < 2) return [];
        var pattern = $"%{folded}%";
        var prefix = $"{folded}%";
        results.AddRange(await db.Regions.Where(r => EF.Functions.Like(r.SearchName, pattern))
            .OrderBy(r => r.Name).Take(5)
            .Select(r => new GeoPlace(PerimeterKind.Region, r.Code, r.Name, "Région", 0)).ToListAsync(ct));
        results.AddRange(await db.Departements.Where(d => EF.Functions.Like(d.SearchName, pattern))
            .OrderBy(d => d.Name).Take(5)
            .Select(d => new GeoPlace(PerimeterKind.Departement, d.Code, d.Name, "Département", 0)).ToListAsync(ct));
        results.AddRange(await db.Epcis.Where(e => EF.Functions.Like(e.SearchName, pattern))
            .OrderByDescending(e => EF.Functions.Like(e.SearchName, prefix)).ThenByDescending(e => e.Population).Take(8)
            .Select(e => new GeoPlace(PerimeterKind.Epci, e.Code, e.Name, e.Kind, e.Population)).ToListAsync(ct));
        results.AddRange(await CommuneQuery(db.Communes.Where(c => EF.Functions.Like(c.SearchName, pattern))
                .OrderByDescending(c => c.SearchName == folded)
                .ThenByDescending(c => EF.Functions.Like(c.SearchName, prefix))
                .ThenByDescending(c => c.Population))
            .Take(limit).ToListAsync(ct));
        return results.Take(limit).ToList();
    }

    private IQueryable<GeoPlace> CommuneQuery(IQueryable<Commune> communes) =>
        from c in communes
        join d in db.Departements on c.DepartementCode equals d.Code into deps
        from d in deps.DefaultIfEmpty()
        select new GeoPlace(PerimeterKind.Commune, c.Code, c.Name, d == null ? c.DepartementCode : d.Name, c.Population);

    /// <summary>Names of the given perimeter items, in the order given; unknown codes are left out.</summary>
    public async Task<List<GeoPlace>> DescribeAsync(IEnumerable<(PerimeterKind Kind, string Code)> items, CancellationToken ct = default)
    {
        var list = items.ToList();
        string[] Codes(PerimeterKind k) => list.Where(i => i.Kind == k).Select(i => i.Code).Distinct().ToArray();
        var regions = Codes(PerimeterKind.Region); var deps = Codes(PerimeterKind.Departement);
        var epcis = Codes(PerimeterKind.Epci); var communes = Codes(PerimeterKind.Commune);
        var found = new List<GeoPlace>();
        if (regions.Length > 0)
            found.AddRange(await db.Regions.Where(r => regions.Contains(r.Code))
                .Select(r => new GeoPlace(PerimeterKind.Region, r.Code, r.Name, "Région", 0)).ToListAsync(ct));
        if (deps.Length > 0)
            found.AddRange(await db.Departements.Where(d => deps.Contains(d.Code))
                .Select(d => new GeoPlace(PerimeterKind.Departement, d.Code, d.Name, "Département", 0)).ToListAsync(ct));
        if (epcis.Length > 0)
            found.AddRange(await db.Epcis.Where(e => epcis.Contains(e.Code))
                .Select(e => new GeoPlace(PerimeterKind.Epci, e.Code, e.Name, e.Kind, e.Population)).ToListAsync(ct));
        if (communes.Length > 0)
            found.AddRange(await CommuneQuery(db.Communes.Where(c => communes.Contains(c.Code))).ToListAsync(ct));
        var byKey = found.ToDictionary(p => (p.Kind, p.Code));
        return list.Distinct().Where(byKey.ContainsKey).Select(i => byKey[i]).ToList();
    }

    /// <summary>Turns picked régions, départements, EPCI and communes into the set of communes they cover.</summary>
    public async Task<ResolvedPerimeter> ResolveAsync(IReadOnlyList<(PerimeterKind Kind, string Code)> items, CancellationToken ct = default)
    {
        var distinct = items.Distinct().ToList();
        string[] Codes(PerimeterKind k) => distinct.Where(i => i.Kind == k).Select(i => i.Code).ToArray();
        var regions = Codes(PerimeterKind.Region); var deps = Codes(PerimeterKind.Departement);
        var epcis = Codes(PerimeterKind.Epci); var communes = Codes(PerimeterKind.Commune);

        var known = new HashSet<(PerimeterKind, string)>();
        if (regions.Length > 0)
            foreach (var c in await db.Regions.Where(r => regions.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct))
                known.Add((PerimeterKind.Region, c));
        if (deps.Length > 0)
            foreach (var c in await db.Departements.Where(d => deps.Contains(d.Code)).Select(d => d.Code).ToListAsync(ct))
                known.Add((PerimeterKind.Departement, c));
        if (epcis.Length > 0)
            foreach (var c in await db.Epcis.Where(e => epcis.Contains(e.Code)).Select(e => e.Code).ToListAsync(ct))
                known.Add((PerimeterKind.Epci, c));
        if (communes.Length > 0)
            foreach (var c in await db.Communes.Where(x => communes.Contains(x.Code)).Select(x => x.Code).ToListAsync(ct))
                known.Add((PerimeterKind.Commune, c));

        var unknown = items.Select((item, index) => (item.Kind, Index: index, item.Code))
            .Where(x => !known.Contains((x.Kind, x.Code))).ToList();
        // Index within its own kind, so that errors can name e.g. perimeter.epci[1].
        unknown = unknown.Select(u => (u.Kind, items.Take(u.Index).Count(i => i.Kind == u.Kind), u.Code)).ToList();

        var covered = await db.Communes
            .Where(c => (c.RegionCode != null && regions.Contains(c.RegionCode))
                        || deps.Contains(c.DepartementCode)
                        || (c.EpciCode != null && epcis.Contains(c.EpciCode))
                        || communes.Contains(c.Code))
            .Select(c => new { c.Code, c.Population })
            .ToListAsync(ct);
        return new ResolvedPerimeter(distinct, covered.Select(c => c.Code).OrderBy(c => c).ToList(),
            covered.Sum(c => (long)c.Population), unknown);
    }
}
