using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>
/// The communes (about 35,000) in memory for imports, which look one up per row: loaded once, kept 10 minutes
/// (the reference geography only changes when the app starts with new files).
/// </summary>
public sealed class CommuneTable(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (DateTimeOffset At, IReadOnlyDictionary<string, DirectoryService.CommuneRef> Table)? _loaded;

    public async Task<IReadOnlyDictionary<string, DirectoryService.CommuneRef>> GetAsync(CatalyseDb db, CancellationToken ct)
    {
        if (_loaded is { } l && clock.GetUtcNow() - l.At < Lifetime) return l.Table;
        await _lock.WaitAsync(ct);
        try
        {
            if (_loaded is { } again && clock.GetUtcNow() - again.At < Lifetime) return again.Table;
            var table = await db.Communes.AsNoTracking().Select(c => new { c.Code, c.Name, c.Latitude, c.Longitude })
                .ToDictionaryAsync(c => c.Code, c => new DirectoryService.CommuneRef(c.Name, c.Latitude, c.Longitude), ct);
            _loaded = (clock.GetUtcNow(), table);
            return table;
        }
        finally { _lock.Release(); }
    }
}
