using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Ring;

using static Ringbench.Reports.CounterText;

namespace Ringbench.Reports;

/// <summary>
/// "Which consumer is correct and cheapest here" (<see cref="DesignComparison"/>), formatted:
/// designs.md with the model's verdicts, the stalls, the ratios with their mechanism counters,
/// and the sentences the report quotes.
/// </summary>
public static class DesignReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(Results.ResultFolder folder, FolderSummary summary)
    {
        File.Delete(folder.DesignsMarkdown);
        if (summary.Designs.Any)
            File.WriteAllText(folder.DesignsMarkdown, Markdown(summary.Designs, summary));
    }

    public const string FileName = Results.ResultFolder.DesignsFile;

    /// <summary>The sentences a reader quotes: which designs are correct here and which is cheapest, with the numbers.</summary>
    public static IReadOnlyList<string> Sentences(DesignComparison.Result r)
    {
        var lines = new List<string>();
        if (!r.Any)
            return lines;
        string timeout = string.Create(Inv, $"{r.WaitTimeoutMs} ms");
        lines.Add(r.ControlStalled switch
        {
            true => $"The positive control ({Names(r.Standings.Where(s => s.IsPositiveControl))}) stalled in this folder " +
                    $"({r.ControlStalls} waits ran out with records waiting, wait timeout {timeout}): the race was hit here, so zero stalls elsewhere count.",
            false => $"The positive control ({Names(r.Standings.Where(s => s.IsPositiveControl))}) did NOT stall in this folder: zero stalls of the designs here prove nothing by themselves.",
            null => "No positive control ran in this folder: zero stalls of the designs here prove nothing by themselves.",
        });
        foreach (var design in r.Standings.Where(s => DesignComparison.Is2026Design(s.Design)).GroupBy(s => s.Design.Name))
        {
            var first = design.First();
            string model = first.ModelLosesUnbounded || first.ModelLosesBounded
                ? $"the model check finds a lost wake-up ({(first.ModelLosesUnbounded ? "unbounded" : "")}{(first.ModelLosesUnbounded && first.ModelLosesBounded ? " and " : "")}{(first.ModelLosesBounded ? "bounded to one record a call" : "")})"
                : "the model check finds no lost wake-up, unbounded or bounded";
            string runs = string.Join("; ", design.Select(s => string.Create(Inv, $"{s.Variant.Name} {s.Stalls} stall(s) in {s.RunsWithStalls} of {s.Runs} runs")));
            lines.Add($"{design.Key}: {model}; here {runs}.");
        }
        lines.AddRange(UserPairSentences(r, r.ControlStalled == true ? "the positive control stalled in this folder" : "no positive control stalled in this folder"));
        var cheapest = DesignComparison.CheapestCorrect(r);
        if (r.Baseline is not null && cheapest.Count > 0)
        {
            lines.Add($"Cheapest correct 2026 design per row, against {r.Baseline.Name}: " + string.Join("; ", cheapest.Select(c =>
                string.Create(Inv, $"{c.Scenario} {c.Variant.Name} {c.Ratio!.Text()} ({VerdictRule.Text(c.Verdict!.Value)}; sleeps/1k {Number(c.Side.SleepsPerThousand, "F1")} vs {Number(c.Baseline!.SleepsPerThousand, "F1")}, dropped {Percent(c.Side.DropShare)} vs {Percent(c.Baseline.DropShare)})"))) + ".");
        }
        return lines;
    }

    /// <summary>The conclusion's sentences on the designs: each 2026 design's stalls (both builds) and model verdict in one sentence, then the cheapest correct per row.</summary>
    public static IReadOnlyList<string> Summary(DesignComparison.Result r)
    {
        if (!r.Any)
            return [];
        var parts = r.Standings.Where(s => DesignComparison.Is2026Design(s.Design)).GroupBy(s => s.Design.Name).Select(d =>
        {
            long stalls = d.Sum(s => s.Stalls);
            var first = d.First();
            string model = first.ModelLosesUnbounded ? "the model loses a wake-up"
                : first.ModelLosesBounded ? "the model loses a wake-up bounded" : "the model finds none";
            return string.Create(Inv, $"{d.Key} {stalls} stalls in {d.Sum(s => s.RunsWithStalls)} of {d.Sum(s => s.Runs)} runs ({model})");
        });
        string control = r.ControlStalled == true
            ? string.Create(Inv, $"the positive control stalled {r.ControlStalls} times in the same runs")
            : "the positive control did not stall, so zero stalls prove nothing";
        var lines = new List<string>();
        if (parts.Any())
            lines.Add($"The 2026 designs, libbpf build and port together ({control}): {string.Join("; ", parts)}.");
        lines.AddRange(UserPairSentences(r, control));
        var cheapest = DesignComparison.CheapestCorrect(r);
        if (r.Baseline is not null && cheapest.Count > 0)
            lines.Add($"Fastest correct design per row against {r.Baseline.Name}: " + string.Join("; ", cheapest.Select(c =>
                string.Create(Inv, $"{c.Scenario} {c.Variant.Name} {c.Ratio!.Text()} ({VerdictRule.Text(c.Verdict!.Value)})"))) + ".");
        return lines;
    }

    /// <summary>One sentence per user diff: its after/before ratio on each scenario with the verdict and the stalls on both sides.</summary>
    private static IEnumerable<string> UserPairSentences(DesignComparison.Result r, string control) =>
        r.UserPairs.GroupBy(p => p.Name).Select(g =>
            $"Your diff {g.Key} ({g.First().After.Name} against {g.First().Before.Name}; {control}): " +
            string.Join("; ", g.Select(p => string.Create(Inv,
                $"{p.Scenario} {p.Ratio.Text()} ({VerdictRule.Text(p.Verdict)}), stalls {p.StallsAfter} with it, {p.StallsBefore} without"))) + ".");

    public static string Markdown(DesignComparison.Result r, FolderSummary summary)
    {
        var md = new StringBuilder();
        md.AppendLine("# Which consumer is correct and cheapest here").AppendLine();
        md.AppendLine(string.Create(Inv, $"Machine: {summary.Machine.ProcessorText}, {summary.Machine.Virtualization}, kernel {summary.Machine.Kernel}. " +
                                         $"Ratios against {r.Baseline?.Name ?? "(no libbpf as shipped in this folder)"}, paired by trial, at {summary.Confidence:P0}. " +
                                         $"Every wait times out after {r.WaitTimeoutMs} ms, then the consumer drains: a lost wake-up costs one timeout and is counted as a stall; with an infinite wait it is a hang."));
        md.AppendLine();
        foreach (string line in Sentences(r))
            md.AppendLine("- " + line);
        md.AppendLine().AppendLine("## The model check (x86-TSO, `./run-bench.sh model-check`)").AppendLine();
        md.AppendLine("| variant | design | loses a wake-up, unbounded | bounded to 1 record a call | stalls here | runs with stalls |");
        md.AppendLine("|---|---|---|---|---:|---:|");
        foreach (var s in r.Standings)
            md.AppendLine(string.Create(Inv, $"| {s.Variant.Name} | {s.Design.Name} | {YesNo(s.ModelLosesUnbounded)} | {YesNo(s.ModelLosesBounded)} | {s.Stalls} | {s.RunsWithStalls} of {s.Runs} |"));
        md.AppendLine().AppendLine("## Each row against libbpf as shipped").AppendLine();
        md.AppendLine("| scenario | variant | design | ratio | verdict | stalls | sleeps/1k records | baseline's | dropped | baseline's | consumer CPU ns/record | baseline's |");
        md.AppendLine("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in r.Rows)
        {
            md.AppendLine(string.Create(Inv,
                $"| {row.Scenario} | {row.Variant.Name} | {row.Design.Name} | {row.Ratio?.Text() ?? (r.Baseline?.Name == row.Variant.Name ? "(baseline)" : "(no baseline here)")} | {(row.Verdict is { } v ? VerdictRule.Text(v) : "")} | {row.Stalls} | " +
                $"{Number(row.Side.SleepsPerThousand, "F2")} | {Number(row.Baseline?.SleepsPerThousand ?? double.NaN, "F2")} | {Percent(row.Side.DropShare)} | {Percent(row.Baseline?.DropShare ?? double.NaN)} | " +
                $"{Number(row.Side.CpuNsPerRecord, "F0")} | {Number(row.Baseline?.CpuNsPerRecord ?? double.NaN, "F0")} |"));
        }
        if (r.UserPairs.Count > 0)
        {
            md.AppendLine().AppendLine("## Your diffs, each against its own build without it").AppendLine();
            md.AppendLine("| diff | scenario | after / before | verdict | stalls with it | without | sleeps/1k with | without | dropped with | without |");
            md.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var p in r.UserPairs)
                md.AppendLine(string.Create(Inv,
                    $"| {p.Name} | {p.Scenario} | {p.Ratio.Text()} | {VerdictRule.Text(p.Verdict)} | {p.StallsAfter} | {p.StallsBefore} | " +
                    $"{Number(p.AfterSide.SleepsPerThousand, "F2")} | {Number(p.BeforeSide.SleepsPerThousand, "F2")} | {Percent(p.AfterSide.DropShare)} | {Percent(p.BeforeSide.DropShare)} |"));
        }
        md.AppendLine().AppendLine("What an x86 guest cannot show: the model is x86-TSO, where a seq_cst store (xchg) and libbpf's smp_mb() are both full barriers. " +
                                   "On arm64 and powerpc64 the C11 question (a SeqCst store followed by acquire loads is not StoreLoad-ordered there; aya 7277a57e) " +
                                   "and libbpf's own compiler.h barriers against the kernel tree's are for a fleet host of that architecture.");
        return md.ToString();
    }

    private static string Names(IEnumerable<DesignComparison.Standing> s) => string.Join(", ", s.Select(x => x.Variant.Name));

    private static string YesNo(bool loses) => loses ? "**yes**" : "no";
}
