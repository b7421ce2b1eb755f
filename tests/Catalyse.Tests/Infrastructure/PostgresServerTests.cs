using Npgsql;

namespace Catalyse.Tests.Infrastructure;

public class PostgresServerTests
{
    [Fact]
    public async Task CreateDatabaseAsync_creates_two_distinct_usable_databases()
    {
        var first = await PostgresServer.CreateDatabaseAsync("pgserver_test");
        var second = await PostgresServer.CreateDatabaseAsync("pgserver_test");

        var names = new List<string>();
        foreach (var connectionString in new[] { first, second })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select version()", connection);
            var version = (string?)await command.ExecuteScalarAsync();
            Assert.Contains("PostgreSQL", version);
            names.Add(connection.Database);
        }

        Assert.StartsWith("pgserver_test_", names[0]);
        Assert.NotEqual(names[0], names[1]);
    }
}
