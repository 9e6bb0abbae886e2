using System.Globalization;
using System.Text.RegularExpressions;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>
/// The libbpf flavours built from the distribution's source (bpf-progs/libbpf-flavours/): the
/// seed diff applies, a diff that does not gets a clear error, and each flavour does what its
/// manifest claims, checked against the machine code (the locked store) and the kernel (the
/// epoll event mask it registered), and consumes the kernel ring with integrity.
/// </summary>
[Collection(KernelCollection.Name)]
public class LibbpfFlavourTests
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");
    private static readonly string FlavourDir = Path.Combine(Repo, "bpf-progs", "libbpf-flavours");
    private static readonly string Script = Path.Combine(FlavourDir, "build-flavours.sh");
    private static readonly string SeedDiff = Path.Combine(FlavourDir, "seed-ringbuf-seqcst-epollet.diff");

    /// <summary>The seed's four flavours as shipped (-O2), and before/after as the kernel bench builds its libbpf (-O0).</summary>
    public static TheoryData<string> SeedFlavours => new(ConsumerVariants.SeedFlavours.Select(f => f.Flavour).Concat(["before-o0", "after-o0"]));

    public static TheoryData<string> AllFlavours => new(ConsumerVariants.SeedFlavours.Select(f => f.Flavour).Concat(["before-o0", "after-o0", "barrier", "barrier-et", "lazy-et", "batch-et"]));

    private static LibbpfFlavour BuiltOrSkip(string name)
    {
        Skip.IfNot(LibbpfFlavour.Built.ContainsKey(name), LibbpfFlavour.WhyMissing(name));
        return LibbpfFlavour.Built[name];
    }

    /// <summary>The unpacked libbpf source the build fetched (bpf-progs/build/libbpf-src/&lt;version&gt;/libbpf).</summary>
    private static string SourceTreeOrSkip()
    {
        string cache = Path.Combine(Repo, "bpf-progs", "build", "libbpf-src");
        string? tree = Directory.Exists(cache)
            ? Directory.EnumerateDirectories(cache).Select(v => Path.Combine(v, "libbpf")).FirstOrDefault(t => File.Exists(Path.Combine(t, "src", "ringbuf.c")))
            : null;
        Skip.If(tree is null, "libbpf's source package was not fetched here: " + (LibbpfFlavour.WhyMissing("before") ?? "no source tree"));
        return tree!;
    }

    private static (int ExitCode, string Output) Bash(params string[] args)
    {
        var (code, stdout, stderr) = TestProcess.Run("bash", args);
        return (code, stdout + stderr);
    }

    [Fact]
    public void SeedDiffKeepsTheTwoHunksOfTheMail()
    {
        string diff = File.ReadAllText(SeedDiff);
        Assert.Equal(2, Regex.Matches(diff, "^@@ ", RegexOptions.Multiline).Count);
        Assert.Contains("+\te->events = EPOLLIN|EPOLLET;", diff);
        Assert.Contains("+\t\t\t__atomic_store_n(r->consumer_pos, cons_pos, __ATOMIC_SEQ_CST);", diff);
        Assert.Contains("-\t\t\tsmp_store_release(r->consumer_pos, cons_pos);", diff);
        Assert.Contains("shared/seed", diff); // says where it came from
    }

    [SkippableFact]
    public void SeedDiffAppliesToTheInstalledLibbpfSource()
    {
        string tree = SourceTreeOrSkip();
        var (code, output) = Bash(Script, "--check-applies", SeedDiff, tree);
        Assert.True(code == 0, output);
    }

    [SkippableFact]
    public void DiffThatDoesNotApplyIsRefusedWithOneClearLine()
    {
        string tree = SourceTreeOrSkip();
        string bad = Path.Combine(Path.GetTempPath(), $"ringbench-bad-{Environment.ProcessId}.diff");
        File.WriteAllText(bad, File.ReadAllText(SeedDiff).Replace("\te->data.fd = rb->ring_cnt;", "\te->data.fd = rb->nothing_like_this;"));
        try
        {
            var (code, output) = Bash(Script, "--check-applies", bad, tree);
            Assert.Equal(2, code);
            Assert.Contains("hunk 1 of 2 does not apply", output);
            var (notDiffCode, notDiff) = Bash(Script, "--check-applies", Script, tree);
            Assert.Equal(2, notDiffCode);
            Assert.Contains("not a unified diff", notDiff);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(SeedFlavours))]
    public void FlavourClaimsTheStoreAndTriggerOfItsPatch(string name)
    {
        LibbpfFlavour flavour = BuiltOrSkip(name);
        Assert.Equal(name.EndsWith("-o0", StringComparison.Ordinal) ? "-O0" : "-O2", flavour.Optimisation);
        (string store, string trigger) = name.Replace("-o0", "") switch
        {
            "before" => ("release", "level"),
            "after" => ("seqcst", "edge"),
            "store-only" => ("seqcst", "level"),
            _ => ("release", "edge"),
        };
        Assert.Equal(store, flavour.Store);
        Assert.Equal(trigger, flavour.Trigger);
    }

    [SkippableTheory]
    [MemberData(nameof(SeedFlavours))]
    public void FlavourObjectCodeHasALockedStoreExactlyWhenItClaimsSeqCst(string name)
    {
        LibbpfFlavour flavour = BuiltOrSkip(name);
        ObjectCode.SkipUnlessX86();
        var (code, disassembly) = Bash("-c", $"objdump -d --no-show-raw-insn '{flavour.LibraryPath}'");
        Skip.If(code != 0, "objdump is not available: " + disassembly.Split('\n')[0]);
        // The per-record store is in ringbuf_process_ring.
        string body = ObjectCode.ProcessRingBody(disassembly);
        Assert.False(body.Length == 0, "ringbuf_process_ring not found in the flavour's object code");
        Assert.Equal(flavour.Store == "seqcst", ObjectCode.HasLockedStore(body));
    }

    /// <summary>The consumer designs of designs/*.diff: the flavour, its trigger, the model design it names and the full fences its diff puts in ringbuf_process_ring.</summary>
    public static TheoryData<string, string, string, int> DesignFlavours => new()
    {
        // The 2026 barrier fix: after a pass that published, and on the callback's bail-out.
        { "barrier", "level", "barrier-lt", 2 },
        { "barrier-et", "edge", "barrier-et", 2 },
        // The lazy fence: when caught up (before reloading producer_pos) and at a BUSY record.
        { "lazy-et", "edge", "lazy-et", 2 },
        // Batched: after the pass's store, at a BUSY record, and on the callback's bail-out.
        { "batch-et", "edge", "batch-et", 3 },
    };

    [SkippableTheory]
    [MemberData(nameof(DesignFlavours))]
    public void DesignFlavourHasTheFencesItsDiffPutsAndNoSeqCstStore(string name, string trigger, string design, int fences)
    {
        LibbpfFlavour flavour = BuiltOrSkip(name);
        Assert.Equal(trigger, flavour.Trigger);
        Assert.Equal("release", flavour.Store);
        Assert.Equal(design, flavour.Design);
        Assert.Equal(design, Ringbench.Model.ConsumerDesigns.Find(design).Name);
        ObjectCode.SkipUnlessX86();
        var (code, disassembly) = Bash("-c", $"objdump -d --no-show-raw-insn '{flavour.LibraryPath}'");
        Skip.If(code != 0, "objdump is not available: " + disassembly.Split('\n')[0]);
        string body = ObjectCode.ProcessRingBody(disassembly);
        Assert.False(body.Length == 0, "ringbuf_process_ring not found in the flavour's object code");
        Assert.Equal(fences, ObjectCode.FullFences(body));
        Assert.False(ObjectCode.HasExchangeStore(body), "the designs store consumer_pos with release (a plain mov), never xchg");
    }

    [SkippableTheory]
    [MemberData(nameof(SeedFlavours))]
    public void SeedFlavourHasNoFullFence(string name)
    {
        LibbpfFlavour flavour = BuiltOrSkip(name);
        ObjectCode.SkipUnlessX86();
        var (code, disassembly) = Bash("-c", $"objdump -d --no-show-raw-insn '{flavour.LibraryPath}'");
        Skip.If(code != 0, "objdump is not available: " + disassembly.Split('\n')[0]);
        Assert.Equal(0, ObjectCode.FullFences(ObjectCode.ProcessRingBody(disassembly)));
    }

    [SkippableTheory]
    [MemberData(nameof(AllFlavours))]
    public unsafe void FlavourRegistersTheEpollFlagsItClaims(string name)
    {
        LibbpfFlavour flavour = BuiltOrSkip(name);
        KernelCollection.SkipUnlessBpfWorks();
        using IRingBackend ring = IRingBackend.Open(new BenchSettings { BatchCount = 1 }, BpfProducer.DefaultObjectPath);
        var setup = new ConsumerSetup(ring.View, ring.WaitFd, ConsumerSetup.NewCounters(), 100, false);
        using var consumer = new NativeLibbpfConsumer(setup, LibbpfBuild.Load(flavour));
        uint events = RegisteredEvents(consumer.EpollFd, ring.WaitFd);
        Assert.True((events & LibC.EpollIn) != 0, $"events {events:x}");
        Assert.Equal(flavour.Trigger == "edge", (events & LibC.EpollEt) != 0);
    }

    /// <summary>The event mask of <paramref name="targetFd"/> in an epoll fd's fdinfo ("tfd: N events: HEX ...").</summary>
    internal static uint RegisteredEvents(int epollFd, int targetFd)
    {
        foreach (string line in File.ReadLines($"/proc/self/fdinfo/{epollFd}"))
        {
            Match m = Regex.Match(line, @"^tfd:\s+(\d+)\s+events:\s+([0-9a-f]+)");
            if (m.Success && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == targetFd)
                return uint.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"fd {targetFd} is not registered in epoll fd {epollFd}");
    }

    [SkippableTheory]
    [MemberData(nameof(SeedFlavours))]
    public void FlavourConsumesTheKernelRingWithIntegrity(string name)
    {
        BuiltOrSkip(name);
        KernelCollection.SkipUnlessBpfWorks();
        Scenario parallel = ScenarioCatalog.Find("parallel");
        VariantRun run = ScenarioRun.Execute(parallel, parallel.Settings(new BenchSettings { WarmupSeconds = 0, DurationSeconds = 1 }),
            ConsumerVariants.Flavour(name), BpfProducer.DefaultObjectPath);
        Assert.True(run.Integrity.Produced > 0 && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
    }

    [Fact]
    public void EveryPortHasItsNativeTwinAndTheTwinsSetPairsThem()
    {
        // The twin is found by traits (libbpf from the seed, same store and trigger), not by name.
        var all = ConsumerVariants.Parse("twins,ceiling,libbpf,timed-1ms").Select(v => v.Traits).ToList();
        string? TwinOf(string port) => all.Single(t => t.Name == port).TwinIn(all)?.Name;
        Assert.Equal("libbpf-before", TwinOf("lt-release"));
        Assert.Equal("libbpf-after", TwinOf("et-seqcst"));
        Assert.Equal("libbpf-store-only", TwinOf("lt-seqcst"));
        Assert.Equal("libbpf-et-only", TwinOf("et-release"));
        Assert.Null(TwinOf("ceiling"));
        Assert.Null(TwinOf("libbpf"));
        Assert.Equal(["lt-release", "libbpf-before", "et-seqcst", "libbpf-after", "lt-seqcst", "libbpf-store-only", "et-release", "libbpf-et-only"],
            ConsumerVariants.Parse("twins").Select(v => v.Name));
    }

    [Fact]
    public void MissingFlavourIsAVariantThatSaysWhyInsteadOfRunning()
    {
        string empty = Directory.CreateTempSubdirectory("ringbench-flavours").FullName;
        try
        {
            Assert.Empty(LibbpfFlavour.ReadFolder(empty));
            File.WriteAllText(Path.Combine(empty, "x.flavour"), "name=x\nstore=seqcst\n"); // a manifest without its library
            Assert.Empty(LibbpfFlavour.ReadFolder(empty));
        }
        finally
        {
            Directory.Delete(empty, true);
        }
        Assert.Throws<RingbenchException>(() => ConsumerVariants.Parse("libbpf-no-such-flavour"));
        string? why = ConsumerVariants.Flavour("no-such-flavour").Unsupported(new BenchSettings());
        Assert.NotNull(why);
        Assert.Contains("not built", why);
    }
}
