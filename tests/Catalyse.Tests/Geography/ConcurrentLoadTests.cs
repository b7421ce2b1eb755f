using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Geography;

/// <summary>Two instances starting on one database at the same time both come up with one copy of the geography.</summary>
public abstract class ConcurrentLoadTests(CatalyseFactory factory)
{
    [Fact]
    public async Task Two_loaders_at_once_leave_one_complete_copy()
    {
        var expected = await factory.WithDbAsync(db => db.Communes.CountAsync());
        // Forget the version so that both loaders think they must load.
        await factory.WithDbAsync(db => db.ReferenceDataVersions.ExecuteDeleteAsync());

        async Task<bool> Load()
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ReferenceGeographyLoader>().EnsureLoadedAsync();
        }
        var results = await Task.WhenAll(Load(), Load());

        Assert.Contains(true, results);
        Assert.Equal(expected, await factory.WithDbAsync(db => db.Communes.CountAsync()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ReferenceDataVersions.CountAsync()));
        Assert.False(await Load());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConcurrentLoadSqliteTests(CatalyseFactory factory) : ConcurrentLoadTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ConcurrentLoadPostgresTests(PostgresFactory factory) : ConcurrentLoadTests(factory);
