using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Directory;

/// <summary>Entries for the directory tests: through the API (as a catalyst would) or straight into the database (volume).</summary>
public static class DirectoryData
{
    public const string GueretCatalyst = "catalyseur.gueret@catalyse.demo";
    public const string GrenobleCatalyst = "catalyseur.grenoble@catalyse.demo";
    public const string Resident = "habitant@catalyse.demo";
    /// <summary>Guéret, in the perimeter of grand-gueret, not of grenoble-alpes.</summary>
    public const string Gueret = "23096";
    /// <summary>Grenoble, in grenoble-alpes only.</summary>
    public const string Grenoble = "38185";

    /// <summary>
    /// A word no other entry contains, that the French stemmer keeps as it is (hex: no trailing s or x),
    /// so that a test can scope its searches to its own entries in a shared database.
    /// </summary>
    public static string Token() => "zq" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    public static Task<HttpResponseMessage> PostAsync(CatalyseFactory factory, object body, string slug = "grand-gueret", string token = CatalyseFactory.AdminToken)
    {
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/territories/{slug}/actors") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        return client.SendAsync(request);
    }

    /// <summary>Creates a published entry through the API (admin token) and returns its id.</summary>
    public static async Task<int> CreateAsync(CatalyseFactory factory, object body, string slug = "grand-gueret")
    {
        using var response = await PostAsync(factory, body, slug);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating an entry: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>Inserts entries directly (many at once), indexed for search as the service does.</summary>
    public static Task<List<int>> InsertAsync(CatalyseFactory factory, int count, Func<int, Entry> make) => factory.WithDbAsync(async db =>
    {
        var entries = Enumerable.Range(0, count).Select(make).ToList();
        foreach (var e in entries)
        {
            e.SearchText = FrenchText.Index(e.Name, e.Description, string.Join(' ', e.Themes), e.Offers, e.Category);
            if (e.CreatedAt == default) e.CreatedAt = e.UpdatedAt = DateTimeOffset.UtcNow;
        }
        db.Entries.AddRange(entries);
        await db.SaveChangesAsync();
        return entries.Select(e => e.Id).ToList();
    });

    public static Entry Published(string name, string commune = Gueret, double? lat = 46.17, double? lon = 1.87, EntryKind kind = EntryKind.Actor) => new()
    {
        Kind = kind, Name = name, CommuneCode = commune, Latitude = lat, Longitude = lon, Status = EntryStatus.Published,
    };

    public static Task<Entry> LoadAsync(CatalyseFactory factory, int id) =>
        factory.WithDbAsync(db => db.Entries.AsNoTracking().SingleAsync(e => e.Id == id));

    /// <summary>The ids of the API list for a query (absolute link of each entry ends with its id).</summary>
    public static async Task<(List<JsonElement> Items, int Total)> ListAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        var total = int.Parse(response.Headers.GetValues("X-Total-Count").Single());
        return (JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone()).ToList(), total);
    }
}
