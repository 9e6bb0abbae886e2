using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>
/// The job's warm-up, before its first counted run: the machine is slow when a job starts (in
/// results/2026-11-29-vm-fbe70b1 the first trial of parallel ran the ceiling at 17.2 M/s against
/// 27.4-28.2 M/s later). Short uncounted runs of the first scenario go until two in a row agree
/// within <see cref="Agreement"/>, at least <see cref="MinimumRuns"/> and at most
/// <see cref="MaximumSeconds"/> of them: the warm-up is as long as this machine needs, and its
/// rates are kept in the folder (warmup.txt) so anyone can see what it waited out.
/// </summary>
public static class JobWarmup
{
    public const double Agreement = 0.10;
    public const int MinimumRuns = 2;
    public const int SecondsPerRun = 2;
    public const int MaximumSeconds = 40;

    /// <summary>What the warm-up did: each run's rate (M records/s) and whether the last two agreed.</summary>
    public sealed record Outcome(string Scenario, string Variant, IReadOnlyList<double> RatesMps, double Seconds, bool Settled)
    {
        public string Text
        {
            get
            {
                var inv = System.Globalization.CultureInfo.InvariantCulture;
                string rates = string.Join(", ", RatesMps.Select(r => r.ToString("F2", inv)));
                string end = Settled ? string.Create(inv, $"the last two agree within {Agreement:P0}") : $"still moving after {MaximumSeconds} s: the first trials may be slow";
                return string.Create(inv, $"job warm-up: {RatesMps.Count} uncounted runs of {Scenario} with {Variant}, {SecondsPerRun} s each ({Seconds:F0} s in all): ") +
                       $"{rates} M/s; {end}";
            }
        }
    }

    /// <summary>Runs the warm-up for <paramref name="plan"/>; null where it has nothing to run (no in-process variant).</summary>
    public static Outcome? Run(MatrixPlan plan, string bpfObjectPath, CancellationToken cancel)
    {
        Scenario scenario = plan.Scenarios.FirstOrDefault(s => s.Id == ScenarioCatalog.HeadlineScenario) ?? plan.Scenarios[0];
        BenchSettings settings = scenario.Settings(plan.Defaults) with { WarmupSeconds = 0, DurationSeconds = SecondsPerRun };
        ConsumerVariant? variant = plan.Variants.FirstOrDefault(v => v.RunsItself is null && v.RunsOn(scenario) && v.Unsupported(settings) is null);
        if (variant is null)
            return null;
        var rates = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool settled = false;
        while (!cancel.IsCancellationRequested && clock.Elapsed.TotalSeconds + SecondsPerRun <= MaximumSeconds)
        {
            Results.VariantRun run = ScenarioRun.Execute(scenario, settings.Validate(), variant, bpfObjectPath, null, cancel);
            if (run.Interrupted)
                break;
            rates.Add(run.Throughput.Mean);
            settled = Agrees(rates);
            if (settled)
                break;
        }
        return new Outcome(scenario.Id, variant.Name, rates, clock.Elapsed.TotalSeconds, settled);
    }

    /// <summary>At least <see cref="MinimumRuns"/> rates, the last two within <see cref="Agreement"/> of each other.</summary>
    public static bool Agrees(IReadOnlyList<double> rates) =>
        rates.Count >= MinimumRuns && rates[^1] > 0 && rates[^2] > 0 && Math.Abs(rates[^1] / rates[^2] - 1) <= Agreement;
}
