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
    public sealed record Status(string Scenario, int Trials, bool Open, string Why);

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
                statuses.Add(new Status(scenario.Key, trials, open, $"{judged.Pair}: {judged.Outcome}"));
                continue;
            }
            var pair = MatrixSummary.PatchPairs.FirstOrDefault(p => scenario.Any(s => s.Variant == p.Before) && scenario.Any(s => s.Variant == p.After));
            if (pair.Name is null)
            {
                statuses.Add(new Status(scenario.Key, trials, false, "no before/after pair to decide on"));
                continue;
            }
            RatioInterval ratio = RatioInterval.Of(scenario.First(s => s.Variant == pair.Before), scenario.First(s => s.Variant == pair.After), confidence);
            Verdict verdict = VerdictRule.Decide(ratio);
            statuses.Add(new Status(scenario.Key, trials, verdict is Verdict.TooNoisy or Verdict.Multimodal or Verdict.NeedsTrials,
                $"{pair.Name}: {VerdictRule.Text(verdict)}"));
        }
        return statuses;
    }
}
