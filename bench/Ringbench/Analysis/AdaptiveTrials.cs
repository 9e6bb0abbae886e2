using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// --trials auto: which scenarios still need trials. Every scenario gets the plan's first look's
/// trials; after each look, a scenario whose verdict is still open gets trials up to the next look,
/// until the last look, or the time budget runs out. "Open" is what the reports would say: where
/// the patch published the row, its reproduction outcome is inconclusive, two modes or needs
/// trials; elsewhere, the headline pair's verdict is too noisy, two modes or needs trials. Every
/// interval is taken at the plan's per-look confidence (<see cref="SequentialPlan.Confidence"/>),
/// so the looks are paid for.
/// </summary>
public static class AdaptiveTrials
{
    /// <summary>
    /// A scenario's state after a look: its trials, whether its verdict is open and why, the pair
    /// the verdict is on (the variants that more trials go to), and about how many trials would
    /// settle it (<see cref="RatioInterval.TrialsToReach"/>; null where no count would).
    /// </summary>
    public sealed record Status(string Scenario, int Trials, bool Open, string Why)
    {
        public string Before { get; init; } = "";
        public string After { get; init; } = "";
        public int? TrialsToSettle { get; init; }

        /// <summary>The fewest trials at which the pair can have a verdict at all: <see cref="TrialModality.TrustedFromTrials"/> for a pair in two modes, 0 otherwise.</summary>
        public int FewestForVerdict { get; init; }
    }

    /// <summary>Each scenario's trials so far and whether its verdict is still open, with the verdict in words.</summary>
    public static IReadOnlyList<Status> Assess(IReadOnlyList<ResultRow> rows, IReadOnlyList<ResultRow> reference, double confidence)
    {
        IReadOnlyList<TrialSummary> runs = TrialSummary.From(rows);
        IReadOnlyList<PairResult> pairs = PairResult.Compute(runs, confidence);
        return Assess(runs, pairs, Reproduction.Compute(pairs, TrialSummary.From(reference)));
    }

    /// <summary>The same from a folder's trial summaries, its pair results and its reproduction rows, all at one confidence.</summary>
    public static IReadOnlyList<Status> Assess(IEnumerable<TrialSummary> runs, IReadOnlyList<PairResult> pairs, IEnumerable<Reproduction.Row> reproductionRows)
    {
        var byPair = pairs.ToDictionary(p => (p.Scenario, p.Pair));
        var reproduction = reproductionRows.Where(r => r.Headline).ToDictionary(r => r.Scenario);
        var summaries = runs.ToLookup(s => s.Scenario);
        var statuses = new List<Status>();
        foreach (var scenario in summaries)
        {
            int trials = scenario.Max(s => s.Trials.Count);
            if (reproduction.TryGetValue(scenario.Key, out Reproduction.Row? judged))
            {
                bool open = judged.Outcome.IsOpen();
                RatioInterval interval = byPair[(scenario.Key, judged.Pair)].Ratio;
                bool expectsChange = judged.Expected != "no change";
                statuses.Add(new Status(scenario.Key, trials, open, $"{judged.Pair}: {judged.Outcome.Text()}")
                {
                    Before = judged.BeforeVariant, After = judged.AfterVariant,
                    TrialsToSettle = open ? ToSettle(interval, Reproduction.SettleLogHalfWidth(interval.Ratio, judged.PatchRatio, expectsChange)) : trials,
                    FewestForVerdict = FewestForVerdictOf(interval),
                });
                continue;
            }
            // No published row: the first of the patch's pairs that ran (the kernel bench's A/A is no before/after).
            PairResult? pair = pairs.FirstOrDefault(p => p.Scenario == scenario.Key && p.Pair != PatchPair.AaName);
            if (pair is null)
            {
                statuses.Add(new Status(scenario.Key, trials, false, "no before/after pair to decide on"));
                continue;
            }
            statuses.Add(OfVerdict(scenario.Key, trials, pair.Ratio, pair.Pair, pair.Before.Variant, pair.After.Variant));
        }
        return statuses;
    }

    /// <summary>A scenario judged by the verdict on its pair's ratio (no published row to reproduce): open while the verdict is.</summary>
    public static Status OfVerdict(string scenario, int trials, RatioInterval ratio, string pairName, string before, string after)
    {
        Verdict verdict = VerdictRule.Decide(ratio);
        bool open = VerdictSimulation.IsOpen(verdict);
        return new Status(scenario, trials, open, $"{pairName}: {VerdictRule.Text(verdict)}")
        {
            Before = before, After = after,
            TrialsToSettle = open ? ToSettle(ratio, VerdictSettleLogHalfWidth(ratio.Ratio)) : trials,
            FewestForVerdict = FewestForVerdictOf(ratio),
        };
    }

    private static int FewestForVerdictOf(RatioInterval interval) => interval.Multimodal ? TrialModality.TrustedFromTrials : 0;

    /// <summary>
    /// The log half-width under which a too-noisy verdict settles: narrow enough to exclude 1
    /// (slightly faster or slower at least), or to fit inside the ±threshold band (same).
    /// </summary>
    public static double VerdictSettleLogHalfWidth(double ratio, double threshold = VerdictRule.DefaultThreshold)
    {
        double effect = Math.Abs(Math.Log(ratio));
        return Math.Max(effect, Math.Log(1 + threshold) - effect);
    }

    /// <summary>Trials to settle: what the spread asks for, and never fewer than two modes need before any verdict.</summary>
    private static int? ToSettle(RatioInterval interval, double settleLogHalfWidth)
    {
        if (!interval.HasInterval)
            return null;
        int? needed = interval.TrialsToReach(settleLogHalfWidth);
        return interval.Multimodal && needed is int n ? Math.Max(n, TrialModality.TrustedFromTrials) : needed;
    }
}
