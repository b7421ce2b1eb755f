using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Geography;

/// <summary>The official geography: search for the perimeter picker, idempotent loading, perimeter resolution.</summary>
public abstract class GeographyTests(CatalyseFactory factory)
{
    private sealed record Place(string Kind, string Code, string Name, string Detail, long Population, string Key);

    private async Task<List<Place>> SearchAsync(string q)
    {
        using var client = factory.Client();
        var response = await client.GetAsync("/api/v1/geo/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<Place>>())!;
    }

    [Fact]
    public async Task A_name_without_accents_finds_the_commune_and_the_EPCI()
    {
        var results = await SearchAsync("gueret");
        var commune = Assert.Single(results, p => p is { Kind: "commune", Code: "23096" });
        Assert.Equal("Guéret", commune.Name);
        Assert.Equal("Creuse", commune.Detail);
        Assert.Equal("commune:23096", commune.Key);
        Assert.Equal(ReferenceFiles.Of(factory).CommunePopulation["23096"], commune.Population);
        var epci = Assert.Single(results, p => p is { Kind: "epci", Code: "200034825" });
        Assert.Equal("CA du Grand Guéret", epci.Name);
        Assert.Equal(ReferenceFiles.Of(factory).Epci["200034825"].Population, epci.Population);
        // The exact name comes first among communes.
        Assert.Equal("23096", results.First(p => p.Kind == "commune").Code);
        Assert.True(results.Count <= 20);
    }

    [Theory]
    [InlineData("GUÉRET")]
    [InlineData("  Guéret ")]
    [InlineData("guéret")]
    public async Task Case_accents_and_spaces_do_not_matter(string q)
    {
        Assert.Contains(await SearchAsync(q), p => p is { Kind: "commune", Code: "23096" });
    }

    [Fact]
    public async Task A_hyphenated_name_is_found_with_spaces_and_apostrophes_folded()
    {
        var results = await SearchAsync("saint etienne");
        Assert.Contains(results, p => p is { Kind: "commune", Code: "42218" }); // Saint-Étienne
    }

    [Fact]
    public async Task An_INSEE_code_finds_the_commune()
    {
        var results = await SearchAsync("38185");
        var grenoble = Assert.Single(results, p => p.Kind == "commune");
        Assert.Equal(("38185", "Grenoble", "Isère"), (grenoble.Code, grenoble.Name, grenoble.Detail));
    }

    [Fact]
    public async Task A_postal_code_finds_the_communes_that_use_it()
    {
        var results = await SearchAsync("38000");
        Assert.Contains(results, p => p is { Kind: "commune", Code: "38185", Name: "Grenoble" });
        // Guéret's postal code, shared by no other commune in the file, finds it alone.
        var expected = CommunesWithPostalCode("23000");
        var found = (await SearchAsync("23000")).Where(p => p.Kind == "commune").Select(p => p.Code).OrderBy(c => c).ToList();
        Assert.Equal(expected, found);
        Assert.Contains("23096", found);
    }

    [Fact]
    public async Task An_EPCI_SIREN_finds_the_EPCI()
    {
        var results = await SearchAsync("200040715");
        var epci = Assert.Single(results);
        Assert.Equal(("epci", "Grenoble-Alpes-Métropole", "METRO"), (epci.Kind, epci.Name, epci.Detail));
        Assert.Equal(ReferenceFiles.Of(factory).Epci["200040715"].Population, epci.Population);
    }

    [Theory]
    [InlineData("23", "Creuse")]
    [InlineData("2A", "Corse-du-Sud")]
    [InlineData("2a", "Corse-du-Sud")]
    [InlineData("974", "La Réunion")]
    public async Task A_departement_code_finds_the_departement(string code, string name)
    {
        var results = await SearchAsync(code);
        var departement = Assert.Single(results, p => p.Kind == "departement");
        Assert.Equal(name, departement.Name);
        Assert.Equal(code.ToUpperInvariant(), departement.Code);
    }

    [Fact]
    public async Task A_departement_or_region_name_is_found_too()
    {
        Assert.Contains(await SearchAsync("isere"), p => p is { Kind: "departement", Code: "38" });
        Assert.Contains(await SearchAsync("nouvelle aquitaine"), p => p is { Kind: "region", Code: "75" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("%")]
    [InlineData("%%")]
    [InlineData("__")]
    [InlineData("zzzzqqqq")]
    [InlineData("<script>")]
    public async Task Too_short_or_unmatched_queries_give_an_empty_list_not_an_error(string q)
    {
        var results = await SearchAsync(q);
        Assert.Empty(results);
    }

    [Fact]
    public async Task A_very_long_query_is_an_empty_list()
    {
        Assert.Empty(await SearchAsync(new string('a', 5000)));
    }

    [Fact]
    public async Task Loading_twice_does_nothing_and_the_tables_match_the_shipped_files()
    {
        using var scope = factory.Services.CreateScope();
        var loader = scope.ServiceProvider.GetRequiredService<ReferenceGeographyLoader>();
        var db = scope.ServiceProvider.GetRequiredService<CatalyseDb>();
        var before = await CountsAsync(db);

        Assert.False(await loader.EnsureLoadedAsync());
        Assert.False(await loader.EnsureLoadedAsync());

        Assert.Equal(before, await CountsAsync(db));
        Assert.Equal(ExpectedCounts(), before);
        Assert.Equal(1, await db.ReferenceDataVersions.CountAsync(v => v.Name == ReferenceGeographyLoader.DatasetName));
    }

    [Fact]
    public async Task Commune_populations_and_EPCI_membership_come_from_epci_json()
    {
        var reference = ReferenceFiles.Of(factory);
        var epci = reference.Epci["200068369"];
        var stored = await factory.WithDbAsync(db => db.Communes.Where(c => c.EpciCode == "200068369").ToDictionaryAsync(c => c.Code, c => c.Population));
        Assert.Equal(epci.Members.ToDictionary(m => m.Code, m => (int)m.Population), stored);
    }

    [Fact]
    public async Task Resolving_counts_a_commune_once_when_picked_twice_or_inside_a_picked_EPCI()
    {
        var reference = ReferenceFiles.Of(factory);
        var gueret = reference.Epci["200034825"];
        using var scope = factory.Services.CreateScope();
        var geo = scope.ServiceProvider.GetRequiredService<GeoService>();

        var resolved = await geo.ResolveAsync([
            (PerimeterKind.Epci, "200034825"), (PerimeterKind.Commune, "23096"), (PerimeterKind.Commune, "23096"), (PerimeterKind.Epci, "200034825"),
        ]);
        Assert.Empty(resolved.Unknown);
        Assert.Equal(gueret.Members.Select(m => m.Code).OrderBy(c => c, StringComparer.Ordinal), resolved.CommuneCodes);
        Assert.Equal(gueret.Population, resolved.Population);
        Assert.Equal(2, resolved.Items.Count);

        var twice = await geo.ResolveAsync([(PerimeterKind.Commune, "38185"), (PerimeterKind.Commune, "38185")]);
        Assert.Equal(["38185"], twice.CommuneCodes);
        Assert.Equal(reference.CommunePopulation["38185"], twice.Population);
    }

    [Fact]
    public async Task Resolving_a_departement_covers_all_its_communes_and_names_unknown_codes_by_position()
    {
        using var scope = factory.Services.CreateScope();
        var geo = scope.ServiceProvider.GetRequiredService<GeoService>();
        var db = scope.ServiceProvider.GetRequiredService<CatalyseDb>();
        var creuse = await db.Communes.Where(c => c.DepartementCode == "23").Select(c => c.Code).OrderBy(c => c).ToListAsync();
        Assert.Equal(CommunesOfDepartement("23"), creuse);

        var resolved = await geo.ResolveAsync([
            (PerimeterKind.Departement, "23"), (PerimeterKind.Epci, "200034825"), (PerimeterKind.Epci, "000000000"), (PerimeterKind.Commune, "23096"),
        ]);
        Assert.Equal(creuse, resolved.CommuneCodes.OrderBy(c => c, StringComparer.Ordinal));
        var unknown = Assert.Single(resolved.Unknown);
        Assert.Equal((PerimeterKind.Epci, 1, "000000000"), unknown);
    }

    private static async Task<(int Regions, int Departements, int Epci, int Communes)> CountsAsync(CatalyseDb db) =>
        (await db.Regions.CountAsync(), await db.Departements.CountAsync(), await db.Epcis.CountAsync(), await db.Communes.CountAsync());

    /// <summary>
    /// From the files: the current communes are the EPCI members plus the four island communes outside any EPCI;
    /// the other rows of communes.csv (2023) are communes merged since.
    /// </summary>
    private HashSet<string> CurrentCommunes()
    {
        var codes = ReferenceFiles.Of(factory).CommunePopulation.Keys.ToHashSet();
        codes.UnionWith(["85113", "22016", "29083", "29155"]);
        return codes;
    }

    private (int, int, int, int) ExpectedCounts()
    {
        var folder = ReferenceFiles.Of(factory).Folder;
        int JsonCount(string file)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, file)));
            return doc.RootElement.GetArrayLength();
        }
        return (JsonCount("regions.json"), JsonCount("departements.json"), JsonCount("epci.json"), CurrentCommunes().Count);
    }

    private List<string> CommunesWithPostalCode(string postal) =>
        CsvRows().Where(r => r["codes_postaux"].Split(',').Select(c => c.Trim()).Contains(postal)).Select(r => r["code"])
            .Where(CurrentCommunes().Contains).OrderBy(c => c).ToList();

    private List<string> CommunesOfDepartement(string departement)
    {
        var current = CurrentCommunes();
        var csvDepartement = CsvRows().ToDictionary(r => r["code"], r => r["departement_code"]);
        return current.Where(c => (csvDepartement.TryGetValue(c, out var d) ? d : c[..(c.StartsWith("97") ? 3 : 2)]) == departement)
            .OrderBy(c => c, StringComparer.Ordinal).ToList();
    }

    /// <summary>communes.csv read with a small quoted-CSV reader (no dependency on the app's parser).</summary>
    private IEnumerable<Dictionary<string, string>> CsvRows()
    {
        using var reader = new StreamReader(Path.Combine(ReferenceFiles.Of(factory).Folder, "communes.csv"));
        var header = SplitCsv(reader.ReadLine()!);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var fields = SplitCsv(line);
            yield return header.Zip(fields).ToDictionary(p => p.First, p => p.Second);
        }
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GeographySqliteTests(CatalyseFactory factory) : GeographyTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class GeographyPostgresTests(PostgresFactory factory) : GeographyTests(factory);
