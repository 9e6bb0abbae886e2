using System.CommandLine;

namespace Ringbench.Cli;

/// <summary>The command tree. Each command parses its options and calls one library entry point.</summary>
internal static class Commands
{
    public static RootCommand Build(CancellationToken cancel)
    {
        var root = new RootCommand(
            "ringbench: benchmark BPF ring-buffer consumers on the running kernel.\n" +
            "Loads a BPF producer (the kernel selftest ringbuf bench's), consumes its BPF_MAP_TYPE_RINGBUF through\n" +
            "mmap and epoll with the consumer variants of the libbpf EPOLLET patch, and reports throughput and drops\n" +
            "in the kernel bench's format. Needs root (or CAP_BPF + CAP_PERFMON).");
        root.Subcommands.Add(RunCommand.Build(cancel));
        root.Subcommands.Add(MatrixCommand.Build(cancel));
        root.Subcommands.Add(ReproduceCommand.Build());
        root.Subcommands.Add(ReproduceCommand.BuildImport());
        root.Subcommands.Add(PlotCommand.Build());
        root.Subcommands.Add(PlotCommand.BuildReport());
        root.Subcommands.Add(CompareCommand.Build());
        root.Subcommands.Add(MachinesCommand.Build());
        root.Subcommands.Add(PoolCommand.Build());
        root.Subcommands.Add(StressCommand.Build(cancel));
        root.Subcommands.Add(ModelCheckCommand.Build());
        root.Subcommands.Add(StatsCheckCommand.Build());
        root.Subcommands.Add(ListCommand.Build());
        return root;
    }

    /// <summary>Turns an exception escaping a command into the one-line error path.</summary>
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (RingbenchException e)
        {
            Console.Error.WriteLine($"ringbench: {e.Message}");
            return (int)e.ExitCode;
        }
    }
}
