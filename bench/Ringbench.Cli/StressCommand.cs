using System.CommandLine;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;

namespace Ringbench.Cli;

/// <summary><c>ringbench stress</c>: the patched consumers for minutes, with the ring's state at every stall.</summary>
internal static class StressCommand
{
    private static readonly Option<double> MinutesOpt = new("--minutes", "-m")
    { Description = "Total time, split evenly over variants x workloads x neighbour counts (default 8).", DefaultValueFactory = _ => 8 };
    private static readonly Option<string[]> ReaderOpt = CommonOptions.Reader();
    private static readonly Option<bool> NoWaitOpt = CommonOptions.NoWait();
    private static readonly Option<string> VariantsOpt = new("--variants", "-V")
    { Description = $"Consumers to stress, comma-separated: {ConsumerVariants.Grammar} (default: the patched pair, et-seqcst and libbpf-after).", DefaultValueFactory = _ => "et-seqcst,libbpf-after" };
    private static readonly Option<string> WorkloadsOpt = new("--workloads")
    { Description = "paced-100us (one record every 100 us), parallel and/or bounded-1 (one record a call, drained before waiting: the 2026 fix's test).", DefaultValueFactory = _ => "paced-100us,parallel" };
    private static readonly Option<string> NeighboursOpt = new("--neighbours")
    { Description = "Busy-neighbour counts to run each with (default 0,1).", DefaultValueFactory = _ => "0,1" };
    private static readonly Option<string?> OutOpt = new("--out", "-o")
    { Description = "Folder for stress.md and stalls.csv (default results/<date>-<host>-stress/)." };

    public static Command Build(CancellationToken cancel)
    {
        var command = new Command("stress",
            "Run the patched consumers for minutes on paced and parallel producers, quiet and with a busy neighbour, and record\n" +
            "the ring's state at every stall (a wait that ran out with records waiting): producer_pos, consumer_pos, the header at\n" +
            "consumer_pos, the time since the last wake-up and what was committed since. Writes stress.md and stalls.csv.")
        { MinutesOpt, VariantsOpt, WorkloadsOpt, NeighboursOpt, OutOpt, ReaderOpt, NoWaitOpt };
        command.SetAction(parsed => Commands.Guard(() =>
        {
            CommonOptions.GiveReaders(parsed, ReaderOpt);
            IReadOnlyList<ConsumerVariant> variants = ConsumerVariants.Parse(parsed.GetValue(VariantsOpt)!);
            string[] workloads = CommonOptions.Words([parsed.GetValue(WorkloadsOpt)!]).ToArray();
            int[] neighbours = CommonOptions.Words([parsed.GetValue(NeighboursOpt)!])
                .Select(w => int.TryParse(w, out int n) && n is >= 0 and <= 64 ? n
                    : throw new RingbenchException(ExitCode.Usage, $"--neighbours: '{w}' is not a count from 0 to 64")).ToArray();
            double minutes = parsed.GetValue(MinutesOpt);
            int runs = variants.Count * workloads.Length * neighbours.Length;
            int secondsEach = (int)(minutes * 60 / runs);
            if (secondsEach < 1)
                throw new RingbenchException(ExitCode.Usage, $"--minutes {minutes} leaves less than a second for each of the {runs} runs");
            Privileges.EnsureCanLoadBpf();
            foreach (string w in workloads.Where(w => StallStress.Workloads.All(x => x.Name != w)))
                throw new RingbenchException(ExitCode.Usage, $"--workloads: unknown workload '{w}': choose {string.Join(", ", StallStress.Workloads.Select(x => x.Name))}");
            foreach (ConsumerVariant v in variants)
                if (v.Unsupported(new Scenarios.BenchSettings()) is string why)
                    throw new RingbenchException(ExitCode.Environment, $"{v.Name}: {why}");

            var machine = MatrixRun.WithLibbpfFacts(MachineInfo.Probe(new MatrixSettings(), MatrixRun.LibbpfVersion()));
            string folder = parsed.GetValue(OutOpt) ?? Path.Combine(MachineInfo.RepositoryRoot() ?? ".", "results",
                $"{machine.StartedAt:yyyy-MM-dd}-{machine.Hostname}-stress");
            Directory.CreateDirectory(folder);
            using ExclusiveLock benchmark = CommonOptions.TakeMachine(parsed, NoWaitOpt, $"stress into {folder}", cancel);
            IReadOnlyList<StressResult> results = StallStress.Run(variants, workloads, neighbours, secondsEach, BpfProducer.DefaultObjectPath,
                line => Console.Error.WriteLine($"ringbench: stress {line}"), cancel);
            machine = machine with { FinishedAt = DateTimeOffset.Now };
            machine.Save(Path.Combine(folder, ResultFolder.MachineFile));
            File.Delete(Path.Combine(folder, ResultFolder.StallsCsvFile));
            ResultCsv.Append(Path.Combine(folder, ResultFolder.StallsCsvFile), StallStress.Rows(results));
            string md = StallStress.Markdown(results, machine);
            File.WriteAllText(Path.Combine(folder, ResultFolder.StressMarkdownFile), md);
            Console.Write(md);
            return cancel.IsCancellationRequested ? (int)ExitCode.Interrupted : 0;
        }));
        return command;
    }
}
