using System.CommandLine;
using Ringbench.Analysis;

namespace Ringbench.Cli;

/// <summary><c>ringbench stats-check</c>: the measured error rates of the intervals and verdicts ringbench reports.</summary>
internal static class StatsCheckCommand
{
    private static readonly Option<int> ExperimentsOpt = new("--experiments", "-n")
    { Description = "Simulated experiments per cell (default 2000).", DefaultValueFactory = _ => 2000 };
    private static readonly Option<int> SeedOpt = new("--seed")
    { Description = "Seed of the simulation (default: the test suite's).", DefaultValueFactory = _ => 20231126 };

    public static Command Build()
    {
        var command = new Command("stats-check",
            "Simulate trial means with a known true ratio (lognormal noise of 5, 20, 60%, two bimodal mixtures) and print how often\n" +
            "ringbench's intervals cover the truth and how often its verdicts call two equal variants faster or slower: fixed\n" +
            "trials (paired and Welch), adaptive trials, and the single-run Mann-Whitney path; then the run-length choice (the script's\n" +
            "-w3 -d10 against one-second runs at equal time, with between-run, within-run and drift components) and the main job's\n" +
            "budgeted plan on a matrix shaped like it; then pooling several jobs of one machine and commit (a job's state as a\n" +
            "component of its own). The test suite asserts on the same cells.")
        { ExperimentsOpt, SeedOpt };
        command.SetAction(parsed => Commands.Guard(() =>
        {
            int n = parsed.GetValue(ExperimentsOpt);
            if (n < 100)
                throw new RingbenchException(ExitCode.Usage, $"--experiments must be at least 100 (got {n})");
            Console.Write(VerdictSimulation.Table(n, parsed.GetValue(SeedOpt)));
            Console.WriteLine();
            Console.Write(Running.PlanSimulation.Table(n / 2, parsed.GetValue(SeedOpt)));
            Console.WriteLine();
            Console.Write(VerdictSimulation.PoolTable(n / 10));
            return 0;
        }));
        return command;
    }
}
