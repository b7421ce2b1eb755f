using Catalyse.Web.Infrastructure.Web;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory;

/// <summary>
/// Open-data exports of any filtered view of the directory — CSV, GeoJSON (RFC 7946), JSON-LD (schema.org)
/// and a GoGoCarto-compatible feed — streamed row by row from the database, with the attribution of reused data.
/// </summary>
public static class DirectoryExport
{
    public const string Attribution =
        "Catalyse — contributions des acteurs ; lieux : CGET Mission Coworking 2019 ; géographie : découpage administratif Etalab — Licence Ouverte 2.0";

    private sealed record Row(Entry Entry, string? CommuneName);

    private static IAsyncEnumerable<Row> Rows(CatalyseDb db, IQueryable<Entry> entries) =>
        (from e in entries.AsNoTracking()
         join c in db.Communes on e.CommuneCode equals c.Code into cs
         from c in cs.DefaultIfEmpty()
         orderby e.Id
         select new Row(e, c == null ? null : c.Name)).AsAsyncEnumerable();

    public static void MapDirectoryExport(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, tag) in new[] { ("/api/v1/territories/{slug}", "territory"), ("/api/v1/directory", "network") })
        {
            app.MapGet(prefix + "/export.csv", (HttpContext ctx, string? q, string? kind, string? theme, int? sdg, string? bbox) =>
                    Export(ctx, q, kind, theme, sdg, bbox, "text/csv; charset=utf-8", "csv", WriteCsv))
                .WithName($"ExportCsv-{tag}").WithTags("Directory").WithSummary("The filtered directory as CSV (UTF-8, comma-separated), streamed.");
            app.MapGet(prefix + "/export.geojson", (HttpContext ctx, string? q, string? kind, string? theme, int? sdg, string? bbox) =>
                    Export(ctx, q, kind, theme, sdg, bbox, "application/geo+json", "geojson", WriteGeoJson))
                .WithName($"ExportGeoJson-{tag}").WithTags("Directory").WithSummary("The filtered directory as a GeoJSON FeatureCollection (RFC 7946), streamed.");
            app.MapGet(prefix + "/export.jsonld", (HttpContext ctx, string? q, string? kind, string? theme, int? sdg, string? bbox) =>
                    Export(ctx, q, kind, theme, sdg, bbox, "application/ld+json", "jsonld", WriteJsonLd))
                .WithName($"ExportJsonLd-{tag}").WithTags("Directory").WithSummary("The filtered directory as schema.org JSON-LD (@graph), streamed.");
            app.MapGet(prefix + "/gogocarto.json", (HttpContext ctx, string? q, string? kind, string? theme, int? sdg, string? bbox) =>
                    Export(ctx, q, kind, theme, sdg, bbox, "application/json", "json", WriteGoGoCarto))
                .WithName($"ExportGoGoCarto-{tag}").WithTags("Directory").WithSummary("A GoGoCarto-compatible feed (ontology gogofull) so national maps can aggregate the directory.");
        }
    }

    private delegate Task Writer(Stream body, IAsyncEnumerable<Row> rows, string baseUrl, CancellationToken ct);

    private static async Task<IResult> Export(HttpContext ctx, string? q, string? kind, string? theme, int? sdg, string? bbox,
        string contentType, string extension, Writer write)
    {
        var sp = ctx.RequestServices;
        var l = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (DirectoryApi.Parse(kind, bbox, sdg, l, out var k, out var box) is { } problem) return problem;

        var scope = sp.GetRequiredService<TerritoryScope>();
        var db = sp.GetRequiredService<CatalyseDb>();
        var queries = sp.GetRequiredService<DirectoryQueries>();
        var entries = queries.Filtered(scope.TerritoryId, new EntryFilter(q is { Length: > 200 } ? q[..200] : q, k, theme, sdg, box));
        var name = $"catalyse-{scope.Slug ?? "reseau"}-annuaire.{extension}";
        var baseUrl = ctx.Request.BaseUrl() + (scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory");
        ctx.Response.ContentType = contentType;
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        ctx.Response.Headers["X-Licence"] = "Licence Ouverte 2.0 (Etalab)";
        await write(ctx.Response.Body, Rows(db, entries), baseUrl, ctx.RequestAborted);
        return Results.Empty;
    }

    private static async Task WriteCsv(Stream body, IAsyncEnumerable<Row> rows, string baseUrl, CancellationToken ct)
    {
        await using var text = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "id", "type", "categorie", "nom", "description", "themes", "odd", "adresse", "code_insee", "commune",
                     "latitude", "longitude", "site_web", "courriel", "telephone", "siret", "siren", "rna", "source", "url", "mis_a_jour" })
            csv.WriteField(h);
        await csv.NextRecordAsync();
        var n = 0;
        await foreach (var (e, commune) in rows.WithCancellation(ct))
        {
            csv.WriteField(e.Id); csv.WriteField(TerritoriesApi.Kebab(e.Kind)); csv.WriteField(e.Category); csv.WriteField(e.Name);
            csv.WriteField(e.Description); csv.WriteField(string.Join(';', e.Themes)); csv.WriteField(string.Join(';', e.Sdgs));
            csv.WriteField(e.Address); csv.WriteField(e.CommuneCode); csv.WriteField(commune);
            csv.WriteField(e.Latitude?.ToString(CultureInfo.InvariantCulture)); csv.WriteField(e.Longitude?.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(e.Website); csv.WriteField(e.ContactEmail); csv.WriteField(e.Phone); csv.WriteField(e.Siret); csv.WriteField(e.Siren);
            csv.WriteField(e.Rna); csv.WriteField(e.Source ?? "Catalyse"); csv.WriteField($"{baseUrl}/{e.Id}"); csv.WriteField(e.UpdatedAt.ToString("O"));
            await csv.NextRecordAsync();
            if (++n % 1000 == 0) await text.FlushAsync(ct);
        }
    }

    private static async Task WriteJson(Stream body, Func<Utf8JsonWriter, Task> head, IAsyncEnumerable<Row> rows, Action<Utf8JsonWriter, Row> item, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        await head(json);
        var n = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            item(json, row);
            if (++n % 500 == 0) await json.FlushAsync(ct);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static Task WriteGeoJson(Stream body, IAsyncEnumerable<Row> rows, string baseUrl, CancellationToken ct) =>
        WriteJson(body, json =>
        {
            json.WriteString("type", "FeatureCollection");
            json.WriteString("attribution", Attribution);
            json.WriteStartArray("features");
            return Task.CompletedTask;
        }, rows, (json, row) =>
        {
            var e = row.Entry;
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteNumber("id", e.Id);
            if (e.Latitude is { } lat && e.Longitude is { } lon)
            {
                json.WriteStartObject("geometry");
                json.WriteString("type", "Point");
                json.WriteStartArray("coordinates");
                json.WriteNumberValue(Math.Round(lon, 6));
                json.WriteNumberValue(Math.Round(lat, 6));
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else json.WriteNull("geometry");
            json.WriteStartObject("properties");
            json.WriteString("kind", TerritoriesApi.Kebab(e.Kind));
            json.WriteString("category", e.Category);
            json.WriteString("name", e.Name);
            json.WriteString("description", e.Description);
            json.WriteString("communeCode", e.CommuneCode);
            json.WriteString("commune", row.CommuneName);
            json.WriteString("address", e.Address);
            json.WriteString("website", e.Website);
            json.WriteString("siret", e.Siret);
            json.WriteString("rna", e.Rna);
            json.WriteStartArray("themes");
            foreach (var t in e.Themes) json.WriteStringValue(t);
            json.WriteEndArray();
            json.WriteString("source", e.Source ?? "Catalyse");
            json.WriteString("url", $"{baseUrl}/{e.Id}");
            json.WriteEndObject();
            json.WriteEndObject();
        }, ct);

    private static Task WriteJsonLd(Stream body, IAsyncEnumerable<Row> rows, string baseUrl, CancellationToken ct) =>
        WriteJson(body, json =>
        {
            json.WriteString("@context", "https://schema.org");
            json.WriteString("license", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/");
            json.WriteString("creditText", Attribution);
            json.WriteStartArray("@graph");
            return Task.CompletedTask;
        }, rows, (json, row) =>
        {
            var doc = SchemaOrg.Describe(row.Entry, row.CommuneName, $"{baseUrl}/{row.Entry.Id}");
            doc.Remove("@context");
            // Through an element: serialising straight into the writer would flush it synchronously.
            JsonSerializer.SerializeToElement(doc, SchemaOrg.Options).WriteTo(json);
        }, ct);

    private static Task WriteGoGoCarto(Stream body, IAsyncEnumerable<Row> rows, string baseUrl, CancellationToken ct) =>
        WriteJson(body, json =>
        {
            json.WriteString("licence", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/");
            json.WriteString("attribution", Attribution);
            json.WriteString("ontology", "gogofull");
            json.WriteStartArray("data");
            return Task.CompletedTask;
        }, rows, (json, row) =>
        {
            var e = row.Entry;
            json.WriteStartObject();
            json.WriteString("id", e.Id.ToString(CultureInfo.InvariantCulture));
            json.WriteString("name", e.Name);
            if (e.Latitude is { } lat && e.Longitude is { } lon)
            {
                json.WriteStartObject("geo");
                json.WriteNumber("latitude", Math.Round(lat, 6));
                json.WriteNumber("longitude", Math.Round(lon, 6));
                json.WriteEndObject();
            }
            json.WriteStartObject("address");
            json.WriteString("streetAddress", e.Address);
            json.WriteString("addressLocality", row.CommuneName);
            json.WriteString("customFormatedAddress", string.Join(", ", new[] { e.Address, row.CommuneName }.Where(s => !string.IsNullOrEmpty(s))));
            json.WriteString("addressCountry", "FR");
            json.WriteEndObject();
            json.WriteStartArray("categories");
            json.WriteStringValue(DirectoryLabels.Kind(e.Kind));
            if (e.Category is not null) json.WriteStringValue(DirectoryLabels.Category(e.Category));
            foreach (var t in e.Themes) json.WriteStringValue(t);
            json.WriteEndArray();
            json.WriteString("description", e.Description);
            json.WriteString("website", e.Website);
            json.WriteString("email", e.ContactEmail);
            json.WriteString("telephone", e.Phone);
            json.WriteString("sourceKey", e.Source ?? "Catalyse");
            json.WriteString("url", $"{baseUrl}/{e.Id}");
            json.WriteString("updatedAt", e.UpdatedAt.ToString("O"));
            json.WriteEndObject();
        }, ct);
}
