namespace Catalyse.Web.Features.Participation.Votes;

public sealed record TallyOption(int Id, string Title, long Cost);

/// <summary>One option's line of the result, in the order of the result (winner first).</summary>
/// <param name="Votes">Single: votes; approval and budget: approvals; ranked: Schulze wins (options it beats); score: total score.</param>
/// <param name="Average">Score: the average score; otherwise the share of ballots that chose it (0–1).</param>
public sealed record TallyLine(int OptionId, string Title, long Votes, double Average, int Rank, bool Elected, long Cost);

/// <summary>The result of a vote. <see cref="Pairwise"/> (ranked): for each option, how many ballots prefer it to each other one.</summary>
public sealed record TallyResult(string Method, int Ballots, int Invalid, List<TallyLine> Lines, long Spent,
    Dictionary<int, Dictionary<int, int>>? Pairwise);

/// <summary>
/// Counts ballots, from the ballots table or from the exported log alike (the same code for the official result and the
/// recount). Ranked: the Schulze method. Budget: projects by number of approvals, each elected when its cost fits in what
/// is left, otherwise skipped for the next ones (the whole budget is used as far as possible).
/// </summary>
public static class Tally
{
    public static TallyResult Count(VoteMethod method, IReadOnlyList<TallyOption> options, IEnumerable<string> choices, long budgetTotal = 0)
    {
        var ids = options.Select(o => o.Id).ToHashSet();
        var position = options.Select((o, i) => (o.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var counts = options.ToDictionary(o => o.Id, _ => 0L);
        var pairwise = method == VoteMethod.Ranked ? options.ToDictionary(o => o.Id, _ => options.ToDictionary(o => o.Id, _ => 0)) : null;
        int ballots = 0, invalid = 0;
        foreach (var choice in choices)
        {
            ballots++;
            switch (method)
            {
                case VoteMethod.Single or VoteMethod.Approval or VoteMethod.Budget:
                    if (Choices.Ids(choice, ' ') is { } set && set.All(ids.Contains) && (method != VoteMethod.Single || set.Count == 1))
                        foreach (var id in set) counts[id]++;
                    else invalid++;
                    break;
                case VoteMethod.Score:
                    if (Choices.ScoreMap(choice) is { } scores && scores.Keys.All(ids.Contains))
                        foreach (var (id, score) in scores) counts[id] += score;
                    else invalid++;
                    break;
                case VoteMethod.Ranked:
                    if (Choices.Ids(choice, '>') is { } ranking && ranking.All(ids.Contains))
                    {
                        var rank = ranking.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
                        foreach (var a in ids)
                            foreach (var b in ids)
                                if (a != b && rank.TryGetValue(a, out var ra) && (!rank.TryGetValue(b, out var rb) || ra < rb))
                                    pairwise![a][b]++;
                    }
                    else invalid++;
                    break;
            }
        }
        var valid = Math.Max(1, ballots - invalid);
        if (method == VoteMethod.Ranked) counts = SchulzeWins(ids, pairwise!);
        var ordered = options.OrderByDescending(o => counts[o.Id])
            .ThenBy(o => method == VoteMethod.Budget ? o.Cost : 0).ThenBy(o => position[o.Id]).ToList();
        var lines = new List<TallyLine>();
        long spent = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var o = ordered[i];
            var rank = i > 0 && counts[o.Id] == counts[ordered[i - 1].Id] ? lines[i - 1].Rank : i + 1;
            bool elected;
            if (method == VoteMethod.Budget)
            {
                elected = counts[o.Id] > 0 && spent + o.Cost <= budgetTotal;
                if (elected) spent += o.Cost;
            }
            else elected = rank == 1 && counts[o.Id] > 0;
            var average = method == VoteMethod.Score ? (double)counts[o.Id] / valid : method == VoteMethod.Ranked ? 0 : (double)counts[o.Id] / valid;
            lines.Add(new TallyLine(o.Id, o.Title, counts[o.Id], average, rank, elected, o.Cost));
        }
        return new TallyResult(method.ToString(), ballots, invalid, lines, spent, pairwise);
    }

    /// <summary>Schulze: strongest paths between options (Floyd–Warshall on the winning margins); an option's wins are the options it beats.</summary>
    private static Dictionary<int, long> SchulzeWins(HashSet<int> ids, Dictionary<int, Dictionary<int, int>> d)
    {
        var p = ids.ToDictionary(a => a, a => ids.ToDictionary(b => b, b => a != b && d[a][b] > d[b][a] ? d[a][b] : 0));
        foreach (var i in ids)
            foreach (var j in ids)
                if (i != j)
                    foreach (var k in ids)
                        if (i != k && j != k)
                            p[j][k] = Math.Max(p[j][k], Math.Min(p[j][i], p[i][k]));
        return ids.ToDictionary(a => a, a => (long)ids.Count(b => a != b && p[a][b] > p[b][a]));
    }
}
