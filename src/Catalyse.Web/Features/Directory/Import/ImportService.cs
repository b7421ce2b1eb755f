using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>Wakes the worker up when an import is confirmed (it also looks every few seconds).</summary>
public sealed class ImportSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    public void Notify() => _channel.Writer.TryWrite(true);
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try { await _channel.Reader.ReadAsync(cts.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}

/// <summary>What the pages and the API show of an import (without the file's text).</summary>
public sealed record ImportView(int Id, int? TerritoryId, ImportStatus Status, string SourceName, string? FileName, string? EncodingUsed,
    string Delimiter, List<string> Header, string PreviewJson, string MappingJson, int RowCount, int ValidCount, int InvalidCount,
    int CreatedCount, int UpdatedCount, int ProcessedCount, string ErrorsJson, string? FailureMessage,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string Format, string WarningsJson, int WarningCount)
{
    public List<string[]> Preview => JsonSerializer.Deserialize<List<string[]>>(PreviewJson) ?? [];
    public List<ImportRowError> Errors => JsonSerializer.Deserialize<List<ImportRowError>>(ErrorsJson, ImportService.Json) ?? [];
    public List<ImportRowError> Warnings => JsonSerializer.Deserialize<List<ImportRowError>>(WarningsJson, ImportService.Json) ?? [];
    public bool IsGeoJson => Format == ImportFormats.GeoJson;
    public ImportMapping Mapping => ImportMapping.FromJson(MappingJson);
    public bool Finished => Status is ImportStatus.Done or ImportStatus.Failed;
    /// <summary>Valid rows already written identically (a re-import): neither created nor updated.</summary>
    public int Unchanged => Status == ImportStatus.Done ? Math.Max(0, ValidCount - CreatedCount - UpdatedCount) : 0;
    public double? RowsPerSecond => StartedAt is { } s && FinishedAt is { } f && f > s ? ProcessedCount / (f - s).TotalSeconds : null;
}

/// <summary>Upload, preview, verification, confirmation and the run of directory imports.</summary>
public sealed partial class ImportService(CatalyseDb db, DirectoryService directory, IStringLocalizer<SharedResource> l,
    TimeProvider clock, ImportSignal signal, CommuneTable communeTable, ILogger<ImportService> log)
{
    public const int BatchSize = 1000;

    /// <summary>An import that writes at least this many rows refreshes PostgreSQL's statistics of the entries.</summary>
    public const int AnalyzeAfter = 5_000;
    public const string TiersLieuxAttribution = "CGET Mission Coworking 2019 — Licence Ouverte 2.0";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,49}$")]
    private static partial Regex SourcePattern();

    /// <summary>"Tiers lieux 2019.csv" → "tiers-lieux-2019".</summary>
    public static string SourceFrom(string? text)
    {
        var folded = Infrastructure.Geo.SearchText.Fold(Path.GetFileNameWithoutExtension(text ?? "")).Replace(' ', '-');
        return folded.Length > 50 ? folded[..50].TrimEnd('-') : folded;
    }

    /// <summary>The pages of a territory's imports, or of the network's (<paramref name="slug"/> null).</summary>
    public static string BaseUrl(string? slug) => slug is null ? "/directory/imports" : $"/t/{slug}/directory/import";

    public static string Attribution(string source) => source.StartsWith("tiers-lieux") ? TiersLieuxAttribution : source;

    private static readonly System.Linq.Expressions.Expression<Func<DirectoryImport, ImportView>> ToView = i => new ImportView(i.Id, i.TerritoryId,
        i.Status, i.SourceName, i.FileName, i.EncodingUsed, i.Delimiter, i.Header, i.PreviewJson, i.MappingJson, i.RowCount, i.ValidCount,
        i.InvalidCount, i.CreatedCount, i.UpdatedCount, i.ProcessedCount, i.ErrorsJson, i.FailureMessage, i.CreatedAt, i.StartedAt, i.FinishedAt,
        i.Format, i.WarningsJson, i.WarningCount);

    /// <summary>The latest imports of a territory (null: of the network), newest first.</summary>
    public Task<List<ImportView>> RecentAsync(int? territoryId, int count, CancellationToken ct = default) =>
        db.DirectoryImports.Where(i => i.TerritoryId == territoryId).OrderByDescending(i => i.Id).Take(count).Select(ToView).ToListAsync(ct);

    public Task<ImportView?> FindAsync(int? territoryId, int id, CancellationToken ct = default) =>
        db.DirectoryImports.Where(i => i.Id == id && i.TerritoryId == territoryId).Select(ToView).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Reads the file (10 MB at most): GeoJSON when it starts with "{" or "[", CSV otherwise; checks its form and stores it
    /// with a guessed mapping. Errors are on "file" or "source"; nothing is stored when there is one.
    /// </summary>
    public async Task<(DirectoryImport? Import, FieldErrors Errors)> UploadAsync(Stream file, long length, string? fileName, string? source,
        int? territoryId, string? userId, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        source = string.IsNullOrWhiteSpace(source) ? SourceFrom(fileName) : source.Trim();
        if (!SourcePattern().IsMatch(source))
            errors.Add("source", l["Nom de la source : lettres minuscules sans accent, chiffres et tirets, 50 caractères au plus (par exemple tiers-lieux-2019)."]);
        if (length > DirectoryImport.MaxBytes)
        {
            errors.Add("file", l["Le fichier dépasse 10 Mo ({0} Mo) : découpez-le en plusieurs fichiers.", Math.Round(length / 1048576.0, 1)]);
            return (null, errors);
        }
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        if (buffer.Length > DirectoryImport.MaxBytes)
        {
            errors.Add("file", l["Le fichier dépasse 10 Mo ({0} Mo) : découpez-le en plusieurs fichiers.", Math.Round(buffer.Length / 1048576.0, 1)]);
            return (null, errors);
        }
        if (buffer.Length == 0) { errors.Add("file", l["Le fichier est vide."]); return (null, errors); }
        var text = CsvFile.Decode(buffer.ToArray(), out var fallback);
        var format = GeoJsonFile.LooksLikeJson(text) ? ImportFormats.GeoJson : ImportFormats.Csv;
        var delimiter = format == ImportFormats.Csv ? CsvFile.DetectDelimiter(text) : ',';
        List<string> header = [];
        var preview = new List<string[]>();
        var rows = 0;
        if (format == ImportFormats.GeoJson)
        {
            try { (header, rows, preview) = GeoJsonFile.Read(text); }
            catch (CsvFormatException e) { errors.Add("file", l[e.MessageKey, e.Args]); }
        }
        else
        {
            try
            {
                foreach (var (line, fields) in CsvFile.Records(text, delimiter))
                {
                    if (line == 1 || header.Count == 0) { header = fields.Select(f => f.Trim()).ToList(); continue; }
                    rows++;
                    if (preview.Count < 5) preview.Add(fields);
                }
            }
            catch (CsvFormatException e) { errors.Add("file", l[e.MessageKey, e.Args]); }
            if (!errors.ContainsKey("file"))
            {
                if (header.Count == 0 || header.All(h => h.Length == 0)) errors.Add("file", l["Le fichier est vide."]);
                else if (header.Any(h => h.Length == 0 || h.Length > 100)) errors.Add("file", l["L'en-tête (ligne 1) doit nommer chaque colonne."]);
                else if (header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { } dup) errors.Add("file", l["Colonne en double dans l'en-tête : {0}", dup.Key]);
                else if (rows == 0) errors.Add("file", l["Le fichier n'a aucune ligne après l'en-tête."]);
            }
        }
        if (errors.Count > 0) return (null, errors);

        var now = clock.GetUtcNow();
        var import = new DirectoryImport
        {
            TerritoryId = territoryId, Status = ImportStatus.Uploaded, SourceName = source, FileName = fileName is { Length: > 200 } ? fileName[..200] : fileName,
            Content = text, Format = format, EncodingUsed = fallback, Delimiter = delimiter.ToString(), Header = header,
            PreviewJson = JsonSerializer.Serialize(preview), MappingJson = ImportMapping.Guess(header, format).ToJson(), RowCount = rows,
            CreatedById = userId, CreatedAt = now, UpdatedAt = now,
        };
        db.DirectoryImports.Add(import);
        await db.SaveChangesAsync(ct);
        return (import, errors);
    }

    /// <summary>Checks that the mapping names columns of the header; errors by field.</summary>
    public FieldErrors CheckMapping(ImportMapping mapping, IReadOnlyList<string> header)
    {
        var errors = new FieldErrors();
        if (!Enum.IsDefined(mapping.Kind)) errors.Add("kind", l["Choisissez le type de fiche."]);
        foreach (var (field, column) in mapping.Columns)
            if (!ImportMapping.Fields.Contains(field) || (!string.IsNullOrEmpty(column) && !header.Contains(column)))
                errors.Add(field, l["Colonne inconnue : {0}", column.Length > 40 ? column[..40] : column]);
        if (mapping.KindColumn is { Length: > 0 } kc && !header.Contains(kc)) errors.Add("kindColumn", l["Colonne inconnue : {0}", kc.Length > 40 ? kc[..40] : kc]);
        if (mapping.Column("name") is null) errors.Add("name", l["Choisissez la colonne du nom."]);
        if (mapping.Column("communeCode") is null) errors.Add("communeCode", l["Choisissez la colonne de la commune (code INSEE)."]);
        return errors;
    }

    /// <summary>One row checked by the directory's rules: the entry to write (with its source key) or its errors; warnings for fields left out.</summary>
    private sealed record CheckedRow(int Line, Entry? Entry, List<ImportRowError> Errors, List<ImportRowError> Warnings);

    /// <summary>The rows of the stored file, whatever its format: line (feature number for GeoJSON), values by column, a problem of the row's form.</summary>
    private static IEnumerable<(int Line, string[] Fields, string? Problem)> RowsOf(DirectoryImport import) =>
        import.Format == ImportFormats.GeoJson
            ? GeoJsonFile.Records(import.Content, import.Header)
            : CsvFile.Records(import.Content, import.Delimiter[0]).Where(r => r.Line != 1).Select(r => (r.Line, r.Fields, (string?)null));

    /// <summary>Optional fields: an invalid value leaves the field out of the entry (a warning), instead of refusing the row.</summary>
    private static readonly Dictionary<string, Func<EntryInput, EntryInput>> Optional = new()
    {
        ["category"] = i => i with { Category = null },
        ["description"] = i => i with { Description = null },
        ["themes"] = i => i with { Themes = null },
        ["sdgs"] = i => i with { Sdgs = null },
        ["website"] = i => i with { Website = null },
        ["contactEmail"] = i => i with { ContactEmail = null },
        ["phone"] = i => i with { Phone = null },
        ["address"] = i => i with { Address = null },
        ["latitude"] = i => i with { Latitude = null, Longitude = null },
        ["longitude"] = i => i with { Latitude = null, Longitude = null },
        ["siret"] = i => i with { Siret = null, Siren = null },
        ["siren"] = i => i with { Siret = null, Siren = null },
        ["rna"] = i => i with { Rna = null },
        ["offers"] = i => i with { Offers = null },
    };

    private static string FieldOf(string key) => key.Split('[')[0];

    /// <summary>
    /// Every row through <see cref="DirectoryService.Validate"/>, with communes looked up in one preloaded table. Required
    /// fields (name, commune, kind, key) refuse the row; an invalid optional field is left out with a warning ("champ
    /// ignoré"); an unknown commune code is moved to the current commune designated by the row's postal code and
    /// coordinates (<see cref="Communes.Relocate"/>), with a warning.
    /// </summary>
    private async Task<List<CheckedRow>> CheckRowsAsync(DirectoryImport import, ImportMapping mapping, CancellationToken ct)
    {
        var communes = await communeTable.GetAsync(db, ct);
        var index = import.Header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        var result = new List<CheckedRow>(import.RowCount);
        var keys = new Dictionary<string, int>();
        var attribution = Attribution(import.SourceName);
        foreach (var (line, fields, problem) in RowsOf(import))
        {
            var rowErrors = new List<ImportRowError>();
            var warnings = new List<ImportRowError>();
            string? Get(string field) => mapping.Column(field) is { } c && index[c] < fields.Length ? NullIfEmpty(fields[index[c]]) : null;
            if (problem == GeoJsonFile.NotAFeature)
            {
                rowErrors.Add(new(line, "", l[problem]));
                result.Add(new(line, null, rowErrors, warnings));
                continue;
            }
            if (problem is not null) warnings.Add(new(line, "latitude", l[problem]));
            if (fields.Length != import.Header.Count)
            {
                rowErrors.Add(new(line, "", l["{0} colonnes au lieu de {1}.", fields.Length, import.Header.Count]));
                result.Add(new(line, null, rowErrors, warnings));
                continue;
            }
            var kind = mapping.KindColumn is { Length: > 0 } kc ? ImportMapping.ParseKind(fields[index[kc]]) : mapping.Kind;
            if (!ImportMapping.TryNumber(Get("latitude"), out var lat) || !ImportMapping.TryNumber(Get("longitude"), out var lon))
            {
                warnings.Add(new(line, "latitude", l["Champ ignoré : {0}", l["Coordonnées invalides : la fiche est placée au centre de sa commune."]]));
                (lat, lon) = (null, null);
            }
            var communeCode = Get("communeCode");
            if (communeCode is null or "0") communeCode = Get("communeCodeFallback") ?? communeCode;
            var normalized = DirectoryService.NormalizeCommuneCode(communeCode);
            var commune = normalized is null ? null : communes.Find(normalized);
            if (normalized is not null && commune is null && communes.Relocate(normalized, Get("postalCode"), lat, lon) is { } current)
            {
                commune = communes.Find(current)!;
                warnings.Add(new(line, "communeCode", l["Commune {0} inconnue (fusionnée depuis ?) : fiche rattachée à {1} ({2}), désignée par le code postal {3} et les coordonnées.",
                    normalized, commune.Name, current, Get("postalCode")!.Trim()]));
                communeCode = normalized = current;
            }
            var themes = Get("themes")?.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var input = new EntryInput(kind, kind is { } k ? ImportMapping.Category(Get("category"), k) : null, Get("name"), Get("description"),
                themes, null, ImportMapping.Website(Get("website")), Get("contactEmail"), Get("phone"), Get("address"), communeCode, lat, lon,
                Get("siret"), null, Get("rna"), null, null, null, null, null, null, null, null, null);
            var (entry, errors) = directory.Validate(input, commune, inPerimeter: null);
            if (entry is null && errors.Keys.All(f => Optional.ContainsKey(FieldOf(f))))
            {
                foreach (var f in errors.Keys.Select(FieldOf).Distinct()) input = Optional[f](input);
                foreach (var (field, messages) in errors)
                    foreach (var m in messages) warnings.Add(new(line, field, l["Champ ignoré : {0}", m]));
                (entry, errors) = directory.Validate(input, commune, inPerimeter: null);
            }
            foreach (var (field, messages) in errors)
                foreach (var m in messages) rowErrors.Add(new(line, field, m));
            var key = Get("sourceKey")?.Trim() ?? (import.Format == ImportFormats.GeoJson ? line : line - 1).ToString();
            var sourceKey = $"{import.SourceName}:{key}";
            if (sourceKey.Length > 100) rowErrors.Add(new(line, "sourceKey", l["Clé trop longue (100 caractères au plus avec le nom de la source)."]));
            else if (keys.TryGetValue(sourceKey, out var first)) rowErrors.Add(new(line, "sourceKey", l["Clé {0} déjà vue à la ligne {1}.", key, first]));
            else keys[sourceKey] = line;
            if (rowErrors.Count > 0 || entry is null) { result.Add(new(line, null, rowErrors, warnings)); continue; }
            entry.SourceKey = sourceKey;
            entry.Source = attribution;
            entry.Status = EntryStatus.Published;
            entry.OriginTerritoryId = import.TerritoryId;
            entry.CreatedById = import.CreatedById;
            result.Add(new(line, entry, rowErrors, warnings));
        }
        return result;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string ErrorsJsonOf(IEnumerable<CheckedRow> rows) =>
        JsonSerializer.Serialize(rows.SelectMany(r => r.Errors).Take(DirectoryImport.MaxErrors).ToList(), Json);

    /// <summary>Warnings of the rows that are imported (a refused row's warnings would only add noise to its errors).</summary>
    private static List<ImportRowError> WarningsOf(IEnumerable<CheckedRow> rows) => rows.Where(r => r.Entry is not null).SelectMany(r => r.Warnings).ToList();

    /// <summary>"Vérifier": saves the mapping, validates every row and stores the counts and the first errors. Writes no entry.</summary>
    public async Task<FieldErrors> VerifyAsync(int? territoryId, int id, ImportMapping mapping, CancellationToken ct = default)
    {
        var import = await db.DirectoryImports.FirstOrDefaultAsync(i => i.Id == id && i.TerritoryId == territoryId, ct)
            ?? throw new KeyNotFoundException();
        if (import.Status is not (ImportStatus.Uploaded or ImportStatus.Validated))
            return new FieldErrors { ["status"] = [l["Cet import est déjà lancé."]] };
        var errors = CheckMapping(mapping, import.Header);
        if (errors.Count > 0) return errors;
        var rows = await CheckRowsAsync(import, mapping, ct);
        import.MappingJson = mapping.ToJson();
        import.ValidCount = rows.Count(r => r.Entry is not null);
        import.InvalidCount = rows.Count - import.ValidCount;
        import.RowCount = rows.Count;
        import.ErrorsJson = ErrorsJsonOf(rows);
        var warnings = WarningsOf(rows);
        import.WarningCount = warnings.Count;
        import.WarningsJson = JsonSerializer.Serialize(warnings.Take(DirectoryImport.MaxErrors).ToList(), Json);
        import.Status = ImportStatus.Validated;
        import.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>The catalyst confirms a verified import: it becomes Running and the worker picks it up. False if it was not verified.</summary>
    public async Task<bool> ConfirmAsync(int? territoryId, int id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var updated = await db.DirectoryImports.Where(i => i.Id == id && i.TerritoryId == territoryId && i.Status == ImportStatus.Validated)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Running).SetProperty(i => i.UpdatedAt, now), ct);
        if (updated == 1) signal.Notify();
        return updated == 1;
    }

    /// <summary>The fields of an entry that an import writes (<see cref="EntryBulkWriter.UpdatedProperties"/>), as the history names them.</summary>
    private static readonly string[] ImportedFields =
        ["kind", "category", "name", "description", "themes", "website", "contactEmail", "address", "communeCode", "coordinates", "siret", "siren", "rna"];

    /// <summary>A claim older than this is from a stopped instance: another may take the import over (batches already written are upserts).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>Claims a running import for one worker instance with a conditional UPDATE: of concurrent claims, exactly one wins.</summary>
    public async Task<bool> TryClaimAsync(int id, string instance, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var stale = now - ClaimLease;
        return await db.DirectoryImports
            .Where(i => i.Id == id && i.Status == ImportStatus.Running && (i.ClaimedBy == null || i.ClaimedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimedBy, instance).SetProperty(i => i.ClaimedAt, now).SetProperty(i => i.StartedAt, now), ct) == 1;
    }

    public Task<List<int>> ClaimableAsync(CancellationToken ct = default)
    {
        var stale = clock.GetUtcNow() - ClaimLease;
        return db.DirectoryImports.Where(i => i.Status == ImportStatus.Running && (i.ClaimedBy == null || i.ClaimedAt < stale))
            .OrderBy(i => i.Id).Select(i => i.Id).Take(10).ToListAsync(ct);
    }

    /// <summary>
    /// Runs a claimed import: every row is checked again; the file is written in batches of <see cref="BatchSize"/> rows, each in
    /// one transaction with the progress counts and the claim's heartbeat; entries are upserted by source key without change
    /// tracking (<see cref="EntryBulkWriter"/>). A failing batch marks the import Failed (earlier batches stay written; running
    /// the same file again updates them without duplicates). Once done, the file's text is dropped; the report stays.
    /// </summary>
    public async Task RunAsync(int id, string instance, CancellationToken ct = default)
    {
        var clockStart = Stopwatch.StartNew();
        var import = await db.DirectoryImports.AsNoTracking().FirstAsync(i => i.Id == id && i.ClaimedBy == instance, ct);
        await db.Database.OpenConnectionAsync(ct);
        // SQLite: a larger page cache for this connection (the entries' indexes are written all over), and no sync of the
        // write-ahead log at each batch's commit (a power cut may lose the last batches; running the file again restores them).
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536; PRAGMA synchronous = NORMAL;", ct);
        try
        {
            var rows = await CheckRowsAsync(import, ImportMapping.FromJson(import.MappingJson), ct);
            var checkedIn = clockStart.ElapsedMilliseconds;
            var valid = rows.Count(r => r.Entry is not null);
            var warnings = WarningsOf(rows);
            var warningsJson = JsonSerializer.Serialize(warnings.Take(DirectoryImport.MaxErrors).ToList(), Json);
            await db.DirectoryImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.RowCount, rows.Count).SetProperty(i => i.ValidCount, valid).SetProperty(i => i.InvalidCount, rows.Count - valid)
                .SetProperty(i => i.ErrorsJson, ErrorsJsonOf(rows)).SetProperty(i => i.WarningsJson, warningsJson).SetProperty(i => i.WarningCount, warnings.Count)
                .SetProperty(i => i.ProcessedCount, 0).SetProperty(i => i.CreatedCount, 0).SetProperty(i => i.UpdatedCount, 0), ct);
            var writer = new EntryBulkWriter(db);
            int created = 0, updated = 0, processed = 0;
            foreach (var batch in rows.Chunk(BatchSize))
            {
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    var entries = batch.Where(r => r.Entry is not null).Select(r => r.Entry!).ToList();
                    var keys = entries.Select(e => e.SourceKey!).ToList();
                    var existing = await db.Entries.AsNoTracking().Where(e => e.SourceKey != null && keys.Contains(e.SourceKey))
                        .ToDictionaryAsync(e => e.SourceKey!, ct);
                    var inserts = entries.Where(e => !existing.ContainsKey(e.SourceKey!)).ToList();
                    // A row that changes nothing is not written; a changed one gets a line in its entry's history.
                    var updates = new List<(int, Entry)>();
                    foreach (var e in entries.Where(e => existing.ContainsKey(e.SourceKey!)))
                    {
                        var before = existing[e.SourceKey!];
                        var fields = Contribution.EntryFields.Changed(before, e).Intersect(ImportedFields).ToList();
                        if (fields.Count == 0 && before.Source == e.Source) continue;
                        updates.Add((before.Id, e));
                        db.EntryChanges.Add(new Contribution.EntryChange { EntryId = before.Id, At = e.UpdatedAt, AuthorId = import.CreatedById,
                            Action = Contribution.ChangeAction.Imported, Fields = fields, Note = $"{import.SourceName} (import {import.Id})" });
                    }
                    await writer.InsertAsync(inserts, ct);
                    await writer.UpdateAsync(updates, ct);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    created += inserts.Count;
                    updated += updates.Count;
                    processed += batch.Length;
                    var now = clock.GetUtcNow();
                    int p = processed, c = created, u = updated;
                    await db.DirectoryImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ProcessedCount, p)
                        .SetProperty(i => i.CreatedCount, c).SetProperty(i => i.UpdatedCount, u).SetProperty(i => i.ClaimedAt, now).SetProperty(i => i.UpdatedAt, now), ct);
                    await tx.CommitAsync(ct);
                }
            }
            var end = clock.GetUtcNow();
            await db.DirectoryImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Done)
                .SetProperty(i => i.FinishedAt, end).SetProperty(i => i.UpdatedAt, end), ct);
            // PostgreSQL: fresh statistics for the planner's search estimates after a large import (autovacuum would come later).
            if (db.Database.IsNpgsql() && created + updated >= AnalyzeAfter) await db.Database.ExecuteSqlRawAsync("ANALYZE entries; ANALYZE entry_search", ct);
            // The file's text is no longer needed (the report stays). EF's ExecuteUpdate does not reach a split-off table.
            await db.Database.ExecuteSqlAsync($"UPDATE directory_import_files SET \"Content\" = '' WHERE \"Id\" = {id}", ct);
            var seconds = clockStart.Elapsed.TotalSeconds;
            log.LogInformation("Import {Id} ({Source}) done on {Provider}: {Rows} rows ({Valid} valid, {Created} created, {Updated} updated) in {Ms} ms (checks {CheckMs} ms), {Rate} rows/s",
                id, import.SourceName, db.Database.ProviderName, rows.Count, valid, created, updated, (int)(seconds * 1000), checkedIn, (int)(rows.Count / Math.Max(seconds, 0.001)));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            log.LogError(e, "Import {Id} failed", id);
            var message = e.GetBaseException().Message;
            var end = clock.GetUtcNow();
            await db.DirectoryImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed)
                .SetProperty(i => i.FailureMessage, message.Length > 2000 ? message[..2000] : message)
                .SetProperty(i => i.FinishedAt, end).SetProperty(i => i.UpdatedAt, end), CancellationToken.None);
        }
        finally
        {
            // The connection goes back to the pool: with the defaults.
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000; PRAGMA synchronous = FULL;", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }
}
