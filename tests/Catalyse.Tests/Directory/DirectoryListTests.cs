using System.Net;
using Catalyse.Tests.Infrastructure;

namespace Catalyse.Tests.Directory;

/// <summary>The list beside the map follows its visible box (bbox), keeps it through pages and ignores a malformed one.</summary>
public abstract class DirectoryListTests(CatalyseFactory factory)
{
    [Fact]
    public async Task The_directory_list_shows_only_the_entries_of_the_map_box()
    {
        var token = DirectoryData.Token();
        await DirectoryData.InsertAsync(factory, 3, i => DirectoryData.Published($"Carte liste {token} {i}", lat: 46.17 + i * 0.1, lon: 1.87));
        using var client = factory.Client();
        async Task<(int Count, List<string> Names, AngleSharp.Html.Dom.IHtmlDocument Doc)> ListAsync(string query)
        {
            using var response = await client.GetAsync($"/t/grand-gueret/directory?q={token}{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
            var names = doc.QuerySelectorAll("#directory-results ul.entry-list h3").Select(h => h.TextContent.Trim()).ToList();
            return (names.Count, names, doc);
        }
        Assert.Equal(3, (await ListAsync("")).Count);
        var (count, names, doc) = await ListAsync("&bbox=1.8,46.1,1.9,46.22");
        Assert.Equal(1, count);
        Assert.Equal($"Carte liste {token} 0", names.Single());
        Assert.Contains("dans la zone de la carte", doc.QuerySelector("#results-title")!.TextContent);
        Assert.Contains(doc.QuerySelectorAll("#directory-results a"), a => a.GetAttribute("href") == $"/t/grand-gueret/directory?q={token}");
        Assert.Equal(2, (await ListAsync("&bbox=1.8,46.1,1.9,46.32")).Count);
        // The map keeps asking for its own box: the box is not in the map's base query.
        Assert.DoesNotContain("bbox", doc.QuerySelector("#directory-map")!.GetAttribute("data-query"));
        // A malformed box is ignored (the whole list), never an error.
        foreach (var bad in new[] { "&bbox=1,2,3", "&bbox=a,b,c,d", "&bbox=5,46,1,47", "&bbox=1,-100,2,100" })
            Assert.Equal(3, (await ListAsync(bad)).Count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryListSqliteTests(CatalyseFactory factory) : DirectoryListTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryListPostgresTests(PostgresFactory factory) : DirectoryListTests(factory);
