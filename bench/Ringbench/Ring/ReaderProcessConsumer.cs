using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// A consumer in another process (<see cref="ExternalReader"/>), driven through the reader
/// protocol (docs/reader-protocol.md): started with the ring's map ID, it opens the ring itself
/// and answers "count" with the records it has consumed and "stop" with its total. ringbench
/// keeps the producer's side as for every variant (the drops, the end-of-run account, the BPF
/// run time) and reads the reader's CPU time and context switches from /proc.
///
/// Nothing here is on a hot path: the reader's own loop is the measured one. ringbench's
/// consumer thread only waits for the stop; the sampler asks for a count twice a second, so the
/// reader's protocol thread wakes twice a second, against the thousands of wake-ups a second its
/// read loop is measured by.
/// </summary>
public sealed class ReaderProcessConsumer : IRingConsumer
{
    /// <summary>How long a reader may take to open the ring and say "ready".</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a reader may take to answer "count".</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a reader may take to drain and answer "stop" with its total.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a reader may take to exit after its total before it is killed.</summary>
    public static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    private readonly ConsumerCounters[] _counters;
    private readonly string _variant;
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ManualResetEventSlim _stop = new();
    private readonly Kernel.ThreadUsage _atReady;
    private readonly Lock _protocol = new();
    private bool _stopped;
    // Why ringbench killed the reader, once it has (set before the kill, so a failure the kill causes sees it).
    private string? _killedFor;

    public ReaderProcessConsumer(ConsumerSetup setup, ExternalReader reader, string variant)
    {
        _counters = setup.Counters;
        _variant = variant;
        uint mapId = LibBpf.MapId(setup.RingFd);
        var start = reader.Shell
            ? new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "exec " + reader.Command } }
            : new ProcessStartInfo(reader.Command);
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["RINGBENCH_PROTOCOL"] = "1";
        start.Environment["RINGBENCH_MAP_ID"] = mapId.ToString(CultureInfo.InvariantCulture);
        start.Environment["RINGBENCH_RING_BYTES"] = setup.Ring.DataSize.ToString(CultureInfo.InvariantCulture);
        // Back-to-back: the reader fires each batch itself (getpgid), the next one when it has consumed the last.
        if (setup.BackToBack)
            start.Environment["RINGBENCH_B2B_BATCH"] = setup.BatchCount.ToString(CultureInfo.InvariantCulture);
        try
        {
            _process = Process.Start(start) ?? throw Failed("could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw Failed($"could not be started ({reader.Command}: {e.Message})");
        }
        _process.OutputDataReceived += (_, e) => { if (e.Data is null) _lines.CompleteAdding(); else _lines.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { _errors.Enqueue(line); while (_errors.Count > 20) _errors.TryDequeue(out string? _); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            string ready = NextLine(ReadyTimeout, "say 'ready'");
            if (ready != "ready")
                throw Failed($"said '{Shorten(ready)}' where the protocol says 'ready'");
            // The reader's threads share the consumer's CPU, as every consumer does; threads it
            // starts later inherit the pin from the thread that starts them.
            if (setup.ConsumerCpu is int cpu)
                foreach (int tid in Tasks(_process.Id))
                    Running.CpuAffinity.PinThread(tid, cpu);
            if (setup.BackToBack)
                (setup.LetProcessTrigger ?? throw Failed("cannot trigger this ring from another process"))(_process.Id);
            _atReady = ProcessUsage.Read(_process.Id);
        }
        catch
        {
            Kill();
            _process.Dispose();
            throw;
        }
    }

    /// <summary>The reader's CPU time and context switches from "ready" to the stop (what <see cref="Run"/> measured).</summary>
    public Kernel.ThreadUsage? OwnUsage { get; private set; }

    public void Run()
    {
        // The run starts (the producer's counters are read): in back-to-back mode the reader's cue to fire its first batch.
        Send("start");
        _stop.Wait();
        // The producers have stopped: the reader's usage over the run, before its drain.
        OwnUsage = ProcessUsage.Read(_process.Id) - _atReady;
    }

    public void RequestStop() => _stop.Set();

    /// <summary>Asks the reader for its count, for the sample about to be taken.</summary>
    public void BeforeSample()
    {
        long records = Ask("count", "count");
        Volatile.Write(ref _counters[0].Records, records);
    }

    /// <summary>Tells the reader the warm-up is over (it may ignore it).</summary>
    public void MeasuringStarts() => Send("measure");

    public long DrainRemaining()
    {
        long before = Volatile.Read(ref _counters[0].Records);
        long total = Ask("stop", "total");
        _stopped = true;
        Volatile.Write(ref _counters[0].Records, total);
        if (!_process.WaitForExit(ExitGrace))
            throw KillFor($"did not exit within {ExitGrace.TotalSeconds:F0} s of its total (killed)");
        _process.WaitForExit(); // the output's end
        if (_process.ExitCode != 0)
            throw Failed($"exited {_process.ExitCode} after its total");
        return total - before;
    }

    public void Dispose()
    {
        if (!_stopped)
            Kill();
        _process.Dispose();
        _stop.Dispose();
        _lines.Dispose();
    }

    /// <summary>Sends a command and reads the one line that answers it: "&lt;word&gt; &lt;records&gt;".</summary>
    private long Ask(string command, string word)
    {
        lock (_protocol)
        {
            Send(command);
            string line = NextLine(command == "stop" ? TotalTimeout : ReplyTimeout, $"answer '{command}'");
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[0] != word || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long records))
                throw Failed($"answered '{command}' with '{Shorten(line)}' where the protocol says '{word} <records>'");
            if (records < Volatile.Read(ref _counters[0].Records))
                throw Failed($"counted {records} records after {Volatile.Read(ref _counters[0].Records)}: counts are cumulative");
            return records;
        }
    }

    /// <summary>
    /// Writes one command line. Under the protocol's lock: "start" comes from the consumer's thread
    /// while the sampler's first "count" may be on its way, and a StreamWriter written from two
    /// threads at once can garble both lines.
    /// </summary>
    private void Send(string command)
    {
        lock (_protocol)
        {
            try
            {
                _process.StandardInput.WriteLine(command);
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                throw Failed((Exited() ?? "closed its input") + $" before it was sent '{command}'");
            }
        }
    }

    private string NextLine(TimeSpan timeout, string what)
    {
        try
        {
            if (_lines.TryTake(out string? line, timeout))
                return line;
        }
        catch (InvalidOperationException)
        {
            // completed: the output ended
        }
        if (_lines.IsCompleted)
            throw Failed((Exited() is { } exited ? exited + " where it would " : "closed its output before it would ") + what);
        throw KillFor($"did not {what} within {timeout.TotalSeconds:F0} s (killed)");
    }

    /// <summary>"exited N" (with its last error line) if the reader is gone, else null.</summary>
    private string? Exited()
    {
        if (!_process.WaitForExit(TimeSpan.FromMilliseconds(500)))
            return null;
        return $"exited {_process.ExitCode}";
    }

    private RingbenchException Failed(string what)
    {
        // Once ringbench has killed the reader, what fails after (a command to a dead process, from
        // the consumer's thread while the sampler's timed out) fails for the kill's reason, not with
        // the exit the kill caused ("exited 137").
        what = Volatile.Read(ref _killedFor) ?? what;
        string last = _errors.LastOrDefault() is { } e ? $": {Shorten(e)}" : "";
        return new RingbenchException(ExitCode.Environment, $"{_variant}: the reader {what}{last}") { RunFailed = true };
    }

    /// <summary>Kills the reader for <paramref name="why"/>, which every later failure of this run then reports.</summary>
    private RingbenchException KillFor(string why)
    {
        Interlocked.CompareExchange(ref _killedFor, why, null);
        Kill();
        return Failed(why);
    }

    private void Kill()
    {
        ChildProcess.KillTree(_process);
        _process.WaitForExit(ExitGrace);
    }

    private static IEnumerable<int> Tasks(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    /// <summary>
    /// A process's CPU time (utime and stime of /proc/PID/stat, which count every thread it has
    /// had) and its context switches (the sum over /proc/PID/task/*/status: a thread that has
    /// exited takes its own with it).
    /// </summary>
    private static class ProcessUsage
    {
        private static readonly double TicksPerSecond = 100; // USER_HZ, fixed at 100 on Linux's user ABI

        public static Kernel.ThreadUsage Read(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                // Fields after the command (which may hold spaces) start past its closing parenthesis: state is field 3, utime 14, stime 15.
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                double user = long.Parse(fields[11], CultureInfo.InvariantCulture) / TicksPerSecond;
                double system = long.Parse(fields[12], CultureInfo.InvariantCulture) / TicksPerSecond;
                long voluntary = 0, involuntary = 0;
                foreach (int tid in Tasks(pid))
                {
                    string[] status;
                    try
                    {
                        status = File.ReadAllLines($"/proc/{pid}/task/{tid}/status");
                    }
                    catch (IOException)
                    {
                        continue; // the thread exited after the listing
                    }
                    foreach (string line in status)
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                            voluntary += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                        else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                            involuntary += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
                return new Kernel.ThreadUsage(user, system, voluntary, involuntary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new Kernel.ThreadUsage(double.NaN, double.NaN, -1, -1); // the reader is gone: unknown, not zero
            }
        }
    }
}
