using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>
/// One run of the kernel's own bench binary (a <see cref="KernelBenchBuild"/>) for a scenario:
/// the scenario's knobs as the bench's flags, the bench run as a process, and its per-second
/// "Iter" lines read back as ringbench samples, so its rows sit in results.csv beside ringbench's
/// own and go through the same statistics. What the bench does not report (wake-ups, the
/// consumer's CPU, an end-of-run account) is left unknown, never filled in.
/// </summary>
public static partial class KernelBenchProcess
{
    /// <summary>
    /// The bench's command line for <paramref name="settings"/>, and the settings as it really runs
    /// them. Pinning: the bench takes one CPU per thread from its CPU lists and stops when it runs
    /// out ("setting affinity to CPU #2 failed" with -a and more threads than CPUs), where ringbench
    /// wraps producers around the CPUs; so a plan that puts two producers on one CPU runs the bench
    /// unpinned, and the row records no pinning (docs/bench-spec.md §10).
    /// </summary>
    public static (IReadOnlyList<string> Arguments, BenchSettings Ran) CommandLine(ScriptBenchmark benchmark, BenchSettings settings, int cpuCount)
    {
        var args = new List<string>
        {
            "-w", Invariant(settings.WarmupSeconds), "-d", Invariant(settings.DurationSeconds),
            "-p", Invariant(settings.Producers), "-c", "1",
            "--rb-batch-cnt", Invariant(settings.BatchCount),
            // The perf buffer's setup refuses a sample rate above the batch count even unsampled, where
            // nothing reads it (the script's multi-producer perf sweep passes 50 for that reason): unsampled,
            // the rate is capped at the batch count, which changes nothing the bench does.
            "--rb-sample-rate", Invariant(settings.Sampled ? settings.SampleRate : Math.Min(settings.SampleRate, settings.BatchCount)),
        };
        if (settings.Sampled)
            args.Add("--rb-sampled");
        if (settings.BackToBack)
            args.Add("--rb-b2b");
        if (settings.UseOutput)
            args.Add("--rb-use-output");

        CpuAffinity plan = CpuAffinity.Plan(settings, settings.Producers, cpuCount);
        BenchSettings ran = settings;
        if (plan.ConsumerCpu is int consumer)
        {
            var producers = plan.ProducerCpus.Select(c => c!.Value).ToList();
            if (producers.Distinct().Count() == producers.Count)
            {
                args.AddRange(["--cons-affinity", Invariant(consumer), "--prod-affinity", string.Join(',', producers)]);
                ran = settings with { Affinity = true, ConsumerCpus = [consumer], ProducerCpus = producers };
            }
            else
            {
                ran = settings with { Affinity = false, ConsumerCpus = null, ProducerCpus = null };
            }
        }
        args.Add(benchmark.Spelling());
        return (args, ran);
    }

    /// <summary>The bench's -d D measures D + 1 seconds (below): one second more than ringbench's own run of the same settings.</summary>
    public const double SecondsBeyondDuration = 1;

    /// <summary>
    /// Runs the bench and returns its run. Its -d D measures D + 1 seconds (the 6.1 bench reports
    /// iterations 0 to W + D and summarises those from W on, docs/bench-spec.md §10): the samples
    /// are the ones its own Summary line is taken over, nothing dropped to match ringbench's length.
    /// </summary>
    public static VariantRun Execute(Scenario scenario, BenchSettings settings, KernelBenchBuild build, ScriptBenchmark benchmark, string variant,
        Ring.VariantTraits traits, Action<Sample>? onSample, CancellationToken cancel)
    {
        var (arguments, ran) = CommandLine(benchmark, settings, Environment.ProcessorCount);
        DateTimeOffset startedAt = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo(build.BenchPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start)
            ?? throw new RingbenchException(ExitCode.Environment, $"{variant}: could not start {build.BenchPath}");
        Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        // The bench sets up, then runs W + D + 1 one-second iterations; a minute on top is a hang.
        var limit = TimeSpan.FromSeconds(settings.WarmupSeconds + settings.DurationSeconds + 61);
        bool interrupted = false;
        using (cancel.Register(() => { interrupted = true; ChildProcess.KillTree(process); }))
        {
            if (!process.WaitForExit(limit))
            {
                ChildProcess.KillTree(process);
                throw new RingbenchException(ExitCode.Environment, $"{variant}: the kernel bench did not finish within {limit.TotalSeconds:F0} s ({string.Join(' ', arguments)})");
            }
            process.WaitForExit();
        }
        string stdout = output.Result, stderr = errors.Result;
        double seconds = clock.Elapsed.TotalSeconds;
        if (!interrupted && process.ExitCode != 0)
        {
            string why = (stderr + "\n" + stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault(l => !l.StartsWith("Setting up", StringComparison.Ordinal)) ?? "no output";
            throw new RingbenchException(ExitCode.KernelRefused,
                $"{variant}: the kernel bench exited {process.ExitCode}: {why} (bench {string.Join(' ', arguments)})");
        }

        IReadOnlyList<Sample> samples = Iterations(stdout, settings.WarmupSeconds);
        foreach (Sample s in samples)
            onSample?.Invoke(s);
        if (!interrupted && samples.Count(s => !s.IsWarmup) == 0)
            throw new RingbenchException(ExitCode.KernelRefused, $"{variant}: the kernel bench printed no measured iteration (bench {string.Join(' ', arguments)})");

        // Its counts are rates to three decimals, so the totals are rebuilt from them; the bench
        // keeps no end-of-run account to check them against.
        var integrity = Integrity.Unchecked(samples.Sum(s => s.Records), samples.Sum(s => s.Drops));
        AttachMode attach = build.Attach.StartsWith("raw_tp", StringComparison.Ordinal) ? AttachMode.RawTracepoint : AttachMode.Fentry;
        double measuredSeconds = samples.Sum(s => s.ElapsedSeconds);
        return new VariantRun(scenario, variant, ran, attach, samples, integrity,
            TotalStalls: 0, TotalWakeups: 0, ConsumerUserSeconds: double.NaN, ConsumerSystemSeconds: double.NaN,
            startedAt, SetupSeconds: Math.Max(0, seconds - measuredSeconds), TeardownSeconds: 0, interrupted)
        {
            Traits = traits,
        };
    }

    /// <summary>
    /// The bench's per-second lines ("Iter   3 ( 12.345us): hits   10.119M/s ( 10.119M/prod), drops    0.057M/s, ...";
    /// the microseconds are how far the second ran over or under) as samples: the first
    /// <paramref name="warmupSeconds"/> are the warm-up, as the bench's own summary skips them.
    /// </summary>
    public static IReadOnlyList<Sample> Iterations(string output, int warmupSeconds)
    {
        var samples = new List<Sample>();
        foreach (string line in output.Split('\n'))
        {
            Match m = IterationLine().Match(line);
            if (!m.Success)
                continue;
            int index = int.Parse(m.Groups["iter"].Value, CultureInfo.InvariantCulture);
            double elapsed = 1 + double.Parse(m.Groups["over"].Value, CultureInfo.InvariantCulture) / 1e6;
            long Count(string group) => (long)Math.Round(double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) * 1e6 * elapsed);
            samples.Add(new Sample(index, index < warmupSeconds, elapsed, Count("hits"), Count("drops"),
                Triggers: 0, Waits: 0, Wakeups: 0, EmptyWakeups: 0, Timeouts: 0, Stalls: 0));
        }
        return samples;
    }

    [GeneratedRegex(@"^Iter\s+(?<iter>\d+)\s+\(\s*(?<over>-?\d+(\.\d+)?)us\):\s+hits\s+(?<hits>\d+(\.\d+)?)M/s.*?drops\s+(?<drops>\d+(\.\d+)?)M/s")]
    private static partial Regex IterationLine();

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
