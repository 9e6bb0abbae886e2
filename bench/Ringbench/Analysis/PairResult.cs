namespace Ringbench.Analysis;

/// <summary>
/// One after/before pair on one scenario: the two variants' trials, the ratio with its interval
/// at the folder's confidence, and the verdict on it. Computed once per folder
/// (<see cref="FolderSummary.Pairs"/>); the summary tables, the kernel-style text, the
/// reproduction, the adaptive trials and the machine comparison read it instead of each taking
/// its own interval.
/// </summary>
public sealed record PairResult(string Scenario, string Pair, TrialSummary Before, TrialSummary After, RatioInterval Ratio)
{
    public Verdict Verdict => VerdictRule.Decide(Ratio);

    /// <summary>
    /// Every pair that ran on each scenario, in the order a scenario is judged
    /// (<see cref="PatchPair.For"/>: the kernel bench's A/A first, then the patch's pairs, each chosen by the traits of the variants that ran there),
    /// scenarios in the summaries' order. The A/A pair is looked for everywhere: its second column
    /// runs on control rows only, so it is found exactly where a row is a control, whatever the
    /// rows themselves say (a folder from another version, rows made by hand).
    /// </summary>
    /// <summary>
    /// One run's variants each against the first named, paired by trial (what `run` prints under
    /// its trials): the pair is named "variant / first".
    /// </summary>
    public static IReadOnlyList<PairResult> AgainstFirst(IReadOnlyList<TrialSummary> summaries, double confidence = RatioInterval.DefaultConfidence) =>
        summaries.Skip(1).Select(s => new PairResult(s.Scenario, $"{s.Variant} / {summaries[0].Variant}", summaries[0], s,
            RatioInterval.Of(summaries[0], s, confidence))).ToList();

    public static IReadOnlyList<PairResult> Compute(IReadOnlyList<TrialSummary> summaries, double confidence)
    {
        var results = new List<PairResult>();
        foreach (var scenario in summaries.GroupBy(s => s.Scenario))
        {
            var byVariant = scenario.ToDictionary(s => s.Variant);
            foreach (PatchPair pair in PatchPair.For(control: true))
            {
                if (pair.Choose(scenario.Select(s => s.Traits)) is not var (before, after))
                    continue;
                TrialSummary b = byVariant[before.Name], a = byVariant[after.Name];
                results.Add(new PairResult(scenario.Key, pair.Name, b, a, RatioInterval.Of(b, a, confidence)));
            }
        }
        return results;
    }
}
