using System.Globalization;
using System.Text.RegularExpressions;

namespace Catalyse.Web.Features.Directory;

/// <summary>
/// The 17 UN Sustainable Development Goals (ODD) with their short labels in French and English, from the shipped
/// <c>ReferenceData/impact/sdg-goals.{fr,en}.yml</c> (open-sdg translations, MIT).
/// </summary>
public sealed partial class SdgCatalog
{
    private readonly Dictionary<string, Dictionary<int, string>> _labels = [];

    public SdgCatalog(IWebHostEnvironment env)
    {
        foreach (var lang in new[] { "fr", "en" })
        {
            var path = Path.Combine(env.ContentRootPath, "ReferenceData", "impact", $"sdg-goals.{lang}.yml");
            _labels[lang] = File.ReadLines(path).Select(line => ShortLine().Match(line)).Where(m => m.Success)
                .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value.Trim().Trim('\'', '"'));
        }
    }

    public static IEnumerable<int> Goals => Enumerable.Range(1, 17);

    /// <summary>"Pas de pauvreté" (in the current UI language).</summary>
    public string Label(int goal) =>
        (_labels.GetValueOrDefault(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) ?? _labels["fr"]).GetValueOrDefault(goal, goal.ToString(CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(\d{1,2})-short:\s*(.+)$")]
    private static partial Regex ShortLine();
}
