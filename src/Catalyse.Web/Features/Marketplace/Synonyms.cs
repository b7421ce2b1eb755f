namespace Catalyse.Web.Features.Marketplace;

/// <summary>A synonym a text used: the words found, and the equivalent they stand for.</summary>
public sealed record SynonymUse(string Found, string MeansAlso);

/// <summary>An extra query term from a synonym, with the reason it was added.</summary>
public sealed record ExpandedTerm(string Term, SynonymUse Because);

/// <summary>
/// Groups of equivalent terms. A term found in a text (as a phrase of stems) adds the other terms of its group to the
/// query: a one-word term as its stem, a longer one as its pairs of neighbouring stems (the phrase, not its words apart).
/// </summary>
public sealed class Synonyms
{
    private sealed record Phrase(string Written, string[] Stems);

    private readonly List<Phrase[]> _groups = [];

    public static readonly Lazy<string[]> DefaultLines = new(() =>
    {
        using var stream = typeof(Synonyms).Assembly.GetManifestResourceStream("Catalyse.Web.Features.Marketplace.synonyms.fr.txt");
        if (stream is null) return [];
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
    });

    public Synonyms(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var phrases = Split(line).Select(t => new Phrase(t, MatchText.Words(t).Select(w => w.Stem).ToArray()))
                .Where(p => p.Stems.Length > 0).DistinctBy(p => string.Join(' ', p.Stems)).ToArray();
            if (phrases.Length > 1) _groups.Add(phrases);
        }
    }

    public int Count => _groups.Count;

    /// <summary>The terms of one line ("personnes âgées ~ seniors ~ aînés"), trimmed, empty ones dropped.</summary>
    public static IEnumerable<string> Split(string line) =>
        line.Split('~', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Extra terms for these words of a text, each with the synonym that brought it.</summary>
    public List<ExpandedTerm> Expand(IReadOnlyList<Word> words)
    {
        var added = new List<ExpandedTerm>();
        var seen = new HashSet<string>();
        foreach (var group in _groups)
            foreach (var found in group)
            {
                if (!Contains(words, found.Stems)) continue;
                foreach (var other in group)
                {
                    if (ReferenceEquals(other, found)) continue;
                    var use = new SynonymUse(found.Written, other.Written);
                    if (other.Stems.Length == 1) { if (seen.Add(other.Stems[0])) added.Add(new ExpandedTerm(other.Stems[0], use)); }
                    else
                        for (var i = 1; i < other.Stems.Length; i++)
                            if (MatchText.Pair(other.Stems[i - 1], other.Stems[i]) is var pair && seen.Add(pair)) added.Add(new ExpandedTerm(pair, use));
                }
                break;
            }
        return added;
    }

    private static bool Contains(IReadOnlyList<Word> words, string[] stems)
    {
        for (var i = 0; i + stems.Length <= words.Count; i++)
        {
            var all = true;
            for (var j = 0; j < stems.Length && all; j++) all = words[i + j].Stem == stems[j];
            if (all) return true;
        }
        return false;
    }
}
