using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>summary.md's strategy section: the points, frontier and pick the model computed (<see cref="StrategySummary"/>), formatted.</summary>
public static class StrategyReport
{
    /// <summary>"Share of the ceiling", "Consumer strategies" and "Recommendation" sections; empty without a ceiling row.</summary>
    public static string Markdown(IReadOnlyList<StrategyPoint> points, IReadOnlyList<StrategySummary.Recommendation> recommendations, MachineInfo machine)
    {
        if (!points.Any(p => p.IsCeiling))
            return "";
        var md = new StringBuilder();
        string level = machine.Settings.Confidence.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);
        md.Append(CeilingShare(points, level));
        md.Append(StrategyTables(points, level));
        md.Append(Recommendation(recommendations, machine));
        return md.ToString();
    }

    private static string CeilingShare(IReadOnlyList<StrategyPoint> points, string level)
    {
        List<string> variants = points.Where(p => !p.IsCeiling).Select(p => p.Variant).Distinct().ToList();
        var md = new StringBuilder("## Share of the ceiling\n\n");
        md.Append("Each variant's mean throughput as a share of the ceiling row of the same scenario and run (the producer asks for no " +
                  $"wake-ups and the consumer drains on a timer: what the ring itself delivers here), with a {level} paired t interval on the log ratio " +
                  "over trial means. Above 100% means the variant beat that reference within this run's noise or by draining more often: the ceiling is a reference without wake-ups, no hard bound.\n\n");
        md.Append("| scenario | ceiling M/s | ceiling drops M/s |").Append(string.Concat(variants.Select(v => $" {v} |"))).Append('\n');
        md.Append("|---|---:|---:|").Append(string.Concat(variants.Select(_ => "---:|"))).Append('\n');
        foreach (var scenario in points.GroupBy(p => p.Scenario))
        {
            StrategyPoint? ceiling = scenario.FirstOrDefault(p => p.IsCeiling);
            if (ceiling is null)
                continue;
            md.Append($"| {scenario.Key} | {ceiling.Throughput.Text("F3")} | {ceiling.Drops.Text("F3")} |");
            foreach (string v in variants)
                md.Append(scenario.FirstOrDefault(p => p.Variant == v)?.OfCeiling is { } r ? $" {ShareText(r)} |" : " – |");
            md.Append('\n');
        }
        return md.Append('\n').ToString();
    }

    private static string StrategyTables(IReadOnlyList<StrategyPoint> points, string level)
    {
        var measured = points.GroupBy(p => p.Scenario).Where(g => g.Count(p => p.HasLatency) >= 2).ToList();
        if (measured.Count == 0)
            return "## Consumer strategies\n\nNo scenario measured delivery latency for two or more variants, so there is no throughput/latency " +
                   "trade-off to show: run the matrix with --latency-every 64 (or the latency group).\n\n";
        var md = new StringBuilder("## Consumer strategies\n\n");
        md.Append($"Per scenario, every variant as a strategy: mean over trials [{level} t interval over trial means, cut at zero]. p99: delivery latency " +
                  "(the median of the trials' p99s [their range]). Wake-ups: epoll returns with the ring readable; polls: looks the consumer took unnotified " +
                  "(poll timer, or a spin that saw data). CPU: the consumer thread's user + system seconds per second of run. " +
                  "Notify: what the producer asked of the kernel on each commit.\n\n");
        foreach (var scenario in measured)
        {
            md.Append($"### {scenario.Key}\n\n");
            md.Append("| variant | wait | notify | M/s | of ceiling | drops M/s | p99 us | wake-ups/s | polls/s | CPU s/s |\n");
            md.Append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (StrategyPoint p in scenario)
            {
                md.Append($"| {p.Variant}{(p.IsCeiling ? " (reference)" : "")} | {p.WaitStrategy} | {p.Notify} | {p.Throughput.Text("F3")} | " +
                          $"{(p.OfCeiling is { } r ? ShareText(r) : p.IsCeiling ? "100%" : "–")} | {p.Drops.Text("F3")} | {p.P99.Text("F0")} | " +
                          $"{p.WakeupsPerSecond.Text("F0")} | {p.PollsPerSecond.Text("F0")} | {p.CpuPerSecond.Text("F2")} |\n");
            }
            md.Append('\n');
        }
        return md.ToString();
    }

    /// <summary>Per scenario: the frontier, the pick for throughput and for latency, what is dominated (<see cref="StrategySummary.Recommend"/>); never from one trial.</summary>
    public static string Recommendation(IReadOnlyList<StrategySummary.Recommendation> recommendations, MachineInfo machine)
    {
        var md = new StringBuilder("## Recommendation\n\n");
        md.Append($"Measured on {machine.Hostname} ({machine.CpuModel}, {machine.Cpus} CPUs, kernel {machine.Kernel}, virtualization {machine.Virtualization}); " +
                  "another machine needs its own run. The frontier holds the strategies no other beats on both mean throughput and mean p99 latency; " +
                  "intervals are in the tables above, and where they overlap the order between two strategies is not settled.\n\n");
        foreach (StrategySummary.Recommendation r in recommendations)
        {
            if (!r.Enough)
            {
                md.Append($"- **{r.Scenario}**: no recommendation: {r.FewestTrials} trial(s) per variant; rerun with --trials 3 or more.\n");
                continue;
            }
            md.Append($"- **{r.Scenario}** ({r.FewestTrials}+ trials each): frontier {string.Join(", ", r.Frontier.Select(Brief))}. ");
            md.Append(r.Fastest == r.Prompt
                ? $"{r.Fastest.Variant} is both the fastest and the most prompt here{Unsettled(r.FastestRivals)}. "
                : $"For throughput take {r.Fastest.Variant}{Unsettled(r.FastestRivals)}; for latency take {r.Prompt.Variant}{Unsettled(r.PromptRivals)}. ");
            if (r.Dominated.Count > 0)
                md.Append($"Dominated: {string.Join(", ", r.Dominated.Select(d => $"{d.Point.Variant} (by {d.By.Variant})"))}. ");
            if (r.Lossy.Count > 0)
                md.Append($"Drops above 1% of throughput: {string.Join(", ", r.Lossy.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Variant} {p.Drops.Mean:F3} M/s")))}. ");
            md.Append('\n');
        }
        if (recommendations.Count == 0)
            md.Append("No scenario has delivery latency for two or more strategies, so no trade-off to recommend from.\n");
        return md.Append('\n').ToString();
    }

    /// <summary>" (not settled: ... within its interval)" where another strategy's interval overlaps the pick's: the mean alone then does not decide.</summary>
    private static string Unsettled(IReadOnlyList<string> rivals) =>
        rivals.Count == 0 ? "" : $" (not settled: {string.Join(", ", rivals)} within its interval)";

    private static string Brief(StrategyPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Variant} ({p.Throughput.Mean:F2} M/s{(p.OfCeiling is { } r ? $" = {r.Ratio:P0} of ceiling" : "")}, p99 {p.P99.Mean:F0} us, CPU {p.CpuPerSecond.Mean:F2} s/s)");

    private static string ShareText(RatioInterval r) => r.HasInterval
        ? string.Create(CultureInfo.InvariantCulture, $"{r.Ratio:P0} [{r.Low:P0}, {r.High:P0}]")
        : string.Create(CultureInfo.InvariantCulture, $"{r.Ratio:P0}");
}
