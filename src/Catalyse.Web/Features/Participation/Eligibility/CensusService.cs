using System.Globalization;
using System.Security.Cryptography;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Eligibility;

/// <summary>
/// The census file an authority uploads (electoral roll, list of residents): columns nom, prénom, date de naissance.
/// Only a keyed hash of each line is stored; a new file replaces the old one, keeping the claims of the lines in both.
/// </summary>
public sealed class CensusService(CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const int MaxLines = 500_000;
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    public Task<ParticipationSettings?> SettingsAsync(int territoryId, CancellationToken ct = default) =>
        db.ParticipationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);

    /// <summary>Reads the whole file first: any bad line refuses it all (with the line numbers), nothing is half-replaced.</summary>
    public async Task<(int Count, FieldErrors Errors)> ReplaceAsync(int territoryId, Stream file, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var settings = await db.ParticipationSettings.FirstOrDefaultAsync(s => s.TerritoryId == territoryId, ct);
        var key = settings?.CensusKey is { Length: > 0 } k ? k : RandomNumberGenerator.GetBytes(32);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var bad = new List<string>();
        try
        {
            using var reader = new StreamReader(file, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                DetectDelimiter = true, BadDataFound = null, MissingFieldFound = null,
                PrepareHeaderForMatch = a => Infrastructure.Geo.SearchText.Fold(a.Header).Replace(" ", "_"),
            });
            if (!await csv.ReadAsync() || !csv.ReadHeader())
                errors.Add("file", l["Le fichier est vide."]);
            else if (csv.HeaderRecord!.Length < 3 || !new[] { "nom", "prenom", "date_de_naissance" }.All(h => csv.HeaderRecord.Select(x => Infrastructure.Geo.SearchText.Fold(x).Replace(" ", "_")).Contains(h)))
                errors.Add("file", l["Colonnes attendues : nom, prénom, date de naissance."]);
            else
                while (await csv.ReadAsync())
                {
                    var line = csv.Parser.RawRow;
                    var (surname, given, born) = (csv.GetField("nom")?.Trim(), csv.GetField("prenom")?.Trim(), csv.GetField("date_de_naissance")?.Trim());
                    if (string.IsNullOrEmpty(surname) || string.IsNullOrEmpty(given)
                        || !DateOnly.TryParseExact(born, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        if (bad.Count < 20) bad.Add(line.ToString(CultureInfo.InvariantCulture));
                        else if (bad.Count == 20) bad.Add("…");
                        continue;
                    }
                    hashes.Add(EligibilityService.CensusHash(key, surname, given, date));
                    if (hashes.Count > MaxLines) { errors.Add("file", l["{0} lignes au plus.", MaxLines]); break; }
                }
        }
        catch (Exception e) when (e is CsvHelperException or System.Text.DecoderFallbackException)
        {
            errors.Add("file", l["Fichier CSV illisible : enregistrez-le en UTF-8."]);
        }
        if (bad.Count > 0) errors.Add("file", l["Lignes incomplètes ou date invalide (AAAA-MM-JJ ou JJ/MM/AAAA) : {0}.", string.Join(", ", bad)]);
        if (errors.Count == 0 && hashes.Count == 0) errors.Add("file", l["Le fichier ne contient aucune personne."]);
        if (errors.Count > 0) return (0, errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = (await db.CensusEntries.Where(c => c.TerritoryId == territoryId).Select(c => new { c.Id, c.Hash }).ToListAsync(ct))
            .ToDictionary(c => c.Hash, c => c.Id);
        var gone = existing.Where(e => !hashes.Contains(e.Key)).Select(e => e.Value).ToList();
        foreach (var chunk in gone.Chunk(1000))
            await db.CensusEntries.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(ct);
        foreach (var chunk in hashes.Where(h => !existing.ContainsKey(h)).Chunk(1000))
        {
            db.CensusEntries.AddRange(chunk.Select(h => new CensusEntry { TerritoryId = territoryId, Hash = h }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        if (settings is null) db.ParticipationSettings.Add(settings = new ParticipationSettings { TerritoryId = territoryId, CensusKey = key });
        else db.Attach(settings);
        settings.CensusUploadedAt = clock.GetUtcNow();
        settings.CensusSize = hashes.Count;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (hashes.Count, errors);
    }
}
