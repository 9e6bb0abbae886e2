namespace Ringbench.Analysis;

/// <summary>What an interval on a ratio lets us say, given a relative threshold.</summary>
public enum Verdict
{
    /// <summary>The whole interval is above 1 + threshold.</summary>
    Faster,
    /// <summary>The whole interval is below 1 - threshold.</summary>
    Slower,
    /// <summary>The whole interval lies within 1 ± threshold.</summary>
    Same,
    /// <summary>Above 1 for sure, but maybe by less than the threshold.</summary>
    SlightlyFaster,
    /// <summary>Below 1 for sure, but maybe by less than the threshold.</summary>
    SlightlySlower,
    /// <summary>The interval holds 1 and reaches past the threshold: not decided at this many trials.</summary>
    TooNoisy,
    /// <summary>Fewer than two trials on a side: no interval, no verdict.</summary>
    NeedsTrials,
    /// <summary>A variant's trial means fall into two modes and there are too few trials to trust any interval.</summary>
    Multimodal,
}

/// <summary>The decision rule, in one place for reproduce and compare.</summary>
public static class VerdictRule
{
    public const double DefaultThreshold = 0.05;

    public static Verdict Decide(RatioInterval interval, double threshold = DefaultThreshold)
    {
        if (!interval.HasInterval)
            return Verdict.NeedsTrials;
        if (interval.Multimodal && interval.Trials < TrialModality.TrustedFromTrials)
            return Verdict.Multimodal;
        double low = interval.Low, high = interval.High;
        if (low >= 1 + threshold) return Verdict.Faster;
        if (high <= 1 - threshold) return Verdict.Slower;
        if (low >= 1 - threshold && high <= 1 + threshold) return Verdict.Same;
        if (low > 1) return Verdict.SlightlyFaster;
        if (high < 1) return Verdict.SlightlySlower;
        return Verdict.TooNoisy;
    }

    public static string Text(Verdict verdict) => verdict switch
    {
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        Verdict.Same => "same",
        Verdict.SlightlyFaster => "slightly faster",
        Verdict.SlightlySlower => "slightly slower",
        Verdict.TooNoisy => "too noisy",
        Verdict.Multimodal => $"two modes: needs {TrialModality.TrustedFromTrials}+ trials",
        _ => "needs trials",
    };
}
