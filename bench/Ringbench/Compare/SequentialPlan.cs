namespace Ringbench.Compare;

/// <summary>
/// Adaptive trials with the repeated looks paid for. Trials are added to a scenario only while
/// its verdict is open, and the verdict is looked at only after the trial counts fixed here in
/// advance; the 5% error is split evenly over those looks (Bonferroni), so every interval a
/// report shows under this plan has confidence 1 - 0.05 / looks. Simple and conservative: the
/// simulation in the test suite measures that the rates still hold with the early stops.
/// </summary>
public sealed record SequentialPlan(IReadOnlyList<int> Looks)
{
    /// <summary>The default: look at 3, 5, 8 and 10 trials.</summary>
    public static SequentialPlan Default { get; } = new([3, 5, 8, 10]);

    public int MinimumTrials => Looks[0];

    public int MaximumTrials => Looks[^1];

    /// <summary>The confidence of each look's interval: the 5% spent evenly across the looks.</summary>
    public double Confidence => 1 - (1 - RatioInterval.DefaultConfidence) / Looks.Count;

    /// <summary>The next look after <paramref name="trials"/>, or null past the last.</summary>
    public int? NextLook(int trials) => Looks.Where(l => l > trials).Cast<int?>().FirstOrDefault();

    /// <summary>Parses "3,5,8,10".</summary>
    public static SequentialPlan Parse(string text)
    {
        var looks = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out int n) || n < 2 || (looks.Count > 0 && n <= looks[^1]))
                throw new RingbenchException(ExitCode.Usage, $"looks '{text}': give increasing trial counts of 2 or more, e.g. 3,5,8,10");
            looks.Add(n);
        }
        return looks.Count > 0 ? new SequentialPlan(looks)
            : throw new RingbenchException(ExitCode.Usage, "looks: give at least one trial count, e.g. 3,5,8,10");
    }
}
