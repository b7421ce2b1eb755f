using System.Text.Json;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Directory;

/// <summary>The public page of an entry, with schema.org JSON-LD.</summary>
public sealed class DetailsModel(TerritoryScope scope, DirectoryQueries queries) : PageModel
{
    public Entry Entry { get; private set; } = null!;
    public string? CommuneName { get; private set; }
    public string JsonLd { get; private set; } = "{}";
    public string BasePath => scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var entry = await queries.FindAsync(id, ct);
        // Only published entries are public, and a territory shows only the entries of its perimeter.
        if (entry is null || entry.Status != EntryStatus.Published
            || scope.TerritoryId is { } tid && !await queries.BelongsToAsync(entry, tid, ct))
            return NotFound();
        Entry = entry;
        CommuneName = await queries.CommuneNameAsync(entry.CommuneCode, ct);
        JsonLd = SchemaOrg.Serialize(entry, CommuneName, $"{Request.Scheme}://{Request.Host}{BasePath}/{entry.Id}");
        return Page();
    }
}

/// <summary>schema.org vocabulary for entries (Organization, Place, Project, GovernmentService).</summary>
public static class SchemaOrg
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default, // "<" escaped: safe inside <script>
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static Dictionary<string, object?> Describe(Entry e, string? communeName, string url)
    {
        var type = e.Kind switch
        {
            EntryKind.Actor => e.Category is "collectivite" or "etablissement-public" ? "GovernmentOrganization" : "Organization",
            EntryKind.Place => "Place",
            EntryKind.Initiative => "Project",
            _ => "GovernmentService",
        };
        var doc = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org", ["@type"] = type, ["@id"] = url, ["url"] = e.Website ?? url, ["name"] = e.Name,
            ["description"] = string.IsNullOrEmpty(e.Description) ? null : e.Description,
            ["keywords"] = e.Themes.Count > 0 ? string.Join(", ", e.Themes) : null,
            ["email"] = e.ContactEmail, ["telephone"] = e.Phone,
            ["address"] = new Dictionary<string, object?>
            {
                ["@type"] = "PostalAddress", ["streetAddress"] = e.Address, ["addressLocality"] = communeName, ["addressCountry"] = "FR",
            },
            ["geo"] = e.Latitude is null ? null : new Dictionary<string, object?>
                { ["@type"] = "GeoCoordinates", ["latitude"] = e.Latitude, ["longitude"] = e.Longitude },
        };
        if (e.Siret is not null) doc["identifier"] = new Dictionary<string, object?> { ["@type"] = "PropertyValue", ["propertyID"] = "SIRET", ["value"] = e.Siret };
        else if (e.Rna is not null) doc["identifier"] = new Dictionary<string, object?> { ["@type"] = "PropertyValue", ["propertyID"] = "RNA", ["value"] = e.Rna };
        if (e.OpeningHours is not null) doc["openingHours"] = e.OpeningHours;
        return WithoutNulls(doc);
    }

    /// <summary>Leaves absent fields out (JsonIgnoreCondition does not apply to dictionary entries).</summary>
    private static Dictionary<string, object?> WithoutNulls(Dictionary<string, object?> doc)
    {
        foreach (var key in doc.Where(p => p.Value is null).Select(p => p.Key).ToList()) doc.Remove(key);
        foreach (var nested in doc.Values.OfType<Dictionary<string, object?>>()) WithoutNulls(nested);
        return doc;
    }

    public static string Serialize(Entry e, string? communeName, string url) => JsonSerializer.Serialize(Describe(e, communeName, url), Options);
}
