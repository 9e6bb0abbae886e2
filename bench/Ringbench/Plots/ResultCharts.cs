using System.Globalization;
using Ringbench.Analysis;
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

    /// <summary>One colour per variant of the folder, the same in each of its figures.</summary>
    private readonly VariantPalette _palette = new(folder.Summaries.Select(s => s.Variant).Concat(folder.Strategies.Select(p => p.Variant)));

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
        if (MultiProducer() is Plot multiProducer)
            figures.Add(("multi-producer", "Multi-producer contention", multiProducer));
        if (folder.BufferChoices.Count > 0)
        {
            // The title names the buffers drawn: the families that ran beside another somewhere in this folder.
            var options = folder.BufferChoices.SelectMany(r => r.Options).ToList();
            string choosing = "Choosing a buffer: " + string.Join(", ", options.Select(o => $"{o.Family} ({o.Run.Variant})").Distinct());
            figures.Add(("choosing", choosing, GroupBars(choosing, options.Select(o => o.Run).ToList())));
        }
        if (SampleRate() is Plot sampleRate)
            figures.Add(("sample-rate", "Effect of sample rate", sampleRate));
        if (TwinChart.Draw(folder, _palette) is Plot twins)
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
        figures.AddRange(new StrategyCharts(folder.Strategies, machine, _palette).All());
        figures.AddRange(WakeupChart.All(folder, _palette));
        var headline = _summaries.Where(s => ScenarioCatalog.OverviewIds.Contains(s.Scenario)).ToList();
        if (headline.Count > 0)
            figures.Add(("overview", "Overview", GroupBars("ringbench overview: headline scenarios", headline)));
        return figures;
    }

    /// <summary>
    /// One cluster of bars per scenario, one bar per variant, mean with its ± stddev whisker cut at
    /// zero (a rate is never negative); drops as diamonds on an axis of their own at the right, as
    /// the share of the records attempted (0-100%): on the throughput axis a consumer that sleeps
    /// through a lost wake-up sets the scale with its drops (57 M/s for libbpf-et-only in one
    /// job) and flattens every bar.
    /// </summary>
    public Plot GroupBars(string title, IReadOnlyList<TrialSummary> summaries)
    {
        bool anyDrops = summaries.Any(s => s.PooledDrops.Mean > 0);
        Plot plot = Figure.New(title, "scenario", "throughput (M records/s), mean ± stddev", machine);
        List<string> scenarios = summaries.Select(s => s.Scenario).Distinct().ToList();
        List<string> variants = summaries.Select(s => s.Variant).Distinct().ToList();
        double width = 0.8 / variants.Count;
        var whiskers = new List<(double X, SummaryStatistics Throughput)>();
        var drops = new List<(double X, double Drops, string Variant)>();

        for (int v = 0; v < variants.Count; v++)
        {
            string variant = variants[v];
            var bars = new List<Bar>();
            for (int i = 0; i < scenarios.Count; i++)
            {
                TrialSummary? s = summaries.FirstOrDefault(x => x.Scenario == scenarios[i] && x.Variant == variant);
                if (s is null)
                    continue; // a scenario missing for this variant leaves a gap, not a zero
                double x = i + (v - (variants.Count - 1) / 2.0) * width;
                bars.Add(new Bar { Position = x, Value = s.PooledThroughput.Mean, FillColor = _palette.Of(variant), Size = width * 0.9 });
                whiskers.Add((x, s.PooledThroughput));
                if (anyDrops && !double.IsNaN(s.DropShare))
                    drops.Add((x, s.DropShare * 100, variant));
                // No patch marker here: its M/s come from another machine and do not belong on this machine's
                // axis; only ratios compare across machines (the reproduction figure).
            }
            if (bars.Count > 0)
                plot.Add.Bars(bars).LegendText = variant;
        }
        foreach (var (x, t) in whiskers)
            Figure.Whisker(plot, x, Math.Max(0, t.Mean - t.StdDev), t.Mean + t.StdDev, width * 0.15);
        foreach (var (x, d, variant) in drops)
        {
            var marker = plot.Add.Marker(x, d, MarkerShape.FilledDiamond, 11, _palette.Of(variant).Darken(0.4));
            marker.Axes.YAxis = plot.Axes.Right;
        }
        if (anyDrops)
            DropsAxis(plot, "dropped (% of records attempted, diamonds)", new LegendItem
            {
                LabelText = "dropped (right axis)", MarkerShape = MarkerShape.FilledDiamond, MarkerSize = 11, MarkerFillColor = Colors.Black,
                MarkerLineColor = Colors.Black,
            });
        Figure.CategoryTicks(plot, scenarios);
        plot.Axes.SetLimitsY(0, Top(summaries.Select(s => s.PooledThroughput.Mean + s.PooledThroughput.StdDev)), plot.Axes.Left);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// A sweep (producers, sample rate) as a line per variant: mean with its ± stddev whisker cut at
    /// zero, drops dashed on the same axis (same unit). Lines join only neighbours in the catalog's
    /// sweep that both ran, so a gap is never drawn as if it had been measured; the x axis spans
    /// what ran. Null where fewer than three points of the sweep ran: summary.md's table says it
    /// better than a figure.
    /// </summary>
    private Plot? Sweep(string title, string xLabel, IReadOnlyList<TrialSummary> rows, IReadOnlyList<int> catalog,
        Func<TrialSummary, int> setting, Func<int, double> toX, Action<Plot, IReadOnlyList<int>>? ticks = null)
    {
        List<int> ran = rows.Select(setting).Distinct().Order().ToList();
        if (ran.Count < 3)
            return null;
        bool anyDrops = rows.Any(s => s.PooledDrops.Mean > 0);
        Plot plot = Figure.New(title, xLabel, "throughput (M records/s, solid), mean ± stddev", machine);
        foreach (var variant in rows.GroupBy(s => s.Variant))
        {
            Color color = _palette.Of(variant.Key);
            var points = variant.ToDictionary(setting);
            bool labelled = false;
            // One segment per run of catalog neighbours that all ran.
            foreach (List<int> segment in Segments(catalog, points.Keys))
            {
                double[] xs = segment.Select(k => toX(k)).ToArray();
                var line = plot.Add.Scatter(xs, segment.Select(k => points[k].PooledThroughput.Mean).ToArray(), color);
                line.LineWidth = segment.Count > 1 ? 2 : 0;
                line.MarkerSize = 7;
                if (!labelled)
                    line.LegendText = variant.Key;
                labelled = true;
                if (anyDrops)
                {
                    // A point that moved nothing has no share (NaN): left out of the line, not drawn as "none dropped".
                    var drops = plot.Add.Scatter(xs, segment.Select(k => points[k].DropShare * 100).ToArray(), color);
                    drops.Axes.YAxis = plot.Axes.Right;
                    drops.LinePattern = LinePattern.Dashed;
                    drops.LineWidth = segment.Count > 1 ? 1.5f : 0;
                    drops.MarkerShape = MarkerShape.OpenDiamond;
                }
            }
            foreach (var (k, s) in points)
                Figure.Whisker(plot, toX(k), Math.Max(0, s.PooledThroughput.Mean - s.PooledThroughput.StdDev),
                    s.PooledThroughput.Mean + s.PooledThroughput.StdDev, (toX(ran[^1]) - toX(ran[0])) * 0.006, color);
        }
        if (anyDrops)
            DropsAxis(plot, "dropped (% of records attempted, dashed)", new LegendItem
            {
                LabelText = "dropped (dashed, right axis)", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 2,
                MarkerShape = MarkerShape.OpenDiamond, MarkerLineColor = Colors.Black,
            });
        ticks?.Invoke(plot, ran);
        double span = toX(ran[^1]) - toX(ran[0]);
        plot.Axes.SetLimitsX(toX(ran[0]) - span * 0.04, toX(ran[^1]) + span * 0.04);
        plot.Axes.SetLimitsY(0, Top(rows.Select(s => s.PooledThroughput.Mean + s.PooledThroughput.StdDev)), plot.Axes.Left);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>The right axis for the share dropped, 0-100%, labelled, with its legend entry.</summary>
    private static void DropsAxis(Plot plot, string label, LegendItem legend)
    {
        plot.Axes.Right.Label.Text = label;
        plot.Axes.Right.Label.FontSize = 16;
        plot.Axes.Right.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        plot.Legend.ManualItems.Add(legend);
    }

    /// <summary>The runs of consecutive catalog entries that are all present.</summary>
    public static IEnumerable<List<int>> Segments(IReadOnlyList<int> catalog, IEnumerable<int> present)
    {
        var have = present.ToHashSet();
        var current = new List<int>();
        foreach (int k in catalog)
        {
            if (have.Contains(k))
            {
                current.Add(k);
                continue;
            }
            if (current.Count > 0)
                yield return current;
            current = [];
        }
        if (current.Count > 0)
            yield return current;
    }

    /// <summary>Throughput against producers, a line per variant.</summary>
    public Plot? MultiProducer() => Sweep("Ringbuf, multi-producer contention (batch 50)", "producers",
        _summaries.Where(s => s.Group == ScenarioCatalog.MultiProducerGroup).ToList(), ScenarioCatalog.ProducerCounts,
        s => s.Trials[0].Producers, k => k);

    /// <summary>Back-to-back throughput against sample rate, on a log x axis.</summary>
    public Plot? SampleRate() => Sweep("Ringbuf back-to-back, effect of sample rate (batch = sample rate)", "sample rate (records per wake-up, log scale)",
        _summaries.Where(s => s.Group == ScenarioCatalog.SampleRateGroup).ToList(), ScenarioCatalog.SampleRates,
        s => (int)s.Trials[0].SampleRate, k => Math.Log10(k),
        (plot, ran) => plot.Axes.Bottom.SetTicks(ran.Select(r => Math.Log10(r)).ToArray(), ran.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray()));

    /// <summary>
    /// The reproduction as a forest plot: one row per scenario (the headline pair: libbpf itself where
    /// it ran) with its trial count, the measured after/before ratio with its interval on a log axis,
    /// the patch's ratio as a diamond on every row, the outcome as the marker's shape (filled where the
    /// row is decided). The patch's claims in black; the control rows, where the kernel script ran its
    /// own consumer against itself and the outcome is an A/A check of this machine's noise, in grey and
    /// listed apart in the legend, so a filled grey dot is never read as the patch reproduced.
    /// </summary>
    public Plot? Reproduction()
    {
        List<Reproduction.Row> rows = folder.Reproduction.Where(r => r.Headline).ToList();
        if (rows.Count == 0)
            return null;
        var items = rows.Select(r => new ForestPlot.Item(
            $"{r.Scenario}{(r.IsControl ? " (control, A/A)" : "")} n={r.Trials}", r.MeasuredRatio, r.Low, r.High, r.IsControl ? ControlGrey : Colors.Black,
            r.PatchRatio, OutcomeShape(r.Outcome))).ToList();
        string patchMachine = folder.Patch?.Machine.CpuModel is { Length: > 0 } cpu ? $"the patch's ratio ({cpu})" : "the patch's ratio";
        var legend = OutcomeShapes.Select(kv => (Analysis.ReproductionOutcomes.Text(kv.Key), Colors.Black, kv.Value)).ToList();
        if (rows.Any(r => r.IsControl))
            legend.Add(("grey: a control row (A/A, this machine's noise)", ControlGrey, MarkerShape.FilledCircle));
        return ForestPlot.Draw("Reproduction of the patch: measured after / before, with the patch's ratio",
            $"throughput ratio after / before (log scale; {folder.Confidence:P1} intervals over trials)", Figure.Footer(machine), items,
            VerdictRule.DefaultThreshold, referenceLegend: patchMachine, legend: legend);
    }

    /// <summary>Grey for the control rows: no variant's colour appears in this figure.</summary>
    private static readonly Color ControlGrey = Color.FromHex("#9a9a9a");

    private static readonly Dictionary<Analysis.ReproductionOutcome, MarkerShape> OutcomeShapes = new()
    {
        [Analysis.Reproduction.Reproduced] = MarkerShape.FilledCircle,
        [Analysis.Reproduction.NotReproduced] = MarkerShape.FilledSquare,
        [Analysis.Reproduction.Inconclusive] = MarkerShape.OpenCircle,
        [Analysis.Reproduction.TwoModes] = MarkerShape.OpenTriangleUp,
        [Analysis.Reproduction.NeedsTrials] = MarkerShape.OpenSquare,
    };

    private static MarkerShape OutcomeShape(Analysis.ReproductionOutcome outcome) => OutcomeShapes.TryGetValue(outcome, out MarkerShape m) ? m : MarkerShape.OpenSquare;

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
                bars.Add(new Bar { Position = x, Value = Log(LatencyRow.MedianAt(run, 0.99)), ValueBase = Log(0.1), FillColor = _palette.Of(variants[v]), Size = width * 0.9 });
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
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(Math.Max(p.Us, 0.1))).ToArray(), points.Select(p => p.Q).ToArray(), _palette.Of(variant.Key));
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

    public static string Slug(string text) =>
        string.Join("-", new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
