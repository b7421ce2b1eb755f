using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>The current communes, by INSEE code and by postal code, for imports.</summary>
public sealed class Communes(IReadOnlyDictionary<string, DirectoryService.CommuneRef> byCode,
    IReadOnlyDictionary<string, (string Code, string Departement, double? Latitude, double? Longitude)[]> byPostalCode)
{
    /// <summary>A place further than this from the centre of every candidate commune is not moved to one.</summary>
    public const double MaxRelocationKm = 20;

    public DirectoryService.CommuneRef? Find(string code) => byCode.GetValueOrDefault(code);

    /// <summary>Great-circle distance (haversine).</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * 6371 * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static string DepartementOf(string code) => code.StartsWith("97") ? code[..3] : code[..2];

    /// <summary>
    /// The current commune that an unknown INSEE code of the file stands for, when communes were merged since the file
    /// was made (no table of commune changes ships with the app): among the current communes of the same département that
    /// have the row's postal code, the only one, or the one whose centre is nearest the row's coordinates (20 km at most).
    /// Null when the row's own data does not designate one commune.
    /// </summary>
    public string? Relocate(string oldCode, string? postalCode, double? latitude, double? longitude)
    {
        if (oldCode.Length != 5 || byCode.ContainsKey(oldCode) || postalCode?.Trim() is not { Length: 5 } cp) return null;
        if (!byPostalCode.TryGetValue(cp, out var all)) return null;
        var candidates = all.Where(c => DepartementOf(c.Code) == DepartementOf(oldCode)).ToList();
        if (candidates.Count == 1) return candidates[0].Code;
        if (latitude is not { } lat || longitude is not { } lon) return null;
        var best = candidates.Where(c => c.Latitude is not null && c.Longitude is not null)
            .Select(c => (c.Code, Km: DistanceKm(lat, lon, c.Latitude!.Value, c.Longitude!.Value)))
            .OrderBy(c => c.Km).FirstOrDefault();
        return best.Code is not null && best.Km <= MaxRelocationKm ? best.Code : null;
    }
}

/// <summary>
/// The communes (about 35,000) in memory for imports, which look one up per row: loaded once, kept 10 minutes
/// (the reference geography only changes when the app starts with new files).
/// </summary>
public sealed class CommuneTable(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (DateTimeOffset At, Communes Table)? _loaded;

    public async Task<Communes> GetAsync(CatalyseDb db, CancellationToken ct)
    {
        if (_loaded is { } l && clock.GetUtcNow() - l.At < Lifetime) return l.Table;
        await _lock.WaitAsync(ct);
        try
        {
            if (_loaded is { } again && clock.GetUtcNow() - again.At < Lifetime) return again.Table;
            var rows = await db.Communes.AsNoTracking().Select(c => new { c.Code, c.Name, c.Latitude, c.Longitude, c.PostalCodes, c.DepartementCode })
                .ToListAsync(ct);
            var byCode = rows.ToDictionary(c => c.Code, c => new DirectoryService.CommuneRef(c.Name, c.Latitude, c.Longitude));
            var byPostal = rows
                .SelectMany(c => c.PostalCodes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => (Postal: p, Commune: (c.Code, c.DepartementCode, c.Latitude, c.Longitude))))
                .GroupBy(x => x.Postal).ToDictionary(g => g.Key, g => g.Select(x => x.Commune).ToArray());
            var table = new Communes(byCode, byPostal);
            _loaded = (clock.GetUtcNow(), table);
            return table;
        }
        finally { _lock.Release(); }
    }
}
