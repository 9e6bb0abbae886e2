using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Running;

/// <summary>
/// --trials auto under a time budget: which open scenarios get their next look now. The box's
/// time goes first to the verdicts closest to settling (fewest trials to settle, from
/// <see cref="AdaptiveTrials.Status.TrialsToSettle"/>), so a row that would need eighteen more
/// trials does not starve ten rows that need two; each chosen scenario goes up to its next look
/// only (the estimate of what settles it is itself noisy, so it is looked at again there), or,
/// for a pair in two modes, to the first look at which it can have a verdict at all (a look short
/// of that spends the pair's runs on a verdict it cannot give: results/2026-12-06-vm-cb31431 ended
/// its budget with six multi-producer rows in two modes at 6 trials). Only the two variants of
/// the pair its verdict is on run again: the others' numbers are reported at the trials they have.
/// <para>
/// Choosing which scenarios continue from their data does not cost error rate: every interval is
/// taken at the plan's per-look confidence, and the union bound over the looks holds for any
/// rule that stops at one of them (the simulation in the test suite measures it,
/// <see cref="VerdictSimulation.BudgetedMatrix"/>).
/// </para>
/// </summary>
public static class TrialAllocation
{
    /// <summary>One scenario that gets more trials: up to <paramref name="Target"/>, for these variants.</summary>
    public sealed record Grant(string Scenario, int Target, IReadOnlyList<string> Variants, double Seconds);

    /// <summary>
    /// The next round: the open scenarios that can reach a further look, cheapest to settle first,
    /// as many as fit in <paramref name="remainingSeconds"/> (null = no budget) at
    /// <paramref name="secondsPerRun"/> a run. Scenarios no count of trials would settle come last.
    /// </summary>
    public static IReadOnlyList<Grant> Choose(IEnumerable<AdaptiveTrials.Status> statuses, SequentialPlan plan, double secondsPerRun,
        double? remainingSeconds)
    {
        var grants = new List<Grant>();
        double left = remainingSeconds ?? double.PositiveInfinity;
        foreach (AdaptiveTrials.Status s in statuses.Where(s => s.Open && plan.NextLook(s.Trials) is not null)
                     .OrderBy(s => s.TrialsToSettle ?? int.MaxValue).ThenBy(s => s.Trials).ThenBy(s => s.Scenario, StringComparer.Ordinal))
        {
            int target = plan.NextLook(s.Trials)!.Value;
            while (target < s.FewestForVerdict && plan.NextLook(target) is int later)
                target = later;
            string[] variants = s.Before.Length > 0 ? [s.Before, s.After] : [];
            double seconds = (target - s.Trials) * Math.Max(variants.Length, 1) * secondsPerRun;
            if (seconds > left)
                continue;
            left -= seconds;
            grants.Add(new Grant(s.Scenario, target, variants, seconds));
        }
        return grants;
    }
}
