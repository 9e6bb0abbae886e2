using Ringbench.Compare;
using Ringbench.Results;

namespace Ringbench.Running;

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
    }

    /// <summary>Each scenario's trials so far and whether its verdict is still open, with the verdict in words.</summary>
    public static IReadOnlyList<Status> Assess(IReadOnlyList<ResultRow> rows, IReadOnlyList<ResultRow> reference, double confidence) =>
        Assess(TrialSummary.From(rows), Reproduction.Compute(rows, reference, confidence: confidence), confidence);

    /// <summary>The same from a folder's trial summaries and its reproduction rows, already computed at <paramref name="confidence"/>.</summary>
    public static IReadOnlyList<Status> Assess(IEnumerable<TrialSummary> runs, IEnumerable<Reproduction.Row> reproductionRows, double confidence)
    {
        var reproduction = reproductionRows.Where(r => r.Headline).ToDictionary(r => r.Scenario);
        var summaries = runs.ToLookup(s => s.Scenario);
        var statuses = new List<Status>();
        foreach (var scenario in summaries)
        {
            int trials = scenario.Max(s => s.Trials.Count);
            if (reproduction.TryGetValue(scenario.Key, out Reproduction.Row? judged))
            {
                bool open = judged.Outcome is Reproduction.Inconclusive or Reproduction.TwoModes or Reproduction.NeedsTrials;
                RatioInterval interval = RatioInterval.Of(scenario.First(s => s.Variant == judged.BeforeVariant),
                    scenario.First(s => s.Variant == judged.AfterVariant), confidence);
                bool expectsChange = judged.Expected != "no change";
                statuses.Add(new Status(scenario.Key, trials, open, $"{judged.Pair}: {judged.Outcome}")
                {
                    Before = judged.BeforeVariant, After = judged.AfterVariant,
                    TrialsToSettle = open ? ToSettle(interval, Reproduction.SettleLogHalfWidth(interval.Ratio, judged.PatchRatio, expectsChange)) : trials,
                });
                continue;
            }
            var pair = MatrixSummary.PatchPairs.FirstOrDefault(p => scenario.Any(s => s.Variant == p.Before) && scenario.Any(s => s.Variant == p.After));
            if (pair.Name is null)
            {
                statuses.Add(new Status(scenario.Key, trials, false, "no before/after pair to decide on"));
                continue;
            }
            RatioInterval ratio = RatioInterval.Of(scenario.First(s => s.Variant == pair.Before), scenario.First(s => s.Variant == pair.After), confidence);
            statuses.Add(OfVerdict(scenario.Key, trials, ratio, pair.Name, pair.Before, pair.After));
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
        };
    }

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
