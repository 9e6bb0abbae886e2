namespace Ringbench.Results;

/// <summary>
/// Adaptive trials with the repeated looks paid for. Trials are added to a scenario only while
/// its verdict is open, and the verdict is looked at only after the trial counts fixed here in
/// advance; the 5% error is split evenly over those looks (Bonferroni), so every interval a
/// report shows under this plan has confidence 1 - 0.05 / looks. Simple and conservative: the
/// simulation in the test suite measures that the rates still hold with the early stops.
/// </summary>
public sealed record SequentialPlan(IReadOnlyList<int> Looks)
{
    /// <summary>
    /// The default: look at 4, 6, 8, 12 and 16 trials. Four first, because a paired t interval on
    /// three trials at 99% has 2 degrees of freedom and a quantile near 10: nearly every row would
    /// stay open and the look would be spent for nothing; 8 is where two-mode rows may first be
    /// judged (Analysis.TrialModality.TrustedFromTrials); 16 is what one-second runs afford
    /// on the rows closest to settling within the main job's hour.
    /// </summary>
    public static SequentialPlan Default { get; } = new([4, 6, 8, 12, 16]);

    /// <summary>The looks as the command line spells them, "4,6,8,12,16".</summary>
    public string Text => string.Join(",", Looks);

    public int MinimumTrials => Looks[0];

    public int MaximumTrials => Looks[^1];

    /// <summary>The confidence of each look's interval: the 5% spent evenly across the looks.</summary>
    public double Confidence => 1 - (1 - FamilyConfidence) / Looks.Count;

    /// <summary>The confidence of every interval a folder shows without looks, and of the whole family of looks with them: 95%.</summary>
    public const double FamilyConfidence = 0.95;

    /// <summary>The next look after <paramref name="trials"/>, or null past the last.</summary>
    public int? NextLook(int trials) => Looks.Where(l => l > trials).Cast<int?>().FirstOrDefault();

    /// <summary>Parses "4,6,8,12,16".</summary>
    public static SequentialPlan Parse(string text)
    {
        var looks = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out int n) || n < 2 || (looks.Count > 0 && n <= looks[^1]))
                throw new RingbenchException(ExitCode.Usage, $"looks '{text}': give increasing trial counts of 2 or more, e.g. 4,6,8,12,16");
            looks.Add(n);
        }
        return looks.Count > 0 ? new SequentialPlan(looks)
            : throw new RingbenchException(ExitCode.Usage, "looks: give at least one trial count, e.g. 4,6,8,12,16");
    }
}
