using System.Net;

namespace Catalyse.Tests.Infrastructure;

/// <summary>The query-budget tests' measure: the SQL commands of one warm request.</summary>
public static class QueryBudget
{
    /// <summary>Requests the page once to warm it up, then again with a probe, and returns the commands of the second request.</summary>
    public static async Task<int> CommandsAsync(this CatalyseFactory factory, TestClient client, string url)
    {
        using (var warmUp = await client.GetAsync(url)) Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        var probe = Guid.NewGuid().ToString("N");
        using var response = await client.GetAsync(url, probe);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();
        return factory.Queries.CountFor(probe);
    }
}
