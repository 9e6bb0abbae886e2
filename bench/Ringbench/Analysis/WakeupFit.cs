using Ringbench.Results;
namespace Ringbench.Analysis;

/// <summary>
/// Each scenario's runs explained by their wake-ups. A run's time per record is what the
/// consumer pays for the record itself plus what it pays for the wake-ups it takes:
/// ns/record = base + cost x (wake-ups / record). Fitted by least squares over every run of the
/// scenario (every variant and trial: the regimes the issue saw are runs whose consumer kept
/// falling asleep), the slope is what one wake-up costs on this box and R² how much of the
/// run-to-run spread in time per record the wake-ups explain. Nothing here is fitted per variant:
/// if a variant is faster only because it sleeps less, the one line says so. Runs that stalled are
/// left out (and counted): a stall is a whole wait timeout, another mechanism than the wake-ups
/// this line prices, and one stalled run would decide the fit by itself.
/// </summary>
public static class WakeupFit
{
    /// <summary>R² from which a scenario's spread counts as mostly wake-ups.</summary>
    public const double MostlyWakeups = 0.7;

    /// <summary>Below this R², where the runs do spread (CV of time per record at least <see cref="SpreadWorthExplaining"/>), something else drives them.</summary>
    public const double NotWakeups = 0.3;

    public const double SpreadWorthExplaining = 0.10;

    public sealed record Point(string Variant, int Trial, double WakeupsPerRecord, double NsPerRecord, double ProducerNsPerRecord);

    public sealed record Fit(string Scenario, IReadOnlyList<Point> Points, double BaseNs, double NsPerWakeup, double RSquared, double SpreadCv)
    {
        /// <summary>Runs of the scenario left out because they stalled.</summary>
        public int StalledRunsLeftOut { get; init; }

        /// <summary>R² of ns/record on the BPF producer's ns/record over the runs that measured it (NaN where fewer than four did).</summary>
        public double ProducerRSquared { get; init; } = double.NaN;

        /// <summary>
        /// The line is a possible price: a wake-up costs something, a record costs something of its
        /// own, and in no run do the wake-ups take (nearly) all the time. Both axes share the
        /// records in their denominator, so a consumer that wakes a fixed number of times a second
        /// lies on a perfect line through the origin whatever slows it: that line prices nothing.
        /// </summary>
        public bool Plausible => NsPerWakeup > 0 && BaseNs > 0 && Points.All(p => NsPerWakeup * p.WakeupsPerRecord <= 0.95 * p.NsPerRecord);

        /// <summary>The spread is worth explaining and the wake-ups explain most of it, at a price that can be.</summary>
        public bool MostlyWakeups => SpreadCv >= SpreadWorthExplaining && RSquared >= WakeupFit.MostlyWakeups && Plausible;

        /// <summary>The runs spread, and the wake-ups do not say why.</summary>
        public bool NotWakeups => SpreadCv >= SpreadWorthExplaining && RSquared < WakeupFit.NotWakeups;
    }

    /// <summary>
    /// A fit per scenario with at least four runs that differ in wake-ups per record, over the runs
    /// of the one shared ring: a perf buffer's or a set of shards' wake-ups are another mechanism
    /// at another price, and one line through both would price neither.
    /// </summary>
    public static IReadOnlyList<Fit> Compute(IReadOnlyList<ResultRow> rows)
    {
        var fits = new List<Fit>();
        // Runs whose wake-ups were not counted (the kernel bench's own process) would sit at zero wake-ups and pull the line.
        foreach (var scenario in rows.Where(r => r.Buffer is "" or "ring" && r.WaitsCounted).GroupBy(r => r.Scenario))
        {
            int stalled = scenario.Count(r => r.Stalls > 0);
            var points = scenario.Where(r => r.ThroughputMean > 0 && r.SampleCount > 0 && r.Stalls == 0)
                .Select(r => new Point(r.Variant, r.Trial, r.Wakeups / (r.ThroughputMean * 1e6 * r.SampleCount), 1e3 / r.ThroughputMean,
                    r.Costs?.BpfNsPerRecord ?? double.NaN))
                .ToList();
            if (points.Count < 4)
                continue;
            double mx = points.Average(p => p.WakeupsPerRecord), my = points.Average(p => p.NsPerRecord);
            double sxx = points.Sum(p => (p.WakeupsPerRecord - mx) * (p.WakeupsPerRecord - mx));
            double syy = points.Sum(p => (p.NsPerRecord - my) * (p.NsPerRecord - my));
            if (sxx <= 0 || syy <= 0)
                continue;
            double sxy = points.Sum(p => (p.WakeupsPerRecord - mx) * (p.NsPerRecord - my));
            double slope = sxy / sxx;
            double cv = Math.Sqrt(syy / (points.Count - 1)) / my;
            var withCost = points.Where(p => !double.IsNaN(p.ProducerNsPerRecord)).ToList();
            fits.Add(new Fit(scenario.Key, points, my - slope * mx, slope, sxy * sxy / (sxx * syy), cv)
            {
                StalledRunsLeftOut = stalled,
                ProducerRSquared = withCost.Count >= 4 ? RSquared(withCost.Select(p => p.ProducerNsPerRecord).ToList(), withCost.Select(p => p.NsPerRecord).ToList()) : double.NaN,
            });
        }
        return fits;
    }

    /// <summary>The squared correlation of two series (NaN where either does not vary).</summary>
    private static double RSquared(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average();
        double sxx = x.Sum(v => (v - mx) * (v - mx)), syy = y.Sum(v => (v - my) * (v - my));
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxx > 0 && syy > 0 ? sxy * sxy / (sxx * syy) : double.NaN;
    }
}
