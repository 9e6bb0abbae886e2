using System.Globalization;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;
using Spectre.Console;
using Ringbench.Analysis;

namespace Ringbench.Cli;

/// <summary>
/// Matrix progress: a Spectre.Console progress bar (run i of N, variant, ETA) on a terminal,
/// plain lines on stderr when output goes to a file or a pipe.
/// </summary>
internal static class MatrixProgress
{
    public static bool Run(Func<IMatrixObserver, bool> matrix)
    {
        if (Console.IsOutputRedirected || Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return matrix(new PlainLines());

        bool completed = false;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => completed = matrix(new Bar(ctx.AddTask("matrix", maxValue: 1))));
        return completed;
    }

    /// <summary>After an adaptive look: how many verdicts are open, and which get trials next, closest to settling first.</summary>
    private static string Look(IReadOnlyList<AdaptiveTrials.Status> statuses, IReadOnlyList<TrialAllocation.Grant> grants, string? stopped)
    {
        var open = statuses.Where(s => s.Open).ToList();
        string head = $"look: {statuses.Count - open.Count} of {statuses.Count} scenarios settled";
        if (stopped is not null)
            return $"{head}; stopping: {stopped}" + (open.Count > 0 ? $" (still open: {string.Join(", ", open.Select(s => s.Scenario))})" : "");
        var byScenario = statuses.ToDictionary(s => s.Scenario);
        string Settle(AdaptiveTrials.Status s) => s.TrialsToSettle is int n ? $"~{n} to settle" : "may not settle";
        return string.Create(CultureInfo.InvariantCulture,
            $"{head}; {grants.Count} of {open.Count} open get more trials ({grants.Sum(g => g.Seconds) / 60:F1} min): " +
            $"{string.Join(", ", grants.Select(g => $"{g.Scenario} to {g.Target} ({Settle(byScenario[g.Scenario])})"))}");
    }

    private static string Done(VariantRun run, double overhead) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Scenario.Id} {run.Variant} #{run.Trial + 1}: {run.Throughput.Mean:F3} ± {run.Throughput.StdDev:F3}M/s, drops {run.Drops.Mean:F3}M/s, " +
        $"stalls {run.MeasuredStalls}, integrity {run.Integrity.Outcome}, overhead {overhead:F2}s");

    private sealed class PlainLines : IMatrixObserver
    {
        public void Starting(int position, int total, Scenario scenario, TrialSchedule.Slot slot, BenchSettings settings) =>
            Console.Error.WriteLine($"[{position}/{total}] {scenario.Id} ({slot.Variant.Name}, trial {slot.Trial + 1}), {settings.WarmupSeconds + settings.DurationSeconds} s");

        public void Sampled(Sample sample) { }

        public void Finished(VariantRun run, double overhead) => Console.Error.WriteLine("  " + Done(run, overhead));

        public void Skipped(int alreadyDone) => Console.Error.WriteLine($"resuming: {alreadyDone} runs already on disk are kept");

        public void WarmedUp(JobWarmup.Outcome outcome) => Console.Error.WriteLine(outcome.Text);

        public void Looked(IReadOnlyList<AdaptiveTrials.Status> statuses, IReadOnlyList<TrialAllocation.Grant> grants, string? stopped) =>
            Console.Error.WriteLine(Look(statuses, grants, stopped));

        public void NotRun(Scenario scenario, ConsumerVariant variant, string why) =>
            Console.Error.WriteLine($"not run: {scenario.Id} with {variant.Name}: the variant {why}");

        public void Failed(Scenario scenario, TrialSchedule.Slot slot, string why) =>
            Console.Error.WriteLine($"  failed: {scenario.Id} {slot.Variant.Name} #{slot.Trial + 1}: {why}");
    }

    private sealed class Bar(ProgressTask task) : IMatrixObserver
    {
        public void Starting(int position, int total, Scenario scenario, TrialSchedule.Slot slot, BenchSettings settings)
        {
            if (position == 1)
                task.MaxValue = total * (settings.WarmupSeconds + settings.DurationSeconds);
            task.Description = Markup.Escape($"[{position}/{total}] {scenario.Id} {slot.Variant.Name} trial {slot.Trial + 1}");
        }

        public void Sampled(Sample sample) => task.Increment(1);

        public void Finished(VariantRun run, double overhead) => AnsiConsole.MarkupLine(Markup.Escape("  " + Done(run, overhead)));

        public void Skipped(int alreadyDone) => AnsiConsole.MarkupLine($"resuming: {alreadyDone} runs already on disk are kept");

        public void WarmedUp(JobWarmup.Outcome outcome) => AnsiConsole.MarkupLine(Markup.Escape(outcome.Text));

        public void Looked(IReadOnlyList<AdaptiveTrials.Status> statuses, IReadOnlyList<TrialAllocation.Grant> grants, string? stopped) =>
            AnsiConsole.MarkupLine(Markup.Escape(Look(statuses, grants, stopped)));

        public void NotRun(Scenario scenario, ConsumerVariant variant, string why) =>
            AnsiConsole.MarkupLine(Markup.Escape($"not run: {scenario.Id} with {variant.Name}: the variant {why}"));

        public void Failed(Scenario scenario, TrialSchedule.Slot slot, string why) =>
            AnsiConsole.MarkupLine(Markup.Escape($"failed: {scenario.Id} {slot.Variant.Name} #{slot.Trial + 1}: {why}"));
    }
}
