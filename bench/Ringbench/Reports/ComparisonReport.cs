using System.Globalization;
using System.Text;
using CsvHelper.Configuration.Attributes;
using Ringbench.Plots;
using Ringbench.Results;
using ScottPlot;
using Ringbench.Analysis;

namespace Ringbench.Reports;

/// <summary>A comparison as Markdown, CSV and a ratio chart; the terminal table lives in the CLI.</summary>
public static class ComparisonReport
{
    public sealed record CsvRow
    {
        [Name("schema_version")] public int SchemaVersion { get; init; } = ResultRow.CurrentSchema;
        [Name("baseline")] public string Baseline { get; init; } = "";
        [Name("candidate")] public string Candidate { get; init; } = "";
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("variant")] public string Variant { get; init; } = "";
        [Name("candidate_variant")] public string CandidateVariant { get; init; } = "";
        [Name("baseline_mean_mps")] public double BaselineMean { get; init; }
        [Name("baseline_stddev_mps")] public double BaselineStdDev { get; init; }
        [Name("candidate_mean_mps")] public double CandidateMean { get; init; }
        [Name("candidate_stddev_mps")] public double CandidateStdDev { get; init; }
        [Name("baseline_drops_mps")] public double BaselineDrops { get; init; }
        [Name("candidate_drops_mps")] public double CandidateDrops { get; init; }
        [Name("ratio")] public double Ratio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("verdict")] public string Verdict { get; init; } = "";
        [Name("method")] public string Method { get; init; } = "";
        [Name("baseline_ceiling_share"), Optional] public double BaselineCeilingShare { get; init; }
        [Name("candidate_ceiling_share"), Optional] public double CandidateCeilingShare { get; init; }
    }

    public static IEnumerable<CsvRow> Csv(ComparisonResult c) => c.Rows.Select(r => new CsvRow
    {
        Baseline = c.Baseline.Name, Candidate = c.Candidate.Name, Scenario = r.Scenario, Variant = r.Variant, CandidateVariant = r.CandidateVariant,
        BaselineMean = r.Baseline.Mean, BaselineStdDev = r.Baseline.StdDev, CandidateMean = r.Candidate.Mean, CandidateStdDev = r.Candidate.StdDev,
        BaselineDrops = r.BaselineDrops, CandidateDrops = r.CandidateDrops, Ratio = r.Ratio.Ratio, Low = r.Ratio.Low, High = r.Ratio.High,
        Verdict = VerdictRule.Text(r.Verdict), Method = r.Method,
        BaselineCeilingShare = r.BaselineCeilingShare, CandidateCeilingShare = r.CandidateCeilingShare,
    });

    /// <summary>"41% → 58%": each side's share of its own ceiling; "–" for a side without a ceiling row.</summary>
    public static string CeilingShareText(ComparisonRow r)
    {
        static string Share(double s) => double.IsNaN(s) ? "–" : s.ToString("P0", CultureInfo.InvariantCulture);
        return $"{Share(r.BaselineCeilingShare)} → {Share(r.CandidateCeilingShare)}";
    }

    public static string Markdown(ComparisonResult c, double threshold)
    {
        var md = new StringBuilder($"# ringbench compare: {c.Baseline.Name} → {c.Candidate.Name}\n\n");
        md.AppendLine(Header(c)).AppendLine();
        md.AppendLine($"Ratio: candidate / baseline mean throughput; interval: 95% t interval on the log trial means (paired by trial within one folder, Welch between folders) where both sides have trials. " +
                      $"Threshold ±{threshold:P0}.").AppendLine();
        bool shares = c.Rows.Any(r => r.HasCeilingShare);
        if (shares)
            md.AppendLine("Of ceiling: each side's mean throughput as a share of the ceiling row (no wake-ups, timed drain) measured in the same run " +
                          "on the same machine; across machines it says more than raw M/s.").AppendLine();
        md.AppendLine("| scenario | variant | baseline M/s | candidate M/s | drops M/s (base → cand) |" + (shares ? " of ceiling (base → cand) |" : "") +
                      " ratio [95% CI] | verdict | method |");
        md.AppendLine("|---|---|---:|---:|---:|" + (shares ? "---:|" : "") + "---:|---|---|");
        foreach (ComparisonRow r in c.Rows)
        {
            string variant = r.Variant == r.CandidateVariant ? r.Variant : $"{r.Variant} → {r.CandidateVariant}";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {variant} | {r.Baseline.Mean:F3} ± {r.Baseline.StdDev:F3} | {r.Candidate.Mean:F3} ± {r.Candidate.StdDev:F3} | " +
                $"{r.BaselineDrops:F3} → {r.CandidateDrops:F3} |{(shares ? $" {CeilingShareText(r)} |" : "")} {r.Ratio.Text()} | " +
                $"{VerdictRule.Text(r.Verdict)} | {r.Method} |"));
        }
        md.AppendLine();
        if (c.OnlyInBaseline.Count > 0) md.AppendLine($"Only in {c.Baseline.Name}: {string.Join(", ", c.OnlyInBaseline)}.").AppendLine();
        if (c.OnlyInCandidate.Count > 0) md.AppendLine($"Only in {c.Candidate.Name}: {string.Join(", ", c.OnlyInCandidate)}.").AppendLine();
        return md.ToString();
    }

    /// <summary>The two machines, and what differs between them.</summary>
    public static string Header(ComparisonResult c)
    {
        static string Describe(ComparisonInput i) => i.Machine is { } m ? m.Description : "(no machine.json)";
        var text = new StringBuilder();
        text.AppendLine($"Baseline {c.Baseline.Name}: {Describe(c.Baseline)}").AppendLine();
        text.AppendLine($"Candidate {c.Candidate.Name}: {Describe(c.Candidate)}").AppendLine();
        text.Append(c.MachineDifferences.Count == 0 ? "Same machine and settings." : "Differences: " + string.Join("; ", c.MachineDifferences) + ".");
        return text.ToString();
    }

    /// <summary>One bar per scenario (x variant): the ratio, its interval where there is one, and the threshold band around 1.</summary>
    public static Plot Chart(ComparisonResult c, double threshold)
    {
        MachineInfo machine = c.Candidate.Machine ?? new MachineInfo { Hostname = c.Candidate.Name };
        Plot plot = Figure.New($"{c.Candidate.Name} / {c.Baseline.Name}", "scenario", "throughput ratio (candidate / baseline)", machine);
        var band = plot.Add.HorizontalSpan(1 - threshold, 1 + threshold);
        band.FillColor = Colors.Gray.WithAlpha(0.2);
        band.LegendText = $"±{threshold:P0}: same";
        var bars = c.Rows.Select((r, i) => new Bar
        {
            Position = i, Value = r.Ratio.Ratio, Size = 0.7,
            FillColor = r.Verdict switch
            {
                Verdict.Faster or Verdict.SlightlyFaster => Color.FromHex("#2ca02c"),
                Verdict.Slower or Verdict.SlightlySlower => Color.FromHex("#d62728"),
                _ => Color.FromHex("#7f7f7f"),
            },
        }).ToList();
        plot.Add.Bars(bars);
        for (int i = 0; i < c.Rows.Count; i++)
        {
            if (c.Rows[i].Ratio.HasInterval)
            {
                var line = plot.Add.Line(i, c.Rows[i].Ratio.Low, i, c.Rows[i].Ratio.High);
                line.Color = Colors.Black;
                line.LineWidth = 2;
            }
        }
        plot.Add.HorizontalLine(1, 1, Colors.Black, LinePattern.Dashed);
        string Label(ComparisonRow r) => r.Variant == "*" || r.Variant == r.CandidateVariant && c.Rows.Select(x => x.Variant).Distinct().Count() == 1
            ? r.Scenario : $"{r.Scenario} {r.Variant}";
        Figure.CategoryTicks(plot, c.Rows.Select(Label).ToList());
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
