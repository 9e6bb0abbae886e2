namespace Ringbench.Analysis;

/// <summary>
/// Do a variant's trial means fall into two modes? On these VMs the parallel scenario does:
/// some runs keep up with the producer and some fall behind it, a factor of several apart.
/// No interval over 3-5 trials survives that, so such a row gets no verdict until it has
/// <see cref="TrustedFromTrials"/> trials.
/// <para>
/// A histogram-based modality test (Perfolizer's mValue, as BenchmarkDotNet's multimodal
/// analyser uses it on hundreds of measurements) says nothing about three to ten numbers. This
/// is the small-sample form of the same question: sort the log trial means and find the widest
/// gap between neighbours; it marks two modes when that gap is a factor of at least
/// <see cref="MinimumGapFactor"/> and at least <see cref="GapOverSpread"/> times the spread
/// inside the groups on either side of it. The simulation in the test suite measures what it
/// catches (and what it costs on unimodal noise); two variants that each sit in a different
/// single mode in every trial cannot be told from a real difference by any rule.
/// </para>
/// </summary>
public static class TrialModality
{
    public const double MinimumGapFactor = 1.5;
    public const double GapOverSpread = 2.0;
    public const int TrustedFromTrials = 8;

    /// <summary>
    /// From <see cref="TrustedFromTrials"/> on, a two-mode row's verdict is taken on a 99% interval:
    /// the t interval assumes roughly normal log ratios, and a mixture of modes puts more weight in
    /// the tails than that (the simulation measures 3.0-3.3% false verdicts at 10 trials with the 95% one).
    /// </summary>
    public const double ConfidenceWhenMultimodal = 0.99;

    public static bool LooksMultimodal(IReadOnlyList<double> trialMeans)
    {
        if (trialMeans.Count < 3 || trialMeans.Any(m => !(m > 0)))
            return false;
        double[] logs = trialMeans.Select(m => Math.Log(m)).Order().ToArray();
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
        return gap >= Math.Log(MinimumGapFactor) && gap >= GapOverSpread * spread;
    }
}
