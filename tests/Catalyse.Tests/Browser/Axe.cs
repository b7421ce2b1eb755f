using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Catalyse.Tests.Browser;

/// <summary>axe-core (Deque.AxeCore.Playwright) on a page: serious and critical violations fail the test.</summary>
public static class Axe
{
    private static readonly string[] Blocking = ["serious", "critical"];
    private static readonly AxeRunOptions Options = new() { ResultTypes = [ResultType.Violations] };

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string shownAs)
    {
        // Legacy mode runs axe.run in the page itself: our pages have no frames, and it is about five
        // times faster here than the default mode, which opens an extra page for every check (~4 s).
        // Bounded: a page that cannot run scripts would otherwise never answer.
        // If a later package drops it, RunAxe(Options) gives the same results, only slower.
#pragma warning disable CS0618 // "Legacy Mode is being removed in the future"
        var result = await page.RunAxeLegacy(null, Options, null).WaitAsync(TimeSpan.FromSeconds(60));
#pragma warning restore CS0618
        var violations = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        if (violations.Count == 0) return;
        var report = new StringBuilder($"axe: {violations.Count} serious or critical violation(s) on {shownAs}\n");
        foreach (var v in violations)
        {
            report.AppendLine($"- {v.Id} [{v.Impact}]: {v.Help} ({v.HelpUrl})");
            foreach (var node in v.Nodes)
                report.AppendLine($"    at {node.Target}: {Shorten(node.Html)}");
        }
        Assert.Fail(report.ToString());
    }

    private static string Shorten(string? html) =>
        html is null ? "" : html.Length <= 200 ? html : html[..200] + "…";
}
