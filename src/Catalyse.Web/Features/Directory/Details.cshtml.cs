using Catalyse.Web.Infrastructure.Web;
using System.Text.Json;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Directory;

/// <summary>The public page of an entry, with schema.org JSON-LD.</summary>
public sealed class DetailsModel(TerritoryScope scope, DirectoryQueries queries, TerritoryAccess access, Contribution.ContributionService contributions) : PageModel
{
    /// <summary>A catalyst of the territory (or a coordinator) in charge of this entry: sees the moderation links.</summary>
    public bool Moderator { get; private set; }

    public Entry Entry { get; private set; } = null!;
    public string? CommuneName { get; private set; }
    public string JsonLd { get; private set; } = "{}";
    public string BasePath => scope.Slug is null ? "/directory" : $"/t/{scope.Slug}/directory";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var entry = await queries.FindAsync(id, ct);
        // A merged entry's address leads to the entry it was merged into.
        if (entry is { Status: EntryStatus.Merged, MergedIntoId: { } target }) return Redirect($"{BasePath}/{target}");
        // Only published entries are public, and a territory shows only the entries of its perimeter.
        if (entry is null || entry.Status != EntryStatus.Published
            || scope.TerritoryId is { } tid && !await queries.BelongsToAsync(entry, tid, ct))
            return NotFound();
        Entry = entry;
        Moderator = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct) && await contributions.IsModeratedByAsync(entry, scope.TerritoryId, ct);
        CommuneName = await queries.CommuneNameAsync(entry.CommuneCode, ct);
        JsonLd = SchemaOrg.Serialize(entry, CommuneName, $"{Request.BaseUrl()}{BasePath}/{entry.Id}");
        return Page();
    }
}

/// <summary>schema.org vocabulary for entries (Organization, Place, Project, GovernmentService).</summary>
public static class SchemaOrg
{
    internal static readonly JsonSerializerOptions Options = new()
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

    /// <summary>schema.org leaves unknown properties out rather than null (dictionary values ignore the serializer's null rule).</summary>
    private static Dictionary<string, object?> WithoutNulls(Dictionary<string, object?> doc)
    {
        foreach (var key in doc.Keys.ToList())
        {
            if (doc[key] is Dictionary<string, object?> inner) doc[key] = WithoutNulls(inner);
            if (doc[key] is null) doc.Remove(key);
        }
        return doc;
    }

    public static string Serialize(Entry e, string? communeName, string url) => JsonSerializer.Serialize(Describe(e, communeName, url), Options);
}
