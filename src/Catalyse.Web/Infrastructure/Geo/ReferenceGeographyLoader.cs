using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Catalyse.Web.Infrastructure.Data;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Infrastructure.Geo;

/// <summary>
/// Loads the official geography shipped in <c>ReferenceData/geo</c> (régions, départements, EPCI,
/// communes) once, idempotently: a <see cref="ReferenceDataVersion"/> row records what was loaded.
/// </summary>
public sealed class ReferenceGeographyLoader(CatalyseDb db, IWebHostEnvironment env, ILogger<ReferenceGeographyLoader> log)
{
    public const string DatasetName = "geo";
    /// <summary>Bump when the shipped files change.</summary>
    public const string DatasetVersion = "decoupage-administratif-2026-02+communes-2023-12+current-only";

    public static string GeoFolder(IWebHostEnvironment env) => Path.Combine(env.ContentRootPath, "ReferenceData", "geo");

    public async Task<bool> EnsureLoadedAsync(CancellationToken ct = default)
    {
        if (await IsLoadedAsync(ct)) return false;

        var watch = Stopwatch.StartNew();
        var folder = GeoFolder(env);
        var regions = ReadJson<RegionRow>(Path.Combine(folder, "regions.json"));
        var departements = ReadJson<DepartementRow>(Path.Combine(folder, "departements.json"));
        var epcis = ReadJson<EpciRow>(Path.Combine(folder, "epci.json"));
        var communes = ReadCommunes(Path.Combine(folder, "communes.csv"), epcis, departements);

        try
        {
            await ReplaceAsync(regions, departements, epcis, communes, ct);
        }
        catch (DbUpdateException)
        {
            // Another instance sharing the database may have loaded it at the same time: its copy stands.
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            if (await IsLoadedAsync(ct)) return false;
            throw;
        }
        log.LogInformation("Reference geography loaded: {Regions} régions, {Departements} départements, {Epci} EPCI, {Communes} communes in {Ms} ms",
            regions.Count, departements.Count, epcis.Count, communes.Count, watch.ElapsedMilliseconds);
        return true;
    }

    private async Task<bool> IsLoadedAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.ReferenceDataVersions.AnyAsync(v => v.Name == DatasetName && v.Version == DatasetVersion, ct);
    }

    private async Task ReplaceAsync(List<RegionRow> regions, List<DepartementRow> departements, List<EpciRow> epcis, List<Commune> communes, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Replace any older version entirely.
        await db.Communes.ExecuteDeleteAsync(ct);
        await db.Epcis.ExecuteDeleteAsync(ct);
        await db.Departements.ExecuteDeleteAsync(ct);
        await db.Regions.ExecuteDeleteAsync(ct);
        await db.ReferenceDataVersions.Where(v => v.Name == DatasetName).ExecuteDeleteAsync(ct);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Regions.AddRange(regions.Select(r => new Region { Code = r.code, Name = r.nom, SearchName = SearchText.Fold(r.nom) }));
        db.Departements.AddRange(departements.Select(d => new Departement
            { Code = d.code, Name = d.nom, RegionCode = d.region, SearchName = SearchText.Fold(d.nom) }));
        db.Epcis.AddRange(epcis.Select(e => new Epci
            { Code = e.code, Name = e.nom, Kind = e.type, Population = e.populationTotale, SearchName = SearchText.Fold(e.nom) }));
        db.Communes.AddRange(communes);
        db.ReferenceDataVersions.Add(new ReferenceDataVersion
            { Name = DatasetName, Version = DatasetVersion, LoadedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    private static List<T> ReadJson<T>(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<T>>(stream) ?? [];
    }

    /// <summary>
    /// The only current communes outside any EPCI (single-commune islands, exempted by law): L'Île-d'Yeu,
    /// Île-de-Bréhat, Île-de-Sein, Ouessant. Every other commune of communes.csv (2023) that no EPCI (2026)
    /// lists has been merged since, and is left out. epci.json gives no population for these four.
    /// </summary>
    internal static readonly HashSet<string> CommunesWithoutEpci = ["85113", "22016", "29083", "29155"];

    /// <summary>communes.csv gives names, postal codes and centroids; epci.json gives EPCI membership and population.</summary>
    internal static List<Commune> ReadCommunes(string csvPath, List<EpciRow> epcis, List<DepartementRow> departements)
    {
        var members = new Dictionary<string, (string Epci, int Population, string Name)>();
        foreach (var e in epcis)
            foreach (var m in e.membres)
                members[m.code] = (e.code, m.populationTotale, m.nom);
        var regionOf = departements.ToDictionary(d => d.code, d => d.region);

        var result = new Dictionary<string, Commune>();
        using (var reader = new StreamReader(csvPath))
        using (var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                var code = csv.GetField("code")!;
                if (!members.ContainsKey(code) && !CommunesWithoutEpci.Contains(code)) continue; // merged into another commune since
                var postal = csv.GetField("codes_postaux") ?? "";
                members.TryGetValue(code, out var member);
                result[code] = new Commune
                {
                    Code = code,
                    Name = csv.GetField("nom")!,
                    SearchName = SearchText.Fold(csv.GetField("nom")),
                    PostalCodes = "," + postal.Replace(" ", "") + ",",
                    DepartementCode = csv.GetField("departement_code")!,
                    RegionCode = NullIfEmpty(csv.GetField("region_code")),
                    EpciCode = member.Epci,
                    Population = member.Population,
                    Longitude = ParseDouble(csv.GetField("longitude")),
                    Latitude = ParseDouble(csv.GetField("latitude")),
                };
            }
        }
        // Communes created since the CSV (mergers) still exist in the EPCI membership: keep them, without centroid.
        foreach (var (code, m) in members)
        {
            if (result.ContainsKey(code)) continue;
            var dep = code.StartsWith("97") ? code[..3] : code[..2];
            result[code] = new Commune
            {
                Code = code, Name = m.Name, SearchName = SearchText.Fold(m.Name), PostalCodes = ",",
                DepartementCode = dep, RegionCode = regionOf.GetValueOrDefault(dep), EpciCode = m.Epci, Population = m.Population,
            };
        }
        return result.Values.ToList();
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static double? ParseDouble(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

#pragma warning disable IDE1006 // JSON field names of the source files
    internal sealed record RegionRow(string code, string nom);
    internal sealed record DepartementRow(string code, string nom, string region);
    internal sealed record EpciRow(string code, string nom, string type, int populationTotale, List<MemberRow> membres);
    internal sealed record MemberRow(string code, string nom, int populationTotale);
#pragma warning restore IDE1006
}
