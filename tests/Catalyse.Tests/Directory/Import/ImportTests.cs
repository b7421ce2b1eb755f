using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Features.Directory.Import;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Catalyse.Tests.Directory.Import;

/// <summary>
/// The catalyst's CSV import into the directory. Expected figures come from the real tiers-lieux file and the
/// reference geography (communes.csv, epci.json), read here independently of the app.
/// </summary>
public abstract class ImportTests(CatalyseFactory factory, ITestOutputHelper output)
{
    private const string Grenoble = "grenoble-alpes";
    private const string GrenobleEpci = "200040715";
    private const string Catalyst = "catalyseur.grenoble@catalyse.demo";

    private static string PlacesFile(CatalyseFactory f) =>
        Path.GetFullPath(Path.Combine(ReferenceFiles.Of(f).Folder, "..", "places", "tiers-lieux-2019.csv"));

    /// <summary>The commune a row of the file stands for: INSEECOM, or INSEEMETRO when INSEECOM is 0; arrondissements of Paris, Lyon, Marseille → their commune.</summary>
    private static string EffectiveCommune(string inseecom, string inseemetro)
    {
        var code = inseecom is "" or "0" ? inseemetro : inseecom;
        if (int.TryParse(code, out var n))
        {
            if (n is >= 75101 and <= 75120) return "75056";
            if (n is >= 69381 and <= 69389) return "69123";
            if (n is >= 13201 and <= 13216) return "13055";
        }
        return code;
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Select(r => ((IDictionary<string, object>)r).ToDictionary(kv => kv.Key, kv => (string)kv.Value)).ToList();
    }

    private async Task<HttpClient> ApiAsync()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Tokens.OfDemoAccountAsync(factory, Catalyst));
        return http;
    }

    private static MultipartFormDataContent Multipart(byte[] file, string? source, string fileName = "import.csv", string field = "file")
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, field, fileName);
        if (source is not null) content.Add(new StringContent(source), "source");
        return content;
    }

    private static async Task<int> TotalAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(Assert.Single(response.Headers.GetValues("X-Total-Count")));
    }

    /// <summary>The messages of a validation problem, decoded.</summary>
    private static async Task<string> ProblemMessagesAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join("\n", json.GetProperty("errors").EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(v => $"{p.Name}: {v.GetString()}")));
    }

    private Task<int> EntryCountAsync() => factory.WithDbAsync(db => db.Entries.CountAsync());

    /// <summary>Polls the import's status (a state, not a timing) until it is done or failed; 60 s at most.</summary>
    /// <summary>The import of Grenoble-Alpes once its background run has ended (done or failed).</summary>
    internal static Task<JsonElement> WaitAsync(HttpClient http, int id) =>
        Eventually.UntilAsync(() => http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Grenoble}/imports/{id}"),
            json => json.GetProperty("status").GetString() is "done" or "failed", json => $"import {id}: {json}");

    [Fact]
    public async Task Tiers_lieux_file_goes_to_the_network_and_to_the_territories_containing_its_commune_and_reimporting_updates()
    {
        var path = PlacesFile(factory);
        var rows = ReadCsv(path);
        var geo = ReferenceFiles.Of(factory);
        // Current communes: the EPCI members and the four island communes outside any EPCI (communes.csv rows
        // merged since are not loaded).
        var communes = geo.CommunePopulation.Keys.ToHashSet();
        communes.UnionWith(["85113", "22016", "29083", "29155"]);
        var perimeter = geo.Epci[GrenobleEpci].Members.Select(m => m.Code).ToHashSet();
        var merged = rows.Where(r => !communes.Contains(EffectiveCommune(r["INSEECOM"], r["INSEEMETRO"]))).ToList();
        Assert.Equal(1512, rows.Count);
        Assert.NotEmpty(merged);

        using var http = await ApiAsync();
        var networkBefore = await TotalAsync(http, "/api/v1/directory?pageSize=1");
        var grenobleBefore = await TotalAsync(http, $"/api/v1/territories/{Grenoble}/actors?pageSize=1");

        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports", Multipart(await File.ReadAllBytesAsync(path), "tiers-lieux-2019", "tiers-lieux-2019.csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
        Assert.EndsWith($"/api/v1/territories/{Grenoble}/imports/{id}", response.Headers.Location!.ToString());

        var done = await WaitAsync(http, id);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(rows.Count, done.GetProperty("rows").GetInt32());
        Assert.Equal(rows.Count, done.GetProperty("processed").GetInt32());
        // Every row is in: no error. Rows naming a commune merged since 2019 go to the current commune designated by
        // their postal code and coordinates, and rows whose WEB column is no address ("en cours") lose that field only:
        // each is a warning with its line and field.
        var valid = rows.Count;
        Assert.Equal(valid, done.GetProperty("valid").GetInt32());
        Assert.Equal(0, done.GetProperty("invalid").GetInt32());
        Assert.Equal(valid, done.GetProperty("created").GetInt32());
        Assert.Empty(done.GetProperty("errors").EnumerateArray());
        var warnings = done.GetProperty("warnings").EnumerateArray()
            .Select(e => (Line: e.GetProperty("line").GetInt32(), Field: e.GetProperty("field").GetString()!, Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal(warnings.Count, done.GetProperty("warningCount").GetInt32());
        Assert.All(warnings, w => Assert.Contains(w.Field, new[] { "communeCode", "website" }));
        Assert.Equal(merged.Select(r => rows.IndexOf(r) + 2).Order(), warnings.Where(w => w.Field == "communeCode").Select(w => w.Line).Order());
        var badWeb = warnings.Where(w => w.Field == "website").ToList();
        Assert.NotEmpty(badWeb);
        Assert.All(badWeb, w => Assert.StartsWith("Champ ignoré : ", w.Message));
        Assert.All(badWeb, w => Assert.Contains(' ', rows[w.Line - 2]["WEB"].Replace('\u00a0', ' ').Replace('|', ' ')));
        // Grenoble's count, from the file and the perimeter (no merged commune of the file is in it).
        var inGrenobleValid = rows.Count(r => perimeter.Contains(EffectiveCommune(r["INSEECOM"], r["INSEEMETRO"])));
        Assert.True(inGrenobleValid > 0);
        output.WriteLine($"{factory.Provider}: {rows.Count} rows, {warnings.Count} warnings, {inGrenobleValid} in {Grenoble}, import rate {done.GetProperty("rowsPerSecond")} rows/s " +
                         $"({done.GetProperty("startedAt")} → {done.GetProperty("finishedAt")})");

        var (stored, relocated, withoutWeb, content) = await factory.WithDbAsync(async db => (
            await db.Entries.CountAsync(e => e.SourceKey!.StartsWith("tiers-lieux-2019:")),
            await db.Entries.Where(e => e.SourceKey == "tiers-lieux-2019:" + merged[0]["ID"]).Select(e => e.CommuneCode).FirstAsync(),
            await db.Entries.Where(e => e.SourceKey == "tiers-lieux-2019:" + rows[badWeb[0].Line - 2]["ID"]).Select(e => e.Website).FirstAsync(),
            await db.DirectoryImports.Where(i => i.Id == id).Select(i => i.Content).FirstAsync()));
        Assert.Equal(1512, stored);
        Assert.Contains(relocated!, communes);
        Assert.Null(withoutWeb);
        Assert.Equal("", content); // the file is dropped once done; the report stays
        var failed = new HashSet<int>();

        Assert.Equal(networkBefore + valid, await TotalAsync(http, "/api/v1/directory?pageSize=1"));
        Assert.Equal(grenobleBefore + inGrenobleValid, await TotalAsync(http, $"/api/v1/territories/{Grenoble}/actors?pageSize=1"));
        var (fablabs, attributions) = await factory.WithDbAsync(async db => (
            await db.Entries.CountAsync(e => e.SourceKey!.StartsWith("tiers-lieux-2019:") && e.Category == "fablab"),
            await db.Entries.Where(e => e.SourceKey!.StartsWith("tiers-lieux-2019:")).Select(e => e.Source).Distinct().ToListAsync()));
        Assert.Equal(rows.Where((r, i) => !failed.Contains(i + 2)).Count(r => r["TYPO"] == "Tiers lieux à dominante fablab"), fablabs);
        Assert.Equal(["CGET Mission Coworking 2019 — Licence Ouverte 2.0"], attributions);

        // Re-import of the same source: the first 20 rows, one renamed → updated, nothing duplicated.
        var lines = (await File.ReadAllLinesAsync(path)).Take(21).ToArray();
        var renamed = $"Coworking renommé {Guid.NewGuid():N}"[..30];
        Assert.StartsWith("1,ADE Coworking,", lines[1]);
        lines[1] = lines[1].Replace("1,ADE Coworking,", $"1,{renamed},");
        var again = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports", Multipart(Encoding.UTF8.GetBytes(string.Join("\n", lines)), "tiers-lieux-2019"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await WaitAsync(http, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        Assert.Equal("done", second.GetProperty("status").GetString());
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        // Only the renamed row is written again, and its entry's history says so; the 19 others are unchanged.
        Assert.Equal((1, second.GetProperty("valid").GetInt32() - 1), (second.GetProperty("updated").GetInt32(), second.GetProperty("unchanged").GetInt32()));
        var change = await factory.WithDbAsync(db => db.EntryChanges.SingleAsync(c => db.Entries.Any(e => e.Id == c.EntryId && e.SourceKey == "tiers-lieux-2019:1")));
        Assert.Equal(Catalyse.Web.Features.Directory.Contribution.ChangeAction.Imported, change.Action);
        Assert.Equal(["name"], change.Fields);
        Assert.NotNull(change.AuthorId);
        Assert.Equal(networkBefore + valid, await TotalAsync(http, "/api/v1/directory?pageSize=1"));
        var found = await http.GetFromJsonAsync<JsonElement>($"/api/v1/directory?q={Uri.EscapeDataString(renamed.Split(' ')[2])}");
        Assert.Equal(renamed, Assert.Single(found.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(1, await factory.WithDbAsync(db => db.Entries.CountAsync(e => e.SourceKey == "tiers-lieux-2019:1")));
    }

    [Fact]
    public async Task Broken_quoting_is_refused_with_its_line_and_writes_nothing()
    {
        using var http = await ApiAsync();
        var before = await EntryCountAsync();
        var csv = "ID,NOM_TL,INSEECOM\n1,Lieu bien formé,38185\n2,\"Lieu \"mal\" cité,38185\n3,Autre,38185\n";
        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports?dryRun=true", Multipart(Encoding.UTF8.GetBytes(csv), "casse"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("file: Guillemets mal placés à la ligne 3", await ProblemMessagesAsync(response));
        Assert.Equal(before, await EntryCountAsync());

        // The page answers the same, with the message on the file field.
        using var client = await factory.SignedInAsync(Catalyst);
        var page = await PostUploadAsync(client, Encoding.UTF8.GetBytes(csv), "casse-page");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("Guillemets mal placés à la ligne 3", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal(before, await EntryCountAsync());
    }

    [Fact]
    public async Task Unterminated_quote_is_refused_too()
    {
        using var http = await ApiAsync();
        var csv = "ID,NOM_TL,INSEECOM\n1,\"Lieu jamais fermé,38185\n2,Autre,38185\n";
        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports?dryRun=true", Multipart(Encoding.UTF8.GetBytes(csv), "non-ferme"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("file: Guillemets? (mal placés|ouvert) à la ligne 2 ", await ProblemMessagesAsync(response));
    }

    [Fact]
    public async Task Windows_1252_file_is_read_and_said_so()
    {
        using var http = await ApiAsync();
        var before = await EntryCountAsync();
        var csv = "ID;NOM_TL;INSEECOM;TYPO\n1;Fabrique d'Échirolles;38151;Tiers lieux à dominante fablab\n";
        var bytes = CodePagesEncoding(csv);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));
        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports?dryRun=true", Multipart(bytes, "ansi-{0}"[..4] + "-test"));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        Assert.Equal("windows-1252", json.GetProperty("encodingFallback").GetString());
        Assert.Equal(";", json.GetProperty("delimiter").GetString());
        Assert.Equal("validated", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("valid").GetInt32());
        Assert.Equal(before, await EntryCountAsync());

        using var client = await factory.SignedInAsync(Catalyst);
        var html = WebUtility.HtmlDecode(await (await client.GetAsync($"/t/{Grenoble}/directory/import/{json.GetProperty("id").GetInt32()}")).Content.ReadAsStringAsync());
        Assert.Contains("Windows-1252", html);
        Assert.Contains("Fabrique d'Échirolles", html);
    }

    private static byte[] CodePagesEncoding(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252).GetBytes(text);
    }

    [Fact]
    public async Task File_over_10_MB_is_refused_clearly()
    {
        using var http = await ApiAsync();
        var before = await EntryCountAsync();
        var big = new byte[DirectoryImport.MaxBytes + 1];
        Array.Fill(big, (byte)'a');
        Encoding.ASCII.GetBytes("ID,NOM_TL,INSEECOM\n").CopyTo(big, 0);
        var response = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports", Multipart(big, "trop-gros"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("10 Mo", body);
        Assert.Equal(before, await EntryCountAsync());

        using var client = await factory.SignedInAsync(Catalyst);
        var page = await PostUploadAsync(client, big, "trop-gros-page");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("10 Mo", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
    }

    private static async Task<HttpResponseMessage> PostUploadAsync(TestClient client, byte[] file, string source, IEnumerable<(string, string)>? extra = null)
    {
        var token = await client.AntiforgeryTokenAsync($"/t/{Grenoble}/directory/import");
        var content = Multipart(file, null, "fichier.csv", "Upload");
        content.Add(new StringContent(source), "Source");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.Http.PostAsync($"/t/{Grenoble}/directory/import", content);
    }

    [Fact]
    public async Task Half_bad_rows_are_reported_by_line_and_only_good_rows_are_written_after_confirmation()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var sb = new StringBuilder("ID,NOM_TL,ADRESSE,INSEECOM,LAT,LONG,WEB,TYPO\n");
        for (var i = 1; i <= 10; i++)
        {
            var bad = i % 2 == 0;
            sb.Append($"{i},{(bad && i == 2 ? "" : $"Lieu {unique} {i}")},1 rue du Test,{(bad && i == 4 ? "99999" : "38185")},{(bad && i == 6 ? "quatre-vingt" : "45.19")},5.72,")
              .Append($"{(bad && i == 8 ? "javascript:alert(1)" : "www.exemple.fr")},{(bad && i == 10 ? "Tiers lieux à dominante fablab" : "")}\n");
        }
        // Row 10 is fine for a place (fablab); make it bad through a duplicate key instead.
        var csv = sb.ToString().Replace("\n10,", "\n9,");
        var before = await EntryCountAsync();

        using var client = await factory.SignedInAsync(Catalyst);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{Grenoble}/directory/import")).StatusCode);
        var upload = await PostUploadAsync(client, Encoding.UTF8.GetBytes(csv), "moitie-" + unique);
        Assert.True(upload.StatusCode == HttpStatusCode.Redirect, await upload.Content.ReadAsStringAsync());
        var url = upload.Headers.Location!.ToString();
        var id = int.Parse(url.Split('/')[^1]);

        // Preview: header, first rows and the guessed mapping.
        var preview = await client.GetDocumentAsync(url);
        Assert.Equal(5, preview.QuerySelectorAll("table tbody tr").Length);
        Assert.Equal("NOM_TL", preview.QuerySelector("select[name='Map[name]'] option[selected]")?.GetAttribute("value"));
        Assert.Equal("INSEECOM", preview.QuerySelector("select[name='Map[communeCode]'] option[selected]")?.GetAttribute("value"));
        Assert.Equal("ID", preview.QuerySelector("select[name='Map[sourceKey]'] option[selected]")?.GetAttribute("value"));
        Assert.Equal("Place", preview.QuerySelector("select[name='Kind'] option[selected]")?.GetAttribute("value"));

        var fields = new List<(string, string)> { ("Kind", "Place"), ("KindColumn", "") };
        fields.AddRange(new[] { ("sourceKey", "ID"), ("name", "NOM_TL"), ("address", "ADRESSE"), ("communeCode", "INSEECOM"), ("latitude", "LAT"),
            ("longitude", "LONG"), ("website", "WEB"), ("category", "TYPO") }.Select(m => ($"Map[{m.Item1}]", m.Item2)));
        var verify = await client.PostFormAsync($"{url}?handler=Verify", fields.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        Assert.Equal(before, await EntryCountAsync());

        using var http = await ApiAsync();
        var verified = await http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Grenoble}/imports/{id}");
        Assert.Equal("validated", verified.GetProperty("status").GetString());
        // Required fields refuse the row (errors); an invalid optional field is left out of an imported row (warnings).
        Assert.Equal(7, verified.GetProperty("valid").GetInt32());
        Assert.Equal(3, verified.GetProperty("invalid").GetInt32());
        var errors = verified.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "name"), (5, "communeCode"), (11, "sourceKey")], errors.Order());
        var warnings = verified.GetProperty("warnings").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(7, "latitude"), (9, "website")], warnings.Order());
        Assert.Equal(2, verified.GetProperty("warningCount").GetInt32());
        var shown = await client.GetDocumentAsync(url);
        var page = WebUtility.HtmlDecode(shown.Body!.TextContent);
        Assert.Contains("7 lignes valides, 3 lignes en erreur sur 10.", page);
        Assert.Contains("Code inconnu : 99999", page);
        var warningsText = string.Join(" | ", shown.QuerySelectorAll("table.import-warnings td").Select(td => td.TextContent.Trim()));
        Assert.True(warningsText.Contains("9 | Site web | Champ ignoré : "), warningsText);

        // A wrong column name in the mapping is a field error, not a crash.
        var wrong = await client.PostFormAsync($"{url}?handler=Verify", ("Kind", "Place"), ("Map[name]", "PAS_UNE_COLONNE"), ("Map[communeCode]", "INSEECOM"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Colonne inconnue : PAS_UNE_COLONNE", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        Assert.Equal(before, await EntryCountAsync());

        var confirm = await client.PostFormAsync($"{url}?handler=Confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var done = await WaitAsync(http, id);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(7, done.GetProperty("created").GetInt32());
        Assert.Equal(before + 7, await EntryCountAsync());
        Assert.Null(await factory.WithDbAsync(db => db.Entries.Where(e => e.SourceKey == $"moitie-{unique}:8").Select(e => e.Website).FirstAsync()));

        // Progress: a <progress> at 10/10, no more polling once done; confirming twice is refused.
        var fragment = TestClient.Parse(await (await client.GetAsync($"{url}?handler=Progress")).Content.ReadAsStringAsync());
        var progress = fragment.QuerySelector("#import-progress")!;
        Assert.Null(progress.GetAttribute("hx-trigger"));
        Assert.Equal("10", fragment.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostFormAsync($"{url}?handler=Confirm", [], tokenFrom: url)).StatusCode);
        Assert.Equal(before + 7, await EntryCountAsync());
    }

    [Fact]
    public async Task A_running_import_shows_a_polling_progress_bar_and_a_refresh_link()
    {
        var id = await InsertRunningImportAsync(claimedBy: "another-instance");
        using var client = await factory.SignedInAsync(Catalyst);
        var doc = await client.GetDocumentAsync($"/t/{Grenoble}/directory/import/{id}");
        var progress = doc.QuerySelector("#import-progress")!;
        Assert.Equal("every 1s", progress.GetAttribute("hx-trigger"));
        Assert.Equal($"/t/{Grenoble}/directory/import/{id}?handler=Progress", progress.GetAttribute("hx-get"));
        Assert.NotNull(doc.QuerySelector("progress"));
        Assert.Contains(doc.QuerySelectorAll("#import-progress a"), a => a.TextContent.Contains("Rafraîchir"));
        await factory.WithDbAsync(db => db.DirectoryImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed)));
    }

    private Task<int> InsertRunningImportAsync(string? claimedBy) => factory.WithDbAsync(async db =>
    {
        var territory = await db.Territories.Where(t => t.Slug == Grenoble).Select(t => t.Id).FirstAsync();
        var import = new DirectoryImport
        {
            TerritoryId = territory, Status = ImportStatus.Running, SourceName = "claim-" + Guid.NewGuid().ToString("N")[..8], Content = "ID,NOM_TL,INSEECOM\n",
            Delimiter = ",", Header = ["ID", "NOM_TL", "INSEECOM"], RowCount = 0, ClaimedBy = claimedBy, ClaimedAt = claimedBy is null ? null : DateTimeOffset.UtcNow,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.DirectoryImports.Add(import);
        await db.SaveChangesAsync();
        return import.Id;
    });

    [Fact]
    public async Task Two_claims_of_the_same_import_have_one_winner()
    {
        var id = await InsertRunningImportAsync(claimedBy: null);
        async Task<bool> ClaimAsync(string instance)
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ImportService>().TryClaimAsync(id, instance);
        }
        var wins = await Task.WhenAll(ClaimAsync("instance-a"), ClaimAsync("instance-b"));
        var owner = await factory.WithDbAsync(db => db.DirectoryImports.Where(i => i.Id == id).Select(i => i.ClaimedBy).FirstAsync());
        // The app's own worker may have been first: exactly one claimant owns the import either way.
        Assert.Equal(1, wins.Count(w => w) + (owner == ImportWorker.Instance ? 1 : 0));
        Assert.False(await ClaimAsync("instance-c"));
        await factory.WithDbAsync(db => db.DirectoryImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed)));
    }

    [Fact]
    public async Task Import_api_answers_problem_details_and_refuses_people_who_are_not_catalysts()
    {
        using var http = await ApiAsync();
        var notMultipart = await http.PostAsync($"/api/v1/territories/{Grenoble}/imports", JsonContent.Create(new { file = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart.StatusCode);
        Assert.Equal("application/problem+json", notMultipart.Content.Headers.ContentType?.MediaType);
        var missing = await http.GetAsync($"/api/v1/territories/{Grenoble}/imports/999999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        // Grenoble's catalyst is no catalyst of Guéret.
        var other = await http.PostAsync("/api/v1/territories/grand-gueret/imports", Multipart("ID,NOM_TL,INSEECOM\n1,A,23096\n"u8.ToArray(), "autre"));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/territories/{Grenoble}/imports/1")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportSqliteTests(CatalyseFactory factory, ITestOutputHelper output) : ImportTests(factory, output);

[Collection(PostgresCollection.Name)]
public sealed class ImportPostgresTests(PostgresFactory factory, ITestOutputHelper output) : ImportTests(factory, output);
