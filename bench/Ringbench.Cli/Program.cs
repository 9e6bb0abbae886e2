using System.CommandLine;
using System.Runtime.InteropServices;
using Ringbench;
using Ringbench.Cli;

// Ctrl-C and SIGTERM cancel the run; the runner stops its threads, detaches the program
// and returns what it measured so far.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });

RootCommand root = Commands.Build(cancel.Token);
ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"ringbench: {parsed.Errors[0].Message} (see './run-bench.sh --help')");
    return (int)ExitCode.Usage;
}
// Each command's action turns RingbenchException into a one-line message and its exit code (Commands.Guard).
return parsed.Invoke();
