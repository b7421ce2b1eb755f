using Catalyse.Web.Infrastructure.Geo;
using Lucene.Net.Analysis.Fr;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>A word of a text as the matcher sees it: its stem, and the word as written (for the reasons shown).</summary>
public readonly record struct Word(string Stem, string Written);

/// <summary>
/// French text analysis for matching: accents and case folded, elisions and stop words dropped, words reduced to their
/// stem by Lucene's French light stemmer ("âgées" → "age", "autonomie" → "autonom"), and pairs of neighbouring stems
/// ("personn_age") so that a phrase counts more than its words apart.
/// </summary>
public static partial class MatchText
{
    private static readonly HashSet<string> StopWords =
    [
        "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "comme", "d", "dans", "de", "des", "du", "elle", "elles", "en", "est", "et",
        "etc", "etre", "eux", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "meme",
        "mon", "n", "ne", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas", "plus", "pour", "qu", "que", "qui", "s", "sa", "se", "ses",
        "son", "sont", "sur", "t", "ta", "te", "tes", "ton", "tous", "tout", "toute", "toutes", "tres", "tu", "un", "une", "vos", "votre",
        "vous", "y", "ete", "fait", "faire", "peu", "sous", "si", "ni", "dont", "ainsi", "aussi", "avoir", "ans", "entre", "autre", "autres",
        "chaque", "deux", "trois", "bien", "car", "donc", "alors", "lors", "ici", "cela", "ceux", "celle", "celles", "afin", "etait", "sera",
        "peut", "peuvent", "quand", "tant", "the", "and", "of", "to", "in", "for",
    ];

    /// <summary>The words of a text, in order, stop words dropped; each keeps its written form (lower case, accents kept).</summary>
    public static List<Word> Words(string? text)
    {
        var words = new List<Word>();
        if (string.IsNullOrWhiteSpace(text)) return words;
        var stemmer = new FrenchLightStemmer();
        // Folding maps each letter to itself without its accent ("œ" to "oe"): a word between two separators folds to one word.
        foreach (var token in Separators().Split(text))
        {
            var folded = SearchText.Fold(token);
            if (folded.Length < 2 || folded.Contains(' ') || StopWords.Contains(folded) || folded.All(char.IsDigit)) continue;
            words.Add(new Word(Stem(stemmer, folded), token.ToLowerInvariant()));
        }
        return words;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\p{L}\p{Mn}\p{N}]+")]
    private static partial System.Text.RegularExpressions.Regex Separators();

    public static string Stem(string folded) => Stem(new FrenchLightStemmer(), folded);

    private static string Stem(FrenchLightStemmer stemmer, string folded)
    {
        var chars = folded.ToCharArray();
        var length = stemmer.Stem(chars, chars.Length);
        var stem = new string(chars, 0, length);
        return stem.Length > 40 ? stem[..40] : stem;
    }

    /// <summary>The term of two neighbouring stems.</summary>
    public static string Pair(string a, string b) => (a + "_" + b) is var p && p.Length > 40 ? p[..40] : p;

    /// <summary>Index terms of a text with their weight: each stem, and each pair of neighbouring stems.</summary>
    public static void AddTerms(Dictionary<string, short> terms, string? text, short weight)
    {
        var words = Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            Raise(terms, words[i].Stem, weight);
            if (i > 0) Raise(terms, Pair(words[i - 1].Stem, words[i].Stem), weight);
        }
    }

    private static void Raise(Dictionary<string, short> terms, string term, short weight)
    {
        if (!terms.TryGetValue(term, out var w) || w < weight) terms[term] = weight;
    }

    /// <summary>Themes compared folded ("Lien social" = "lien  sociaL").</summary>
    public static string Theme(string theme) => SearchText.Fold(theme);
}
