using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Geo;

namespace Catalyse.Tests.Localization;

/// <summary>
/// French is the source text of the interface (the localisation keys); every key used in the code
/// must have an English entry in Resources/SharedResource.en.resx.
/// </summary>
public sealed partial class EnglishResourceTests
{
    /// <summary>The English set alone (no fallback: French has no resource file, its text is the key).</summary>
    private static readonly ResourceSet English =
        new ResourceManager("Catalyse.Web.Resources.SharedResource", typeof(Program).Assembly)
            .GetResourceSet(new CultureInfo("en"), createIfNotExists: true, tryParents: false)!;

    [GeneratedRegex("""\b[Ll]\["((?:[^"\\]|\\.)+)"|Display\(Name = "((?:[^"\\]|\\.)+)"|ErrorMessage = "((?:[^"\\]|\\.)+)"|return "((?:[^"\\]|\\.)+)";""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("""=> "((?:[^"\\]|\\.)+)",?""")]
    private static partial Regex LabelArmPattern();

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Catalyse.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found"), "src", "Catalyse.Web");
    }

    public static IEnumerable<string> KeysInCode()
    {
        var root = SourceRoot();
        var files = System.IO.Directory.EnumerateFiles(Path.Combine(root, "Features"), "*.cs*", SearchOption.AllDirectories)
            .Concat(System.IO.Directory.EnumerateFiles(Path.Combine(root, "Infrastructure"), "*.cs", SearchOption.AllDirectories));
        var keys = new HashSet<string>();
        foreach (var file in files)
            foreach (Match m in KeyPattern().Matches(File.ReadAllText(file)))
            {
                var key = m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value;
                if (file.EndsWith("InputRules.cs") || !m.Value.StartsWith("return"))
                    keys.Add(Regex.Unescape(key));
            }
        // The label classes of the features (VoteLabels, SurveyLabels…): every text they return from a switch arm.
        foreach (var file in files.Where(f => f.EndsWith("Labels.cs", StringComparison.Ordinal)))
            foreach (Match m in LabelArmPattern().Matches(File.ReadAllText(file)))
                keys.Add(Regex.Unescape(m.Groups[1].Value));
        foreach (var t in Enum.GetValues<TerritoryType>()) keys.Add(Labels.Type(t));
        foreach (var t in Enum.GetValues<TerritoryModel>()) keys.Add(Labels.Model(t));
        foreach (var s in Enum.GetValues<StepStatus>()) keys.Add(Labels.Status(s));
        foreach (var r in Enum.GetValues<TerritoryRole>()) keys.Add(Labels.Role(r));
        foreach (var k in Enum.GetValues<PerimeterKind>()) keys.Add(Labels.Perimeter(k));
        foreach (var title in ProgrammeStep.Titles) keys.Add(title);
        foreach (var kind in Enum.GetValues<Catalyse.Web.Features.Directory.EntryKind>())
        {
            keys.Add(Catalyse.Web.Features.Directory.DirectoryLabels.Kind(kind));
            keys.Add(Catalyse.Web.Features.Directory.DirectoryLabels.KindPlural(kind));
            foreach (var c in Catalyse.Web.Features.Directory.DirectoryService.Categories[kind])
                keys.Add(Catalyse.Web.Features.Directory.DirectoryLabels.Category(c));
        }
        foreach (var s in Enum.GetValues<Catalyse.Web.Features.Directory.Import.ImportStatus>()) keys.Add(Catalyse.Web.Features.Directory.Import.ImportLabels.Status(s));
        foreach (var f in Catalyse.Web.Features.Directory.Import.ImportMapping.Fields) keys.Add(Catalyse.Web.Features.Directory.Import.ImportLabels.Field(f));
        foreach (var m in Catalyse.Web.Features.Directory.Import.CsvFile.Messages) keys.Add(m);
        foreach (var m in Catalyse.Web.Features.Directory.Import.GeoJsonFile.Messages.Concat(Catalyse.Web.Features.Directory.Import.GeoJsonFile.RowMessages)) keys.Add(m);
        return keys.Where(k => !k.StartsWith("Input.", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_interface_text_has_an_English_translation()
    {
        var keys = KeysInCode().ToList();
        Assert.True(keys.Count > 150, $"Only {keys.Count} keys found: the scan is broken.");
        var missing = keys.Where(k => string.IsNullOrEmpty(English.GetString(k))).OrderBy(k => k).ToList();
        Assert.True(missing.Count == 0, "Missing English texts:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void No_two_English_keys_differ_only_by_case()
    {
        // The resource build keeps one of them and drops the other (warning MSB3568): one text would lose its translation.
        var file = Path.Combine(SourceRoot(), "Resources", "SharedResource.en.resx");
        var names = System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
        var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(names.Count > 150, $"Only {names.Count} keys read: the file is not the one expected.");
        Assert.True(clashes.Count == 0, "Keys differing only by case:\n" + string.Join("\n", clashes));
    }

    [Fact]
    public void English_texts_keep_the_placeholders_of_the_French_key()
    {
        var wrong = KeysInCode()
            .Select(k => (Key: k, Value: English.GetString(k) ?? ""))
            .Where(x => Placeholders(x.Key) != Placeholders(x.Value))
            .Select(x => x.Key).ToList();
        Assert.True(wrong.Count == 0, "Placeholders differ:\n" + string.Join("\n", wrong));
    }

    private static string Placeholders(string s) =>
        string.Join(",", Regex.Matches(s, @"\{\d\}").Select(m => m.Value).Distinct().OrderBy(x => x));
}
