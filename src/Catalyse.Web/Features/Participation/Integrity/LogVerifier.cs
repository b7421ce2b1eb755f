using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Catalyse.Web.Features.Participation.Integrity;

/// <summary>What a check of an exported log found: the tally it recounts, and the first broken line if any.</summary>
/// <param name="Ballots">Every line's choice, in order: a vote's method recounts them (<see cref="Votes.Tally"/>).</param>
public sealed record LogCheck(bool Valid, int Lines, int Count, Dictionary<string, int> Choices, string? Head, int? BrokenLine, string? Problem)
{
    public List<string> Ballots { get; init; } = [];
}

/// <summary>
/// Recounts a tally from an exported log alone, checking every line: numbered 1, 2, 3…, chained to the previous
/// line's hash, its own hash recomputed from its fields, each pseudonym once. One edited, removed, reordered or
/// inserted line breaks the chain there; a removed last line changes the head and the count published beside the log.
/// </summary>
public static class LogVerifier
{
    public static LogCheck Check(TextReader reader)
    {
        var choices = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var previous = LogChain.Genesis;
        var ballots = new List<string>();
        var lines = 0;
        LogCheck Broken(int line, string problem) => new(false, lines, seen.Count, choices, null, line, problem);
        try
        {
            using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
            if (!csv.Read() || !csv.ReadHeader() || string.Join(',', csv.HeaderRecord ?? []) != LogChain.CsvHeader)
                return Broken(1, "header");
            while (csv.Read())
            {
                lines++;
                var line = lines + 1;
                if (csv.Parser.Count != 6) return Broken(line, "fields");
                string F(int i) => csv.GetField(i) ?? "";
                if (!int.TryParse(F(0), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq != lines) return Broken(line, "seq");
                if (!DateTimeOffset.TryParseExact(F(1), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)) return Broken(line, "at");
                var (pseudonym, choice, prev, hash) = (F(2), F(3), F(4), F(5));
                if (prev != previous) return Broken(line, "previous_hash");
                if (LogChain.HashOf(seq, at, pseudonym, choice, prev) != hash) return Broken(line, "hash");
                if (!seen.Add(pseudonym)) return Broken(line, "duplicate");
                ballots.Add(choice);
                if (choice.Length > 0)
                    foreach (var c in choice.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        choices[c] = choices.GetValueOrDefault(c) + 1;
                previous = hash;
            }
        }
        catch (CsvHelperException)
        {
            return Broken(lines + 1, "csv");
        }
        return new LogCheck(true, lines, seen.Count, choices, lines == 0 ? LogChain.Genesis : previous, null, null) { Ballots = ballots };
    }
}

/// <summary>A vote's count from its log alone: the options are those the ballots name (titles and costs are on the vote's page).</summary>
public static class LogRecount
{
    public static Votes.TallyResult Count(Votes.VoteMethod method, IReadOnlyList<string> ballots)
    {
        var ids = new SortedSet<int>();
        foreach (var choice in ballots)
        {
            var found = method switch
            {
                Votes.VoteMethod.Ranked => Votes.Choices.Ids(choice, '>'),
                Votes.VoteMethod.Score => Votes.Choices.ScoreMap(choice)?.Keys.ToList(),
                _ => Votes.Choices.Ids(choice, ' '),
            };
            foreach (var id in found ?? []) ids.Add(id);
        }
        // A budget's projects are counted by approvals here: which fit in the money needs their costs.
        var counted = method == Votes.VoteMethod.Budget ? Votes.VoteMethod.Approval : method;
        return Votes.Tally.Count(counted, ids.Select(id => new Votes.TallyOption(id, Votes.Choices.Token(id), 0)).ToList(), ballots);
    }
}

/// <summary>The offline recount: <c>dotnet Catalyse.Web.dll verify-log vote-3-log.csv [single|approval|ranked|score|budget]</c> (exit code 0 when the chain holds).</summary>
public static class LogVerifierCommand
{
    public static int Run(string path, TextWriter output, Votes.VoteMethod? method = null)
    {
        if (!File.Exists(path))
        {
            output.WriteLine($"No such file: {path}");
            return 2;
        }
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        var check = LogVerifier.Check(reader);
        if (!check.Valid)
        {
            output.WriteLine($"BROKEN at line {check.BrokenLine} ({check.Problem}); {Math.Max(0, check.Lines - 1)} lines checked before it.");
            return 1;
        }
        output.WriteLine($"OK: {check.Lines} lines, chain intact, {check.Count} distinct participants.");
        if (method is { } m)
            foreach (var line in LogRecount.Count(m, check.Ballots).Lines) output.WriteLine($"  {line.Rank}. {line.Title}: {line.Votes}");
        else
            foreach (var (choice, n) in check.Choices.OrderByDescending(c => c.Value)) output.WriteLine($"  {choice}: {n}");
        output.WriteLine($"Head: {check.Head}");
        return 0;
    }
}
