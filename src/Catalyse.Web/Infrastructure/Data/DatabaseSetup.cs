using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Catalyse.Web.Infrastructure.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=App_Data/catalyse.db";

    public static DatabaseProvider Provider(IConfiguration config) =>
        string.Equals(config["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(config["Database:Provider"], "PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>Registers <see cref="CatalyseDb"/> on the configured provider, with any <see cref="IInterceptor"/> registered in DI (diagnostics, tests).</summary>
    public static IServiceCollection AddCatalyseDatabase(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<TerritoryScope>();
        var cs = config.GetConnectionString("Catalyse");
        if (Provider(config) == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(cs))
                throw new InvalidOperationException("ConnectionStrings:Catalyse is required with Database:Provider=Postgres.");
            services.AddDbContext<CatalyseDb, PostgresCatalyseDb>((sp, o) => o.UseNpgsql(cs).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            cs = string.IsNullOrWhiteSpace(cs) ? DefaultSqlite : cs;
            EnsureSqliteFolder(cs);
            services.AddDbContext<CatalyseDb, SqliteCatalyseDb>((sp, o) => o.UseSqlite(cs).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        return services;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }

    /// <summary>Applies pending migrations; SQLite also gets WAL mode for concurrent readers.</summary>
    public static async Task MigrateAsync(CatalyseDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

/// <summary>Used by <c>dotnet ef migrations add … --context SqliteCatalyseDb</c>.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteCatalyseDb>
{
    public SqliteCatalyseDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCatalyseDb>().UseSqlite(DatabaseSetup.DefaultSqlite).Options);
}

/// <summary>Used by <c>dotnet ef migrations add … --context PostgresCatalyseDb</c> (no server needed).</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresCatalyseDb>
{
    public PostgresCatalyseDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCatalyseDb>().UseNpgsql("Host=localhost;Database=catalyse").Options);
}
