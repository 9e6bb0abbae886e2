using System.Diagnostics;

namespace Ringbench.Tests;

/// <summary>Runs a program for a test and hands back its exit code and both outputs; one that hangs is killed and fails the test.</summary>
internal static class TestProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in 5 minutes and was killed");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
