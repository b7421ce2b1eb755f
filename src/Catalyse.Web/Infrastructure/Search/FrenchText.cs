using Catalyse.Web.Infrastructure.Geo;

namespace Catalyse.Web.Infrastructure.Search;

/// <summary>
/// French text for search: accents and case folded, plurals reduced ("Crèches" → "creche",
/// "tiers-lieux" → "tiers lieu"), so that a query without accents or in the singular finds the entry.
/// </summary>
public static class FrenchText
{
    public static IEnumerable<string> Tokens(string? text) =>
        SearchText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Stem);

    /// <summary>Singular of a folded word: "lieux" → "lieu", "creches" → "creche", "bureaux" → "bureau".</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3) return word;
        if (word.EndsWith("eaux") || word.EndsWith("eux") || word.EndsWith("aux") && word.Length > 5) return word[..^1];
        if (word[^1] is 's' or 'x' && word[^2] != 's') return word[..^1];
        return word;
    }

    /// <summary>The searchable form of some fields: distinct stems separated by spaces, with a space at both ends.</summary>
    public static string Index(params string?[] fields) =>
        " " + string.Join(' ', fields.SelectMany(Tokens).Distinct()) + " ";
}
