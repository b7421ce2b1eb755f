using System.Text;
using System.Text.Json;

namespace Catalyse.Web.Infrastructure.Geo;

/// <summary>
/// Commune and département outlines shipped in <c>ReferenceData/geo</c> (IGN Admin Express 2018,
/// simplified), indexed by code. Immutable reference data: read once, kept in memory.
/// </summary>
public sealed class GeoOutlines(IWebHostEnvironment env)
{
    private readonly Lazy<Dictionary<string, string>> _communes = new(() => Load(env, "communes-*.geojson"));
    private readonly Lazy<Dictionary<string, string>> _departements = new(() => Load(env, "departements-simplifies.geojson"));

    private static Dictionary<string, string> Load(IWebHostEnvironment env, string pattern)
    {
        var result = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(ReferenceGeographyLoader.GeoFolder(env), pattern))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
                if (f.GetProperty("properties").TryGetProperty("code", out var code) && code.GetString() is { } c)
                    result[c] = f.GetProperty("geometry").GetRawText();
        }
        return result;
    }

    public bool HasCommuneOutline(string code) => _communes.Value.ContainsKey(code);

    /// <summary>
    /// A GeoJSON FeatureCollection (RFC 7946) of the perimeter: commune outlines where shipped, commune
    /// centroids otherwise, and the outlines of the départements touched (as context).
    /// </summary>
    public string FeatureCollection(IEnumerable<Commune> communes, IEnumerable<(string Code, string Name)> departements)
    {
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        var first = true;
        void Feature(string geometry, string kind, string code, string name, long population)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append("{\"type\":\"Feature\",\"geometry\":").Append(geometry)
              .Append(",\"properties\":{\"kind\":").Append(JsonSerializer.Serialize(kind))
              .Append(",\"code\":").Append(JsonSerializer.Serialize(code))
              .Append(",\"name\":").Append(JsonSerializer.Serialize(name))
              .Append(",\"population\":").Append(population).Append("}}");
        }
        foreach (var (code, name) in departements)
            if (_departements.Value.TryGetValue(code, out var g)) Feature(g, "departement", code, name, 0);
        foreach (var c in communes)
        {
            if (_communes.Value.TryGetValue(c.Code, out var g)) Feature(g, "commune", c.Code, c.Name, c.Population);
            else if (c.Latitude is { } lat && c.Longitude is { } lon)
                Feature(FormattableString.Invariant($"{{\"type\":\"Point\",\"coordinates\":[{lon},{lat}]}}"), "commune", c.Code, c.Name, c.Population);
        }
        return sb.Append("]}").ToString();
    }
}
