using System.Globalization;

namespace Ringbench.Analysis;

/// <summary>One thing an analyser found in a folder, in a sentence every output shows the same way.</summary>
public sealed record Finding(string Topic, string Text)
{
    public string Markdown => $"- **{Topic}**: {Text}";

    /// <summary>A comment line for the text outputs (summary-variants.txt); summary.txt stays the kernel script's text alone.</summary>
    public string Comment => $"# {Topic}: {Text}";
}

/// <summary>
/// The analysers, as BenchmarkDotNet runs its analysers over a summary: each looks at the whole
/// folder once and says what a reader must know before trusting a number: the machine is a
/// virtual one, integrity failed, consumers stalled, runs disagree with each other (noise, two
/// modes), verdicts are still open at these trials, a C# port does not measure what libbpf does.
/// Each returns nothing when it has nothing to say.
/// </summary>
public static class FolderAnalysers
{
    public static IReadOnlyList<Finding> Analyse(FolderSummary folder) =>
    [
        .. VirtualMachine(folder), .. IntegrityFailures(folder), .. Stalls(folder), .. Noise(folder),
        .. TwoModes(folder), .. Unsettled(folder), .. TwinGap(folder), .. RunLengthSpent(folder), .. WakeupsExplain(folder),
    ];

    private static IEnumerable<Finding> VirtualMachine(FolderSummary folder)
    {
        string vm = folder.Machine.Virtualization;
        if (vm.Length == 0 || vm == "none")
            yield break;
        yield return new Finding("virtual machine",
            $"ran under {vm}: a wake-up crosses the hypervisor and costs more than on bare metal, so this box's M/s say little about " +
            "another machine's; compare ratios, and judge nothing on one run");
    }

    private static IEnumerable<Finding> IntegrityFailures(FolderSummary folder)
    {
        var failed = folder.Stalls.IntegrityFailures;
        if (failed.Count == 0)
            yield break;
        yield return new Finding("integrity",
            $"FAILED in {failed.Count} of {folder.Rows.Count} runs (produced != consumed + dropped, or a record out of order): " +
            string.Join(", ", failed.GroupBy(r => (r.Scenario, r.Variant)).Select(g => $"{g.Key.Scenario} {g.Key.Variant} x{g.Count()}")) +
            "; those rows' numbers are not to be used");
    }

    private static IEnumerable<Finding> Stalls(FolderSummary folder)
    {
        var stalled = folder.Stalls.Stalled.ToList();
        if (stalled.Count == 0)
            yield break;
        yield return new Finding("stalls",
            $"{stalled.Sum(v => v.Stalls)} in the measured seconds, {stalled.Sum(v => v.StallsRunTotal)} over whole runs " +
            "(a wait that timed out with records waiting: a lost or late wake-up): " +
            string.Join(", ", stalled.Select(v => $"{v.Name} {v.Stalls} (run {v.StallsRunTotal})")));
    }

    private static IEnumerable<Finding> Noise(FolderSummary folder)
    {
        var flagged = TrialSummary.NoisyScenarios(folder.Summaries);
        if (flagged.Count == 0)
            yield break;
        yield return new Finding("noise",
            $"in {flagged.Count} scenario(s) the run-to-run spread is above {TrialSummary.NoiseFlagFloor:P0} and over " +
            $"{TrialSummary.NoiseFlagFactor:F0}x the second-to-second one, so one run's ± understates the uncertainty: {string.Join(", ", flagged)}");
    }

    private static IEnumerable<Finding> TwoModes(FolderSummary folder)
    {
        var bimodal = folder.Summaries.Where(s => TrialModality.LooksMultimodal(s.TrialMeans)).ToList();
        if (bimodal.Count == 0)
            yield break;
        yield return new Finding("two modes",
            $"trial means fall into two modes (a gap of {TrialModality.MinimumGapFactor}x or more between runs of one variant) in " +
            string.Join(", ", bimodal.GroupBy(s => s.Scenario).Select(g => $"{g.Key} ({string.Join(", ", g.Select(s => s.Variant))})")) +
            $"; such a row gets no verdict before {TrialModality.TrustedFromTrials} trials");
    }

    private static IEnumerable<Finding> Unsettled(FolderSummary folder)
    {
        var open = folder.TrialStatuses.Where(s => s.Open).ToList();
        if (open.Count == 0)
            yield break;
        yield return new Finding("unsettled",
            $"{open.Count} scenario(s) have no verdict at these trials: " +
            string.Join("; ", open.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Scenario} ({s.Trials} trials, {s.Why})"))));
    }

    /// <summary>The folder's own variance components say another run length would have bought narrower intervals in the same time.</summary>
    private static IEnumerable<Finding> RunLengthSpent(FolderSummary folder)
    {
        var rows = folder.RunLengths;
        if (rows.Count == 0)
            return [];
        double efficiency = Median(rows.Select(r => r.Efficiency));
        if (efficiency >= RunLength.FindingBelow)
            return [];
        int used = rows[0].Seconds;
        int best = (int)Median(rows.Select(r => r.BestSeconds));
        return [new Finding("run length", string.Create(CultureInfo.InvariantCulture,
            $"with -d{used} the median row got {efficiency:P0} of the precision per minute that -d{best} would have (the folder's own " +
            $"spreads: between runs against within a run, {rows.Count} scenario x variant rows); rerun with -d{best} for narrower intervals in the same time"))];
    }

    /// <summary>Where a scenario's run-to-run spread is mostly its wake-ups, and where the runs spread for another reason.</summary>
    private static IEnumerable<Finding> WakeupsExplain(FolderSummary folder)
    {
        var mostly = folder.WakeupFits.Where(f => f.MostlyWakeups).ToList();
        if (mostly.Count > 0)
            yield return new Finding("wake-ups", "the run-to-run spread is mostly the wake-ups (R² of time per record on wake-ups per record, " +
                $"all runs) in " + string.Join(", ", mostly.Select(f => string.Create(CultureInfo.InvariantCulture,
                    $"{f.Scenario} (R² {f.RSquared:F2}, one wake-up costs about {f.NsPerWakeup / 1000:F1} us)"))));
        var other = folder.WakeupFits.Where(f => f.NotWakeups).ToList();
        if (other.Count > 0)
        {
            string Producer(WakeupFit.Fit f) => double.IsNaN(f.ProducerRSquared) ? ""
                : string.Create(CultureInfo.InvariantCulture, $", the producer's BPF ns/record explains R² {f.ProducerRSquared:F2}");
            bool measured = other.Any(f => !double.IsNaN(f.ProducerRSquared));
            yield return new Finding("not wake-ups", "the runs spread (CV of time per record 10% or more) but wake-ups explain little of it in " +
                string.Join(", ", other.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Scenario} (R² {f.RSquared:F2}, CV {f.SpreadCv:P0}") + Producer(f) + ")")) +
                (measured ? "; summary.md's cost table has the rest of the counters"
                    : "; this folder predates the cost counters (results schema 6), which would say whether the producers' side moves them"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static IEnumerable<Finding> TwinGap(FolderSummary folder)
    {
        var off = folder.Twins.Where(t => t.Unfaithful).ToList();
        if (off.Count == 0)
            yield break;
        yield return new Finding("port fidelity",
            $"{off.Count} of {folder.Twins.Count} C# port / libbpf twin pairs lie outside ±{TwinFidelity.Tolerance:P0} for sure, so there the C# " +
            "numbers are the C# consumer's, not libbpf's: " +
            string.Join(", ", off.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Port} on {t.Scenario} {t.Ratio.Ratio:F2}x"))));
    }
}
