using System.Globalization;
using System.Text.Json;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>
/// Reading an uploaded GeoJSON FeatureCollection (RFC 7946) as a table: one row per feature, one column per property
/// name (in order of first appearance), plus two columns for the coordinates of its Point geometry.
/// The "line" of a feature is its number in <c>features</c>, from 1.
/// </summary>
public static class GeoJsonFile
{
    public const string LongitudeColumn = "geometry.longitude";
    public const string LatitudeColumn = "geometry.latitude";
    public const int MaxColumns = 200;

    public const string Unreadable = "GeoJSON illisible : JSON mal formé à la ligne {0} (position {1}).";
    public const string NotACollection = "Un fichier GeoJSON doit être une FeatureCollection (type trouvé : « {0} »).";
    public const string NoFeatures = "La FeatureCollection n'a pas de tableau « features ».";
    public const string Empty = "Le fichier n'a aucun objet (« features » est vide).";
    public const string TooManyProperties = "Trop de propriétés différentes (plus de {0}).";
    public const string BadPropertyName = "Nom de propriété vide ou de plus de 100 caractères : {0}";
    /// <summary>The file-level messages (French keys, localised by the caller).</summary>
    public static readonly string[] Messages = [Unreadable, NotACollection, NoFeatures, Empty, TooManyProperties, BadPropertyName];

    public const string NotAFeature = "Cet objet n'est pas une Feature.";
    public const string NotAPoint = "Géométrie ignorée : seuls les points (Point) sont lus ; la fiche est placée au centre de sa commune.";
    public const string BadCoordinates = "Coordonnées du point invalides (longitude, latitude) : ignorées ; la fiche est placée au centre de sa commune.";
    /// <summary>The row-level messages.</summary>
    public static readonly string[] RowMessages = [NotAFeature, NotAPoint, BadCoordinates];

    /// <summary>A JSON file: its first character (after spaces) opens an object or an array.</summary>
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\uFEFF') continue;
            return c is '{' or '[';
        }
        return false;
    }

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    private static JsonDocument Parse(string text)
    {
        try { return JsonDocument.Parse(text, Options); }
        catch (JsonException e) { throw new CsvFormatException(Unreadable, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1); }
    }

    private static JsonElement Features(JsonDocument doc)
    {
        var root = doc.RootElement;
        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        if (type != "FeatureCollection") throw new CsvFormatException(NotACollection, type.Length > 40 ? type[..40] : type);
        if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array) throw new CsvFormatException(NoFeatures);
        if (features.GetArrayLength() == 0) throw new CsvFormatException(Empty);
        return features;
    }

    /// <summary>Checks the file and returns its columns, number of features and first rows. Throws <see cref="CsvFormatException"/>.</summary>
    public static (List<string> Header, int Count, List<string[]> Preview) Read(string text)
    {
        using var doc = Parse(text);
        var features = Features(doc);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { LongitudeColumn, LatitudeColumn };
        foreach (var feature in features.EnumerateArray())
        {
            if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in props.EnumerateObject())
            {
                if (!seen.Add(p.Name)) continue;
                if (p.Name.Trim().Length == 0 || p.Name.Length > 100) throw new CsvFormatException(BadPropertyName, p.Name.Length > 40 ? p.Name[..40] + "…" : p.Name);
                names.Add(p.Name);
                if (names.Count > MaxColumns) throw new CsvFormatException(TooManyProperties, MaxColumns);
            }
        }
        List<string> header = [.. names, LongitudeColumn, LatitudeColumn];
        var preview = Records(doc, header).Take(5).Select(r => r.Fields).ToList();
        return (header, features.GetArrayLength(), preview);
    }

    /// <summary>One row per feature: its number (from 1), its values by column, and a problem (a message key) if any.</summary>
    public static IEnumerable<(int Line, string[] Fields, string? Problem)> Records(string text, IReadOnlyList<string> header)
    {
        using var doc = Parse(text);
        foreach (var r in Records(doc, header)) yield return r;
    }

    private static IEnumerable<(int Line, string[] Fields, string? Problem)> Records(JsonDocument doc, IReadOnlyList<string> header)
    {
        var index = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        var number = 0;
        foreach (var feature in Features(doc).EnumerateArray())
        {
            number++;
            var fields = new string[header.Count];
            Array.Fill(fields, "");
            if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "Feature")
            {
                yield return (number, fields, NotAFeature);
                continue;
            }
            if (feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject())
                    if (index.TryGetValue(p.Name, out var i)) fields[i] = Text(p.Value);
            string? problem = null;
            if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind != JsonValueKind.Null)
            {
                if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var gt) || gt.ValueKind != JsonValueKind.String || gt.GetString() != "Point")
                    problem = NotAPoint;
                else if (geometry.TryGetProperty("coordinates", out var xy) && xy.ValueKind == JsonValueKind.Array && xy.GetArrayLength() >= 2
                         && xy[0].ValueKind == JsonValueKind.Number && xy[1].ValueKind == JsonValueKind.Number
                         && xy[0].GetDouble() is >= -180 and <= 180 && xy[1].GetDouble() is >= -90 and <= 90)
                {
                    if (index.TryGetValue(LongitudeColumn, out var lo)) fields[lo] = xy[0].GetDouble().ToString("R", CultureInfo.InvariantCulture);
                    if (index.TryGetValue(LatitudeColumn, out var la)) fields[la] = xy[1].GetDouble().ToString("R", CultureInfo.InvariantCulture);
                }
                else problem = BadCoordinates;
            }
            yield return (number, fields, problem);
        }
    }

    /// <summary>A property as text: strings as they are, numbers and booleans as written, arrays of values joined by ", ", objects as JSON.</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text).Where(s => s.Length > 0)),
        _ => value.GetRawText(),
    };
}
