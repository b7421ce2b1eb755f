using System.Globalization;

namespace Catalyse.Web.Features.Participation.Votes;

/// <summary>
/// A ballot's choice as text, the same in the ballots table and in the public log, so that anyone can recount:
/// single <c>o12</c>; approval and budget <c>o3 o7 o12</c> (ascending); ranked <c>o7&gt;o3&gt;o12</c> (first preferred,
/// unranked options after all ranked ones); score <c>o3=4 o7=0 o12=5</c> (every option, ascending).
/// </summary>
public static class Choices
{
    public static string Token(int optionId) => "o" + optionId.ToString(CultureInfo.InvariantCulture);

    public static string Set(IEnumerable<int> ids) => string.Join(' ', ids.Order().Select(Token));

    public static string Ranking(IEnumerable<int> ids) => string.Join('>', ids.Select(Token));

    public static string Scores(IEnumerable<KeyValuePair<int, int>> scores) =>
        string.Join(' ', scores.OrderBy(s => s.Key).Select(s => Token(s.Key) + "=" + s.Value.ToString(CultureInfo.InvariantCulture)));

    private static int? Id(string token) =>
        token.Length > 1 && token[0] == 'o' && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The option ids of a set or a ranking, in order; null when the text is not well formed.</summary>
    public static List<int>? Ids(string choice, char separator)
    {
        if (choice.Length == 0) return [];
        var ids = new List<int>();
        foreach (var token in choice.Split(separator))
            if (Id(token) is { } id) ids.Add(id); else return null;
        return ids.Distinct().Count() == ids.Count ? ids : null;
    }

    public static Dictionary<int, int>? ScoreMap(string choice)
    {
        var scores = new Dictionary<int, int>();
        foreach (var part in choice.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0 || Id(part[..eq]) is not { } id || !int.TryParse(part.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var score)
                || !scores.TryAdd(id, score)) return null;
        }
        return scores;
    }
}
