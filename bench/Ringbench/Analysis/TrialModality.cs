namespace Ringbench.Analysis;

/// <summary>
/// Do the trials fall into two modes? On these VMs the parallel scenario's runs do: some keep up
/// with the producer and some fall behind it, a factor of several apart. No interval over 3-5
/// trials survives that, so such a row gets no verdict until it has <see cref="TrustedFromTrials"/>
/// trials. It is asked of each variant's trial means; a paired interval lets them pass where the
/// pairing cancels them (both variants fell behind in the same trial, so the per-trial ratio it is
/// built from stayed steady). Asking the ratios themselves as well measured the same error rates in
/// the simulation and withheld more verdicts on real rows with one outlying trial.
/// <para>
/// A histogram-based modality test (Perfolizer's mValue, as BenchmarkDotNet's multimodal
/// analyser uses it on hundreds of measurements) says nothing about three to ten numbers. This
/// is the small-sample form of the same question: sort the logs and find the widest gap between
/// neighbours; it marks two modes when that gap is a factor of at least
/// <see cref="MinimumGapFactor"/> and at least <see cref="GapOverSpread"/> times the spread
/// inside the groups on either side of it. The interval keeps the folder's level either way:
/// the simulation in the test suite (VerdictSimulation) measures what the rule catches, what it
/// costs on unimodal noise and the false verdicts of two-mode rows once they are judged; two
/// variants that each sit in a different single mode in every trial cannot be told from a real
/// difference by any rule.
/// </para>
/// </summary>
public static class TrialModality
{
    public const double MinimumGapFactor = 1.5;
    public const double GapOverSpread = 2.0;
    public const int TrustedFromTrials = 8;

    public static bool LooksMultimodal(IReadOnlyList<double> values) => WidestLogGap(values) is double gap && gap > 0;

    /// <summary>
    /// Two modes in paired trials: a variant's trial means have two modes and the pairing does not
    /// cancel them. They cancel when both variants changed mode together,
    /// and then the ratios vary by less than the modes are apart: their log range is under the
    /// variant's gap over <see cref="GapOverSpread"/>, the same margin the gap must clear within a
    /// mode. Where each variant changes mode on its own the ratios carry the gap and the row waits.
    /// </summary>
    public static bool LooksMultimodal(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate)
    {
        if (baseline.Count != candidate.Count || baseline.Concat(candidate).Any(m => !(m > 0)))
            return false;
        double[] ratios = candidate.Select((c, t) => c / baseline[t]).ToArray();
        double ratioRange = Math.Log(ratios.Max()) - Math.Log(ratios.Min());
        return new[] { baseline, candidate }.Any(side => WidestLogGap(side) is double gap && ratioRange * GapOverSpread > gap);
    }

    /// <summary>The widest gap between neighbouring logs where it marks two modes, else null.</summary>
    private static double? WidestLogGap(IReadOnlyList<double> values)
    {
        if (values.Count < 3 || values.Any(m => !(m > 0)))
            return null;
        double[] logs = values.Select(m => Math.Log(m)).Order().ToArray();
        int split = 0;
        double gap = 0;
        for (int i = 0; i + 1 < logs.Length; i++)
        {
            if (logs[i + 1] - logs[i] > gap)
            {
                gap = logs[i + 1] - logs[i];
                split = i;
            }
        }
        double spread = Math.Max(logs[split] - logs[0], logs[^1] - logs[split + 1]);
        return gap >= Math.Log(MinimumGapFactor) && gap >= GapOverSpread * spread ? gap : null;
    }
}
