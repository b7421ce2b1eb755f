using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Directory.Import;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// The directory at national scale: a deterministic dataset of N entries (200,000 by default) spread over the real
/// communes of the loaded geography (weighted by population), imported through the real pipeline (upload, verify,
/// confirm, background run) in files under the 10 MB limit; then search, map viewports and exports are measured
/// over it, and the raw insert rate of the same database gives the ratio for the import.
/// </summary>
public static class DirectoryBench
{
    private sealed record CommuneRow(string Code, string Name, int Population, double Lat, double Lon);

    private static readonly List<(string Name, string Value)> Results = [];
    private static void Report(string name, string value)
    {
        Results.Add((name, value));
        Console.WriteLine($"  {name,-46} {value}");
    }

    public static async Task RunAsync(Db db, int count)
    {
        Results.Clear();
        Console.WriteLine($"directory {db}: {count:N0} entries");
        await using var factory = db == Db.Postgres ? new PostgresFactory() : new CatalyseFactory();
        await factory.InitializeAsync();
        var communes = await factory.WithDbAsync(ctx => ctx.Communes.AsNoTracking()
            .Where(c => c.Latitude != null && c.Longitude != null)
            .OrderBy(c => c.Code)
            .Select(c => new CommuneRow(c.Code, c.Name, c.Population, c.Latitude!.Value, c.Longitude!.Value)).ToListAsync());

        var files = Generate(communes, count);
        Report("dataset", $"{count:N0} rows in {files.Count} files ({files.Sum(f => f.Length) / 1048576.0:F1} MB)");
        await ImportAsync(factory, files, count);
        if (db == Db.Postgres)
            // What autovacuum does soon after a bulk load (visibility map for index-only scans, statistics), done now.
            await factory.WithDbAsync(async ctx =>
            {
                await ctx.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) entries");
                await ctx.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) entry_search");
            });
        if (db == Db.Sqlite && Environment.GetEnvironmentVariable("CATALYSE_BENCH_KEEP") is { Length: > 0 } keep)
            await factory.WithDbAsync(ctx => ctx.Database.ExecuteSqlRawAsync($"VACUUM INTO '{Path.Combine(keep, "directory-bench.db")}'"));
        using (var scope = factory.Services.CreateScope())
        {
            // The SQL of a search, to check at a glance that it goes through the full-text index.
            var sql = scope.ServiceProvider.GetRequiredService<DirectoryQueries>().Filtered(null, new EntryFilter("creche")).Select(e => e.Id).ToQueryString();
            Console.WriteLine("  search SQL: " + sql.ReplaceLineEndings(" "));
        }
        using var client = factory.Client();
        await SearchAsync(client.Http);
        await MapAsync(client.Http);
        await ExportAsync(client.Http, "export.csv", count);
        await ExportAsync(client.Http, "export.geojson", count);
        await RawInsertAsync(factory, communes);

        Console.WriteLine($"directory {db} — summary");
        foreach (var (name, value) in Results) Console.WriteLine($"| {name} | {value} |");
    }

    // ---- dataset -------------------------------------------------------------------------------------------------

    private static readonly string[] Themes =
        ["alimentation", "mobilité", "petite enfance", "économie circulaire", "culture", "numérique", "santé", "insertion",
         "énergie", "agriculture", "éducation", "sport", "habitat", "tourisme", "biodiversité", "emploi", "solidarité"];

    /// <summary>(kind, category, name patterns, theme) — names as French structures are really called.</summary>
    private static readonly (string Kind, string Category, string[] Names, string Theme)[] Templates =
    [
        ("acteur", "association", ["Association {0}", "Les Amis de {1}", "Comité des fêtes de {1}"], "culture"),
        ("acteur", "association", ["Crèche parentale {0}", "Micro-crèche {0}", "Relais petite enfance de {1}"], "petite enfance"),
        ("acteur", "association", ["Jardins partagés de {1}", "AMAP {0}", "Jardin d'insertion {0}"], "alimentation"),
        ("acteur", "ess", ["Épicerie solidaire {0}", "Épicerie sociale de {1}", "Banque alimentaire de {1}"], "solidarité"),
        ("acteur", "association", ["Ressourcerie {0}", "Recyclerie de {1}", "Repair café de {1}"], "économie circulaire"),
        ("acteur", "association", ["Atelier vélo {0}", "Vélo-école de {1}", "Covoiturage {0}"], "mobilité"),
        ("acteur", "scic", ["Énergies citoyennes de {1}", "Centrale villageoise {0}", "SCIC {0} Énergie"], "énergie"),
        ("acteur", "scop", ["Coopérative {0}", "SCOP {0}", "Boulangerie coopérative de {1}"], "emploi"),
        ("acteur", "entreprise", ["{0} Numérique", "Agence {0}", "Studio {0}"], "numérique"),
        ("acteur", "collectivite", ["Mairie de {1}", "Communauté de communes {0}", "CCAS de {1}"], "solidarité"),
        ("acteur", "association", ["Maison de santé de {1}", "Centre de santé {0}", "Association des aidants de {1}"], "santé"),
        ("acteur", "association", ["Club sportif de {1}", "Union sportive {0}", "Randonneurs de {1}"], "sport"),
        ("lieu", "tiers-lieu", ["Tiers-lieu {0}", "La Fabrique de {1}", "Café associatif {0}"], "culture"),
        ("lieu", "fablab", ["FabLab {0}", "Atelier partagé de {1}", "Makerspace {0}"], "numérique"),
        ("lieu", "coworking", ["Coworking {0}", "Espace de travail partagé de {1}"], "emploi"),
        ("lieu", "centre-social", ["Centre social {0}", "Maison des habitants de {1}"], "solidarité"),
        ("initiative", "realisee", ["Cantine bio de {1}", "Habitat participatif {0}", "Marché de producteurs de {1}"], "agriculture"),
        ("initiative", "emergente", ["Projet de tiers-lieu à {1}", "Collectif zéro déchet {0}", "Épicerie itinérante {0}"], "économie circulaire"),
        ("politique", "dispositif", ["Aide à la rénovation de {1}", "Chèque mobilité {0}", "Fonds d'initiatives locales de {1}"], "habitat"),
    ];

    private static readonly string[] Words =
        ["Les Colibris", "La Source", "Le Lien", "L'Étincelle", "Les Pousses", "La Ruche", "Le Fil", "Les Bruyères", "La Passerelle",
         "Horizon", "Escale", "Les Tilleuls", "Les Châtaigniers", "La Clé des champs", "L'Atelier", "Le Moulin", "Les Petits Pas", "La Boussole"];

    private static readonly string[] Sentences =
        ["Accueil des familles et des tout-petits, ateliers parents-enfants.", "Collecte, réparation et revente d'objets du quotidien.",
         "Circuits courts, paniers de légumes bio et produits locaux.", "Formations au numérique, accompagnement aux démarches en ligne.",
         "Location de vélos, ateliers d'autoréparation et balades.", "Production d'énergie renouvelable par et pour les habitants.",
         "Espace de travail partagé, bureaux et salles de réunion.", "Insertion professionnelle par l'activité économique.",
         "Concerts, expositions et résidences d'artistes.", "Prévention santé, permanences et accompagnement des aidants.",
         "Jardins partagés, compost collectif et sensibilisation à la biodiversité.", "Aide alimentaire, épicerie à petits prix et cuisine partagée.",
         "Soutien aux associations locales et aux porteurs de projets.", "Découverte du patrimoine, randonnées et tourisme durable."];

    /// <summary>CSV files of at most ~9 MB each (the import takes 10 MB), deterministic for a given geography and count.</summary>
    private static List<byte[]> Generate(List<CommuneRow> communes, int count)
    {
        var random = new Random(20261124);
        var cumulative = new double[communes.Count];
        double total = 0;
        for (var i = 0; i < communes.Count; i++) cumulative[i] = total += Math.Sqrt(communes[i].Population + 1) * communes[i].Population / 100.0 + 1;
        var files = new List<byte[]>();
        var buffer = new MemoryStream();
        StreamWriter? text = null;
        CsvWriter? csv = null;
        void Close()
        {
            if (csv is null) return;
            csv.Flush(); text!.Flush();
            files.Add(buffer.ToArray());
            csv.Dispose(); text.Dispose();
            csv = null;
        }
        for (var i = 0; i < count; i++)
        {
            if (csv is null || buffer.Length > 9_000_000)
            {
                Close();
                buffer = new MemoryStream();
                text = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true);
                csv = new CsvWriter(text, CultureInfo.InvariantCulture);
                foreach (var h in new[] { "id", "type_de_fiche", "categorie", "nom", "description", "themes", "adresse", "code_insee", "latitude", "longitude", "site_web", "courriel" })
                    csv.WriteField(h);
                csv.NextRecord();
            }
            var at = Array.BinarySearch(cumulative, random.NextDouble() * total);
            var commune = communes[at < 0 ? ~at : at];
            var (kind, category, names, theme) = Templates[random.Next(Templates.Length)];
            var word = Words[random.Next(Words.Length)];
            var name = string.Format(CultureInfo.InvariantCulture, names[random.Next(names.Length)], word, commune.Name);
            var themes = new[] { theme, Themes[random.Next(Themes.Length)] }.Distinct();
            // Spread around the commune's centroid (a few km), as real addresses are.
            var lat = commune.Lat + (random.NextDouble() - 0.5) * 0.04;
            var lon = commune.Lon + (random.NextDouble() - 0.5) * 0.06;
            csv.WriteField(i.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(kind);
            csv.WriteField(category);
            csv.WriteField(name.Length > 200 ? name[..200] : name);
            csv.WriteField($"{Sentences[random.Next(Sentences.Length)]} {Sentences[random.Next(Sentences.Length)]} À {commune.Name} et alentours.");
            csv.WriteField(string.Join(';', themes));
            csv.WriteField($"{1 + random.Next(120)} rue {Words[random.Next(Words.Length)]}");
            csv.WriteField(commune.Code);
            csv.WriteField(lat.ToString("F5", CultureInfo.InvariantCulture));
            csv.WriteField(lon.ToString("F5", CultureInfo.InvariantCulture));
            csv.WriteField($"https://structure-{i}.example.org");
            csv.WriteField($"contact{i}@example.org");
            csv.NextRecord();
        }
        Close();
        return files;
    }

    // ---- import --------------------------------------------------------------------------------------------------

    private static async Task ImportAsync(CatalyseFactory factory, List<byte[]> files, int count)
    {
        var wall = Stopwatch.StartNew();
        double runSeconds = 0;
        var created = 0;
        for (var f = 0; f < files.Count; f++)
        {
            int id;
            using (var scope = factory.Services.CreateScope())
            {
                var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
                var (import, errors) = await imports.UploadAsync(new MemoryStream(files[f]), files[f].Length, $"bench-national-{f + 1}.csv", "bench-national", null, null);
                if (import is null) throw new InvalidOperationException("upload: " + string.Join("; ", errors.SelectMany(e => e.Value)));
                id = import.Id;
                var mapping = ImportMapping.FromJson(import.MappingJson);
                var verify = await imports.VerifyAsync(null, id, mapping);
                if (verify.Count > 0) throw new InvalidOperationException("verify: " + string.Join("; ", verify.SelectMany(e => e.Value)));
                if (!await imports.ConfirmAsync(null, id)) throw new InvalidOperationException("confirm failed");
            }
            // The app's background worker claims and runs it (as in production).
            while (true)
            {
                var view = await factory.WithDbAsync(ctx => ctx.DirectoryImports.AsNoTracking().Where(i => i.Id == id)
                    .Select(i => new { i.Status, i.StartedAt, i.FinishedAt, i.CreatedCount, i.InvalidCount, i.FailureMessage }).SingleAsync());
                if (view.Status == ImportStatus.Failed) throw new InvalidOperationException("import failed: " + view.FailureMessage);
                if (view.Status == ImportStatus.Done)
                {
                    runSeconds += (view.FinishedAt!.Value - view.StartedAt!.Value).TotalSeconds;
                    created += view.CreatedCount;
                    if (view.InvalidCount > 0) Console.WriteLine($"  file {f + 1}: {view.InvalidCount} invalid rows");
                    break;
                }
                await Task.Delay(50);
            }
            Console.WriteLine($"  file {f + 1}/{files.Count} imported ({wall.Elapsed.TotalSeconds:F1} s)");
        }
        wall.Stop();
        Report("import, end to end (upload+verify+run)", $"{created / wall.Elapsed.TotalSeconds:N0} rows/s ({created:N0} rows in {wall.Elapsed.TotalSeconds:F1} s)");
        Report("import, background run only", $"{created / runSeconds:N0} rows/s ({runSeconds:F1} s)");
        _importRate = created / wall.Elapsed.TotalSeconds;
        if (created != count) throw new InvalidOperationException($"{created} entries created, {count} expected");
    }

    private static double _importRate;

    // ---- latency -------------------------------------------------------------------------------------------------

    /// <summary>CPU time of this process per request of the last <see cref="TimeAsync"/> (all of it with SQLite, in process; without the server's with PostgreSQL).</summary>
    private static double _cpuPerRequest;

    private static async Task<List<double>> TimeAsync(HttpClient http, IEnumerable<string> urls, int rounds)
    {
        var list = urls.ToList();
        foreach (var url in list) await GetAsync(http, url); // warm-up (plans, caches)
        var samples = new List<double>();
        var perUrl = list.ToDictionary(u => u, _ => new List<double>());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var r = 0; r < rounds; r++)
            foreach (var url in list)
            {
                var watch = Stopwatch.StartNew();
                await GetAsync(http, url);
                samples.Add(watch.Elapsed.TotalMilliseconds);
                perUrl[url].Add(watch.Elapsed.TotalMilliseconds);
            }
        _cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / samples.Count;
        // The slowest URLs by median, to see where a p95 comes from (console only).
        foreach (var (url, times) in perUrl.OrderByDescending(p => p.Value.Order().ElementAt(p.Value.Count / 2)).Take(3))
            Console.WriteLine($"      median {times.Order().ElementAt(times.Count / 2),6:F1} ms  {url}");
        samples.Sort();
        return samples;
    }

    private static async Task GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
    }

    private static string P(List<double> sorted, double q) => $"{sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))],6:F1}";

    private static string Stats(List<double> sorted) =>
        $"p50 {P(sorted, 0.5)} ms, p95 {P(sorted, 0.95)} ms, min {sorted[0]:F1} ms, max {sorted[^1]:F1} ms, app CPU {_cpuPerRequest:F1} ms/req (n={sorted.Count})";

    private static readonly string[] Queries =
        ["creche", "crèches parentales", "tiers lieux", "fablab", "association", "jardins partagés", "épicerie solidaire", "recyclerie",
         "repair café", "atelier velo", "energie citoyenne", "coworking", "maison de santé", "insertion", "petite enfance", "amap",
         "numérique", "cooperative boulangerie", "lyon", "centre social grenoble"];

    private static async Task SearchAsync(HttpClient http)
    {
        var network = Queries.Select(q => $"/api/v1/directory?q={Uri.EscapeDataString(q)}").ToList();
        var networkKind = Queries.Take(10).Select(q => $"/api/v1/directory?q={Uri.EscapeDataString(q)}&kind=place").ToList();
        var territory = Queries.SelectMany(q => new[] { "grenoble-alpes", "grand-gueret" }
            .Select(t => $"/api/v1/territories/{t}/actors?q={Uri.EscapeDataString(q)}")).ToList();
        var territoryKind = Queries.Take(10).Select(q => $"/api/v1/territories/grenoble-alpes/actors?q={Uri.EscapeDataString(q)}&kind=actor").ToList();
        var pages = new[] { "/directory?q=creche", "/directory?q=tiers+lieux&kind=Place", "/t/grenoble-alpes/directory?q=association", "/directory", "/t/grenoble-alpes/directory" };
        Report("search, network (20 queries)", Stats(await TimeAsync(http, network, 10)));
        Report("search, network + kind", Stats(await TimeAsync(http, networkKind, 10)));
        Report("search, territory (20 queries × 2)", Stats(await TimeAsync(http, territory, 5)));
        Report("search, territory + kind", Stats(await TimeAsync(http, territoryKind, 10)));
        Report("directory pages (HTML, with facets)", Stats(await TimeAsync(http, pages, 10)));
        var all = await TimeAsync(http, network.Concat(networkKind).Concat(territory).Concat(territoryKind), 3);
        Report("search, all API queries", Stats(all));
    }

    private static async Task MapAsync(HttpClient http)
    {
        string Box(double w, double s, double e, double n) =>
            string.Create(CultureInfo.InvariantCulture, $"{w:F3},{s:F3},{e:F3},{n:F3}");
        var views = new (string Label, int Zoom, string[] Boxes)[]
        {
            ("map z5, France", 5, [Box(-5.5, 41.0, 10.0, 51.5)]),
            ("map z8, a région", 8, [Box(2.5, 44.0, 8.0, 47.0), Box(-5.2, 46.8, 0.3, 49.2), Box(0.0, 47.6, 5.4, 50.0)]),
            ("map z12, a city", 12, [Box(4.62, 45.66, 5.06, 45.86), Box(2.13, 48.76, 2.57, 48.96), Box(5.5, 45.1, 5.94, 45.3), Box(1.65, 46.07, 2.09, 46.27)]),
        };
        foreach (var (label, zoom, boxes) in views)
        {
            var urls = boxes.Select(b => $"/api/v1/directory/map?zoom={zoom}&bbox={b}").ToList();
            Report(label, Stats(await TimeAsync(http, urls, 40 / boxes.Length)));
        }
        var filtered = new[] { $"/api/v1/directory/map?zoom=5&bbox={Box(-5.5, 41.0, 10.0, 51.5)}&q=creche", "/api/v1/territories/grenoble-alpes/map?zoom=11",
            $"/api/v1/directory/map?zoom=8&bbox={Box(2.5, 44.0, 8.0, 47.0)}&kind=place" };
        Report("map, filtered (q, territory, kind)", Stats(await TimeAsync(http, filtered, 10)));
    }

    // ---- exports -------------------------------------------------------------------------------------------------

    private static async Task ExportAsync(HttpClient http, string file, int count)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var (heap0, ws0) = (GC.GetTotalMemory(false), process.WorkingSet64);
        long peakHeap = heap0, peakWs = ws0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                peakWs = Math.Max(peakWs, process.WorkingSet64);
                try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync($"/api/v1/directory/{file}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            for (var i = 0; i < read; i++) if (buffer[i] == (byte)'\n') lines++;
        }
        watch.Stop();
        stop.Cancel();
        await sampler;
        Report($"export {file} ({count:N0} rows)", $"{watch.Elapsed.TotalSeconds:F1} s, {bytes / 1048576.0:F0} MB, peak managed heap +{(peakHeap - heap0) / 1048576.0:F0} MB, working set +{(peakWs - ws0) / 1048576.0:F0} MB");
    }

    // ---- raw insert ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Plain parameterised INSERTs of comparable rows into the same table (with its indexes and full-text index), in
    /// transactions of 500 rows like the import's batches: what the database itself takes, for the import's ratio.
    /// </summary>
    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter Binary = new();

    private static async Task RawInsertAsync(CatalyseFactory factory, List<CommuneRow> communes)
    {
        const int rows = 20_000;
        var random = new Random(7);
        var seconds = await factory.WithDbAsync(async ctx =>
        {
            var connection = ctx.Database.GetDbConnection();
            await connection.OpenAsync();
            var pg = ctx.Database.IsNpgsql();
            var watch = Stopwatch.StartNew();
            DbTransaction? tx = null;
            await using var command = connection.CreateCommand();
            var columns = new[] { "Kind", "Category", "Name", "Description", "Themes", "Sdgs", "Address", "CommuneCode", "Latitude", "Longitude",
                "Website", "ContactEmail", "Offers", "Status", "CreatedAt", "UpdatedAt", "SourceKey", "Source", "SearchText" };
            command.CommandText = $"INSERT INTO entries ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
            var parameters = columns.ToDictionary(c => c, c =>
            {
                var p = command.CreateParameter();
                p.ParameterName = "@" + c;
                command.Parameters.Add(p);
                return p;
            });
            for (var i = 0; i < rows; i++)
            {
                if (i % 500 == 0)
                {
                    if (tx is not null) await tx.CommitAsync();
                    tx = await connection.BeginTransactionAsync();
                    command.Transaction = tx;
                }
                var commune = communes[random.Next(communes.Count)];
                var name = $"Association {Words[random.Next(Words.Length)]} {commune.Name}";
                var description = $"{Sentences[random.Next(Sentences.Length)]} {Sentences[random.Next(Sentences.Length)]}";
                var now = DateTimeOffset.UtcNow;
                parameters["Kind"].Value = (int)EntryKind.Actor;
                parameters["Category"].Value = "association";
                parameters["Name"].Value = name;
                parameters["Description"].Value = description;
                parameters["Themes"].Value = pg ? new[] { "culture" } : "[\"culture\"]";
                parameters["Sdgs"].Value = pg ? Array.Empty<int>() : "[]";
                parameters["Address"].Value = "1 rue de la Paix";
                parameters["CommuneCode"].Value = commune.Code;
                parameters["Latitude"].Value = commune.Lat;
                parameters["Longitude"].Value = commune.Lon;
                parameters["Website"].Value = $"https://raw-{i}.example.org";
                parameters["ContactEmail"].Value = $"raw{i}@example.org";
                parameters["Offers"].Value = "";
                parameters["Status"].Value = (int)EntryStatus.Pending;
                parameters["CreatedAt"].Value = pg ? now : Binary.ConvertToProvider(now);
                parameters["UpdatedAt"].Value = pg ? now : Binary.ConvertToProvider(now);
                parameters["SourceKey"].Value = $"bench-raw:{i}";
                parameters["Source"].Value = "bench-raw";
                parameters["SearchText"].Value = FrenchText.Index(name, description, "culture", "association", commune.Name);
                if (i == 0) await command.PrepareAsync();
                await command.ExecuteNonQueryAsync();
            }
            await tx!.CommitAsync();
            await tx.DisposeAsync();
            var elapsed = watch.Elapsed.TotalSeconds;
            await ctx.Entries.Where(e => e.Source == "bench-raw").ExecuteDeleteAsync();
            return elapsed;
        });
        var rate = rows / seconds;
        Report("raw INSERT rate, same table (20,000 rows)", $"{rate:N0} rows/s");
        Report("import / raw insert ratio", $"{_importRate / rate:P0}");
    }
}
