using System.Globalization;
using Ringbench.Compare;
using Ringbench.Results;
using Ringbench.Scenarios;
using ScottPlot;

namespace Ringbench.Plots;

/// <summary>
/// The figures of one result folder, made from its CSVs alone: grouped bars per scenario
/// group (throughput with error bars, drops on the right axis), multi-producer and sample-rate curves, the reproduction
/// forest plot (the patch enters only as ratios: its M/s are another machine's), port fidelity, and an overview.
/// </summary>
public sealed class ResultCharts(FolderSummary folder)
{
    private readonly IReadOnlyList<TrialSummary> _summaries = folder.Summaries;
    private readonly MachineInfo machine = folder.Machine;

    public static readonly string[] Headline = ["parallel", "parallel-sampled", "b2b", "multi-producer-1", "multi-producer-4", "same-cpu"];

    private List<string> Variants => _summaries.Select(s => s.Variant).Distinct().ToList();

    /// <summary>Every figure the data allows; returns name -> title.</summary>
    public IReadOnlyList<(string Name, string Title, Plot Plot)> All()
    {
        var figures = new List<(string, string, Plot)>();
        foreach (var group in _summaries.GroupBy(s => s.Group))
        {
            string name = "group-" + Slug(group.Key);
            figures.Add((name, group.Key, GroupBars(group.Key, group.ToList())));
        }
        if (_summaries.Any(s => s.Group == ScenarioCatalog.MultiProducerGroup))
            figures.Add(("multi-producer", "Multi-producer contention", MultiProducer()));
        if (_summaries.Any(s => s.Group == ScenarioCatalog.SampleRateGroup))
            figures.Add(("sample-rate", "Effect of sample rate", SampleRate()));
        if (TwinChart.Draw(folder) is Plot twins)
            figures.Add(("twins", "Port fidelity: C# ports against libbpf built from source", twins));
        Plot? reproduction = Reproduction();
        if (reproduction is not null)
            figures.Add(("reproduction", "Measured vs patch ratio", reproduction));
        IReadOnlyList<LatencyRow> latency = folder.Latency;
        if (latency.Count > 0)
        {
            figures.Add(("latency-percentiles", "Delivery latency percentiles", LatencyPercentiles(latency)));
            foreach (var scenario in latency.GroupBy(l => l.Scenario))
                figures.Add(($"latency-cdf-{scenario.Key}", $"Latency CDF: {scenario.Key}", LatencyCdf(scenario.Key, scenario.ToList())));
        }
        figures.AddRange(new StrategyCharts(folder.Strategies, machine).All());
        figures.AddRange(WakeupChart.All(folder));
        var headline = _summaries.Where(s => Headline.Contains(s.Scenario)).ToList();
        if (headline.Count > 0)
            figures.Add(("overview", "Overview", GroupBars("ringbench overview: headline scenarios", headline)));
        return figures;
    }

    /// <summary>One cluster of bars per scenario, one bar per variant; drops as diamonds on the right axis.</summary>
    public Plot GroupBars(string title, IReadOnlyList<TrialSummary> summaries)
    {
        Plot plot = Figure.New(title, "scenario", "throughput (M records/s), mean ± stddev", machine);
        List<string> scenarios = summaries.Select(s => s.Scenario).Distinct().ToList();
        List<string> variants = summaries.Select(s => s.Variant).Distinct().ToList();
        double width = 0.8 / variants.Count;
        bool anyDrops = summaries.Any(s => s.PooledDrops.Mean > 0);

        for (int v = 0; v < variants.Count; v++)
        {
            string variant = variants[v];
            var bars = new List<Bar>();
            var dropX = new List<double>();
            var dropY = new List<double>();
            for (int i = 0; i < scenarios.Count; i++)
            {
                TrialSummary? s = summaries.FirstOrDefault(x => x.Scenario == scenarios[i] && x.Variant == variant);
                if (s is null)
                    continue; // a scenario missing for this variant leaves a gap, not a zero
                double x = i + (v - (variants.Count - 1) / 2.0) * width;
                bars.Add(new Bar
                {
                    Position = x, Value = s.PooledThroughput.Mean, Error = s.PooledThroughput.StdDev,
                    FillColor = Figure.ColorOf(variant), Size = width * 0.9, ErrorSize = width * 0.3,
                });
                dropX.Add(x);
                dropY.Add(s.PooledDrops.Mean);
                // No patch marker here: its M/s come from another machine and do not belong on this machine's
                // axis; only ratios compare across machines (the reproduction figure).
            }
            if (bars.Count == 0)
                continue;
            var barPlot = plot.Add.Bars(bars);
            barPlot.LegendText = variant;
            if (anyDrops)
            {
                var drops = plot.Add.Markers(dropX.ToArray(), dropY.ToArray(), MarkerShape.FilledDiamond, 11, Figure.ColorOf(variant).Darken(0.4));
                drops.Axes.YAxis = plot.Axes.Right;
            }
        }
        if (anyDrops)
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = "drops (right axis)", MarkerShape = MarkerShape.FilledDiamond, MarkerSize = 11, MarkerFillColor = Colors.Black,
                MarkerLineColor = Colors.Black,
            });
        Figure.CategoryTicks(plot, scenarios);
        if (anyDrops)
        {
            plot.Axes.Right.Label.Text = "drops (M records/s), diamonds";
            plot.Axes.Right.Label.FontSize = 16;
        }
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Throughput against producers (1 to 52), a line per variant with error bars; drops dashed on the right axis.</summary>
    public Plot MultiProducer()
    {
        Plot plot = Figure.New("Ringbuf, multi-producer contention (batch 50)", "producers", "throughput (M records/s), mean ± stddev", machine);
        var rows = _summaries.Where(s => s.Group == ScenarioCatalog.MultiProducerGroup).ToList();
        foreach (var variant in rows.GroupBy(s => s.Variant))
        {
            var points = variant.OrderBy(s => Producers(s.Scenario)).ToList();
            double[] xs = points.Select(s => (double)Producers(s.Scenario)).ToArray();
            double[] ys = points.Select(s => s.PooledThroughput.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys, Figure.ColorOf(variant.Key));
            line.LegendText = variant.Key;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            var errors = plot.Add.ErrorBar(xs, ys, points.Select(s => s.PooledThroughput.StdDev).ToArray());
            errors.Color = Figure.ColorOf(variant.Key);
            var drops = plot.Add.Scatter(xs, points.Select(s => s.PooledDrops.Mean).ToArray(), Figure.ColorOf(variant.Key));
            drops.LinePattern = LinePattern.Dashed;
            drops.MarkerShape = MarkerShape.OpenDiamond;
            drops.Axes.YAxis = plot.Axes.Right;
        }
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "drops (dashed, right axis)", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 2,
            MarkerShape = MarkerShape.OpenDiamond, MarkerLineColor = Colors.Black,
        });
        plot.Axes.Right.Label.Text = "drops (M records/s), dashed";
        plot.Axes.Right.Label.FontSize = 16;
        // Fixed domain (1 to 52 producers) and zero-based axes, so runs of different scenario subsets compare by eye.
        plot.Axes.SetLimitsX(0, ScenarioCatalog.ProducerCounts.Max() + 2);
        plot.Axes.SetLimitsY(0, Top(rows.Select(s => s.PooledThroughput.Mean + s.PooledThroughput.StdDev)), plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Top(rows.Select(s => s.PooledDrops.Mean)), plot.Axes.Right);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Back-to-back throughput against sample rate, on a log x axis.</summary>
    public Plot SampleRate()
    {
        Plot plot = Figure.New("Ringbuf back-to-back, effect of sample rate (batch = sample rate)", "sample rate (records per wake-up, log scale)",
            "throughput (M records/s), mean ± stddev", machine);
        var rows = _summaries.Where(s => s.Group == ScenarioCatalog.SampleRateGroup).ToList();
        foreach (var variant in rows.GroupBy(s => s.Variant))
        {
            var points = variant.OrderBy(s => Rate(s.Scenario)).ToList();
            double[] xs = points.Select(s => Math.Log10(Rate(s.Scenario))).ToArray();
            double[] ys = points.Select(s => s.PooledThroughput.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys, Figure.ColorOf(variant.Key));
            line.LegendText = variant.Key;
            line.LineWidth = 2;
            var errors = plot.Add.ErrorBar(xs, ys, points.Select(s => s.PooledThroughput.StdDev).ToArray());
            errors.Color = Figure.ColorOf(variant.Key);
        }
        double[] rates = ScenarioCatalog.SampleRates.Select(r => (double)r).ToArray();
        plot.Axes.Bottom.SetTicks(rates.Select(Math.Log10).ToArray(), rates.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(-0.1, Math.Log10(rates.Max()) + 0.1);
        plot.Axes.SetLimitsY(0, Top(rows.Select(s => s.PooledThroughput.Mean + s.PooledThroughput.StdDev)), plot.Axes.Left);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// The reproduction as a forest plot: one row per scenario (the headline pair: libbpf itself where
    /// it ran), the measured after/before ratio with its interval on a log axis, the patch's ratio as
    /// a diamond, coloured by outcome; control rows (judged A/A) marked in their label.
    /// </summary>
    public Plot? Reproduction()
    {
        List<Reproduction.Row> rows = folder.Reproduction.Where(r => r.Headline).ToList();
        if (rows.Count == 0)
            return null;
        var items = rows.Select(r => new ForestPlot.Item(
            $"{r.Scenario}{(r.IsControl ? " (control, A/A)" : "")}", r.MeasuredRatio, r.Low, r.High, OutcomeColor(r.Outcome),
            r.IsControl ? null : r.PatchRatio)).ToList();
        return ForestPlot.Draw("Reproduction of the patch: measured after / before, with the patch's ratio",
            $"throughput ratio after / before (log scale; {machine.Settings.Confidence:P1} intervals over trials)", Figure.Footer(machine), items, 0.05,
            referenceLegend: "the patch (Ryzen 9 7950X)",
            legend: OutcomeColors.Select(kv => (kv.Key, kv.Value)).ToList());
    }

    private static readonly Dictionary<string, Color> OutcomeColors = new()
    {
        [Compare.Reproduction.Reproduced] = Color.FromHex("#2ca02c"),
        [Compare.Reproduction.NotReproduced] = Color.FromHex("#d62728"),
        [Compare.Reproduction.Inconclusive] = Color.FromHex("#ff7f0e"),
        [Compare.Reproduction.TwoModes] = Color.FromHex("#9467bd"),
        [Compare.Reproduction.NeedsTrials] = Color.FromHex("#7f7f7f"),
    };

    private static Color OutcomeColor(string outcome) => OutcomeColors.TryGetValue(outcome, out Color c) ? c : Colors.Gray;

    /// <summary>Per latency scenario, a bar per variant at p99, with p50 and p99.9 marked, on a log axis.</summary>
    public Plot LatencyPercentiles(IReadOnlyList<LatencyRow> rows)
    {
        Plot plot = Figure.New("Delivery latency: p99 (bars), p50 (circles), p99.9 (triangles)", "scenario", "latency (us, log scale)", machine);
        List<string> scenarios = rows.Select(r => r.Scenario).Distinct().ToList();
        List<string> variants = rows.Select(r => r.Variant).Distinct().ToList();
        double width = 0.8 / variants.Count;
        double Log(double us) => Math.Log10(Math.Max(us, 0.1));
        var markers = new List<(double X, double P50, double P999)>();
        for (int v = 0; v < variants.Count; v++)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < scenarios.Count; i++)
            {
                var run = rows.Where(r => r.Scenario == scenarios[i] && r.Variant == variants[v]).ToList();
                if (run.Count == 0)
                    continue;
                double x = i + (v - (variants.Count - 1) / 2.0) * width;
                bars.Add(new Bar { Position = x, Value = Log(LatencyRow.MedianAt(run, 0.99)), ValueBase = Log(0.1), FillColor = Figure.ColorOf(variants[v]), Size = width * 0.9 });
                markers.Add((x, Log(LatencyRow.MedianAt(run, 0.5)), Log(LatencyRow.MedianAt(run, 0.999))));
            }
            if (bars.Count > 0)
                plot.Add.Bars(bars).LegendText = variants[v];
        }
        // After the bars, so they sit on top of them.
        foreach (var (x, p50, p999) in markers)
        {
            plot.Add.Marker(x, p50, MarkerShape.FilledCircle, 10, Colors.White).MarkerLineColor = Colors.Black;
            plot.Add.Marker(x, p999, MarkerShape.FilledTriangleUp, 10, Colors.Black);
        }
        Figure.CategoryTicks(plot, scenarios);
        Figure.LogTicks(plot.Axes.Left, rows.Select(r => r.Microseconds));
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>The latency CDF of one scenario, a line per variant, latency on a log axis.</summary>
    public Plot LatencyCdf(string scenario, IReadOnlyList<LatencyRow> rows)
    {
        Plot plot = Figure.New($"Latency CDF: {scenario}", "delivery latency (us, log scale)", "fraction of records delivered within", machine);
        foreach (var variant in rows.GroupBy(r => r.Variant))
        {
            var points = variant.GroupBy(r => r.Quantile).OrderBy(g => g.Key).Select(g => (Q: g.Key, Us: g.Average(r => r.Microseconds))).ToList();
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(Math.Max(p.Us, 0.1))).ToArray(), points.Select(p => p.Q).ToArray(), Figure.ColorOf(variant.Key));
            line.LegendText = variant.Key;
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }
        Figure.LogTicks(plot.Axes.Bottom, rows.Select(r => r.Microseconds));
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>An axis top with headroom that stays sensible when everything is zero or missing.</summary>
    private static double Top(IEnumerable<double> values)
    {
        double max = values.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return max > 0 ? max * 1.12 : 1;
    }

    private static int Producers(string scenario) => int.Parse(scenario["multi-producer-".Length..], CultureInfo.InvariantCulture);

    private static int Rate(string scenario) => int.Parse(scenario["sample-rate-".Length..], CultureInfo.InvariantCulture);

    public static string Slug(string text) =>
        string.Join("-", new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
