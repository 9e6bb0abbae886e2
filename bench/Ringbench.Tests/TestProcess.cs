using System.Diagnostics;

namespace Ringbench.Tests;

/// <summary>
/// The one way a test runs a program: its outputs read as it runs (so a full pipe never stalls
/// it), and one that outlives its limit killed with its children and the test failed, because a
/// hung command must fail the suite, not hang it.
/// </summary>
internal static class TestProcess
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(5);

    /// <summary>A started program whose outputs are being read; the caller waits, signals or kills it.</summary>
    public sealed class Running(Process process) : IDisposable
    {
        public Process Process { get; } = process;
        public Task<string> Stdout { get; } = process.StandardOutput.ReadToEndAsync();
        public Task<string> Stderr { get; } = process.StandardError.ReadToEndAsync();

        /// <summary>Waits up to <paramref name="limit"/>; past it the program and its children are killed and the test fails.</summary>
        public (int ExitCode, string Stdout, string Stderr) Finish(TimeSpan limit, string what)
        {
            if (!Process.WaitForExit(limit))
            {
                Process.Kill(entireProcessTree: true);
                Assert.Fail($"{what} did not finish in {limit.TotalMinutes:0.#} minutes and was killed");
            }
            return (Process.ExitCode, Stdout.Result, Stderr.Result);
        }

        /// <summary>Kills the program and its children if it still runs (a failed assertion must not leave a BPF run behind for the next test), then lets go of it.</summary>
        public void Dispose()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.Kill(entireProcessTree: true);
                    Process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // exited between the look and the kill
            }
            Process.Dispose();
        }
    }

    /// <summary>
    /// Starts <paramref name="file"/>; <paramref name="cleanBuildEnvironment"/> removes the test host's
    /// MSBuild and test-platform variables, so a build inside starts as a user's would.
    /// </summary>
    public static Running Start(string file, IEnumerable<string> args, string? workingDirectory = null, bool cleanBuildEnvironment = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        foreach (string a in args)
            start.ArgumentList.Add(a);
        if (cleanBuildEnvironment)
        {
            foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                         || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                         || k == "DOTNET_HOST_PATH").ToList())
                start.Environment.Remove(name);
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // a build node kept alive would hold the output pipe open
        }
        return new Running(Process.Start(start)!);
    }

    /// <summary>Runs <paramref name="file"/> to the end (at most <paramref name="limit"/>, five minutes unless said) and hands back its exit code and both outputs.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, TimeSpan? limit = null,
        string? workingDirectory = null, bool cleanBuildEnvironment = false)
    {
        using Running p = Start(file, args, workingDirectory, cleanBuildEnvironment);
        return p.Finish(limit ?? DefaultLimit, $"{file} {string.Join(' ', args)}");
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args) => Run(file, args, limit: null);
}
