using System.Runtime.InteropServices;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// The self-contained bundle (./run-bench.sh bundle): unpacked into an empty folder and run with no
/// dotnet on the PATH, its matrix writes a folder that `compare` accepts against the normal build's.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class BundleTests : IDisposable
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A PATH of every program of this machine but dotnet, made under <paramref name="under"/>: the host without the SDK.</summary>
    internal static string PathWithoutDotnet(string under)
    {
        string bin = Directory.CreateDirectory(Path.Combine(under, "path")).FullName;
        foreach (string dir in new[] { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(dir))
            {
                string link = Path.Combine(bin, Path.GetFileName(file));
                if (Path.GetFileName(file) != "dotnet" && !File.Exists(link) && !Directory.Exists(link))
                    File.CreateSymbolicLink(link, file);
            }
        }
        return bin;
    }

    /// <summary>A bundle of this checkout, made as `./run-bench.sh bundle` makes it and unpacked into an empty folder: its launcher's path.</summary>
    private string UnpackedBundle()
    {
        string tarball = Path.Combine(_dir, "ringbench.tar.gz");
        var (made, _, makeErr) = TestProcess.Run("bash", [Path.Combine(Repo, "fleet", "make-bundle.sh"), "-o", tarball],
            limit: TimeSpan.FromMinutes(5), workingDirectory: Repo, cleanBuildEnvironment: true);
        Assert.True(made == 0, makeErr);
        string unpacked = Directory.CreateDirectory(Path.Combine(_dir, "host")).FullName;
        Assert.Equal(0, TestProcess.Run("tar", "-C", unpacked, "-xzf", tarball).ExitCode);
        return Directory.GetFiles(unpacked, "ringbench", SearchOption.AllDirectories).Single();
    }

    /// <summary>
    /// The other architecture's CLI in the bundle, run under qemu's user-mode emulation where this
    /// machine has it (qemu-user-static and the other architecture's C library, e.g.
    /// <c>dpkg --add-architecture arm64; apt-get install qemu-user-static libc6:arm64 libstdc++6:arm64
    /// libgcc-s1:arm64 zlib1g:arm64 libicu72:arm64</c>): more than its ELF header, the whole matrix on
    /// the simulated ring (emulation has no bpf()), outputs and figures included, in a folder that
    /// `compare` accepts against this machine's and says the architectures differ.
    /// </summary>
    [SkippableFact]
    public void TheOtherArchitecturesCliRunsTheMatrixUnderEmulation()
    {
        bool onArm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
        string other = onArm ? "linux-x64" : "linux-arm64", otherName = onArm ? "x64" : "arm64";
        string qemu = onArm ? "/usr/bin/qemu-x86_64-static" : "/usr/bin/qemu-aarch64-static";
        string loader = onArm ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux-aarch64.so.1";
        Skip.IfNot(File.Exists(qemu) && File.Exists(loader),
            $"no user-mode emulation of {otherName} here ({qemu} and {loader}: qemu-user-static and the {otherName} C library)");
        string root = Path.GetDirectoryName(UnpackedBundle())!;

        string emulated = Path.Combine(_dir, "emulated"), native = Path.Combine(_dir, "native");
        string[] matrix = ["matrix", "--backend", "sim", "--quick", "-s", "b2b", "--variants", "lt-release,et-seqcst"];
        using (TestProcess.Running run = TestProcess.Start(qemu, [Path.Combine(root, "bin", other, "Ringbench.Cli"), .. matrix, "-o", emulated], workingDirectory: _dir))
        {
            var (exit, _, err) = run.Finish(TimeSpan.FromMinutes(5), $"the {otherName} CLI under emulation");
            Assert.True(exit == 0, err);
        }
        Assert.Equal(otherName, MachineInfo.Load(Path.Combine(emulated, ResultFolder.MachineFile)).Architecture);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(emulated, "plots"), "*.png"));

        var (nativeExit, _, nativeErr) = CliTests.Ringbench([.. matrix, "-o", native]);
        Assert.True(nativeExit == 0, nativeErr);
        var (compared, output, compareErr) = CliTests.Ringbench("compare", native, emulated);
        Assert.True(compared == 0, compareErr);
        Assert.Contains($"architecture: {(onArm ? "arm64" : "x64")} vs {otherName}", output);
    }

    [SkippableFact]
    public void TheBundleRunsTheMatrixWithoutTheSdkAndCompareAcceptsItsFolder()
    {
        KernelCollection.SkipUnlessBpfWorks();
        string launcher = UnpackedBundle();
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(launcher)!, MachineInfo.BundleMarker)));

        string path = PathWithoutDotnet(_dir);
        Assert.False(File.Exists(Path.Combine(path, "dotnet")));
        string bundled = Path.Combine(_dir, "bundled"), normal = Path.Combine(_dir, "normal");
        string[] matrix = ["matrix", "--quick", "-s", "b2b", "--variants", "lt-release,libbpf-before", "-d", "1"];
        using (TestProcess.Running run = TestProcess.Start(launcher, [.. matrix, "-o", bundled], workingDirectory: _dir,
                   environment: new Dictionary<string, string> { ["PATH"] = path }))
        {
            var (exit, _, err) = run.Finish(TimeSpan.FromMinutes(3), "the bundle's matrix");
            Assert.True(exit == 0, err);
        }
        MachineInfo machine = MachineInfo.Load(Path.Combine(bundled, ResultFolder.MachineFile));
        Assert.Equal(File.ReadAllText(Path.Combine(Path.GetDirectoryName(launcher)!, "COMMIT")).Trim(), machine.Commit);
        Assert.True(File.Exists(Path.Combine(bundled, "reproduce.md")), "the bundle carries the patch's reference");

        var (normalExit, _, normalErr) = CliTests.Ringbench([.. matrix, "-o", normal]);
        Assert.True(normalExit == 0, normalErr);
        var (compared, output, compareErr) = CliTests.Ringbench("compare", normal, bundled);
        Assert.True(compared == 0, compareErr);
        Assert.Contains("libbpf-before", output);

        // The other architecture's CLI travels too (an aarch64 ELF for an x86-64 maker, and the reverse), without this machine's natives.
        string root = Path.GetDirectoryName(launcher)!;
        string other = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-x64" : "linux-arm64";
        byte[] elf = File.ReadAllBytes(Path.Combine(root, "bin", other, "Ringbench.Cli"))[..20];
        Assert.Equal(other == "linux-arm64" ? 0xB7 : 0x3E, elf[18]); // e_machine: EM_AARCH64 or EM_X86_64
        Assert.False(File.Exists(Path.Combine(root, "bin", other, "libringbench_native.so")), "this machine's shim went to the other architecture");

        // A host whose natives are missing (the other architecture's, here made so) builds them at first use from the bundle's sources.
        string own = Path.Combine(root, "bin", RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64");
        File.Delete(Path.Combine(own, "libringbench_native.so"));
        Directory.Delete(Path.Combine(own, "bpf"), recursive: true);
        using (TestProcess.Running run = TestProcess.Start(launcher, ["run", "b2b", "--variants", "lt-release", "-w", "0", "-d", "1"], workingDirectory: _dir,
                   environment: new Dictionary<string, string> { ["PATH"] = path, ["RINGBENCH_NATIVES"] = "core" }))
        {
            var (exit, _, err) = run.Finish(TimeSpan.FromMinutes(3), "the bundle's first run without natives");
            Assert.True(exit == 0, err);
            Assert.Contains("building the native parts for this", err);
        }
        Assert.True(File.Exists(Path.Combine(own, "libringbench_native.so")) && File.Exists(Path.Combine(own, "bpf", "ringbuf_producer.bpf.o")));
    }
}
