using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>
/// The ring_buffer entry points of one libbpf build: the system's libbpf.so.1, or a flavour
/// (libbpf built from source with or without a diff, in a library of its own; see
/// bpf-progs/libbpf-flavours/). The native consumer calls whichever it is given through
/// these pointers, so every build runs the same harness code and differs only in its libbpf.
/// </summary>
public sealed unsafe class LibbpfBuild
{
    /// <summary>ring_buffer__new(map_fd, sample_cb, ctx, opts).</summary>
    internal readonly delegate* unmanaged<int, nint, void*, nint, nint> New;

    /// <summary>ring_buffer__poll(rb, timeout_ms): blocks in epoll_wait, so called with a GC transition.</summary>
    internal readonly delegate* unmanaged<nint, int, int> Poll;

    /// <summary>ring_buffer__consume(rb).</summary>
    internal readonly delegate* unmanaged<nint, int> Consume;

    /// <summary>ring_buffer__free(rb).</summary>
    internal readonly delegate* unmanaged<nint, void> Free;

    /// <summary>ring_buffer__add(rb, map_fd, sample_cb, ctx): another ring on the same epoll (sharded rings); null where the build does not export it (the flavours).</summary>
    internal readonly delegate* unmanaged<nint, int, nint, void*, int> Add;

    /// <summary>ring_buffer__epoll_fd(rb): lets a test read the event mask the build registered.</summary>
    internal readonly delegate* unmanaged<nint, int> EpollFd;

    /// <summary>"system libbpf 1.1" or the flavour's name.</summary>
    public string Name { get; }

    private LibbpfBuild(string name, nint library, string prefix)
    {
        Name = name;
        New = (delegate* unmanaged<int, nint, void*, nint, nint>)NativeLibrary.GetExport(library, prefix + "new");
        Poll = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(library, prefix + "poll");
        Consume = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, prefix + "consume");
        Free = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, prefix + "free");
        EpollFd = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, prefix + "epoll_fd");
        Add = NativeLibrary.TryGetExport(library, prefix + "add", out nint add) ? (delegate* unmanaged<nint, int, nint, void*, int>)add : null;
    }

    private static readonly Lazy<LibbpfBuild> SystemBuild = new(() =>
    {
        LibBpf.EnsureAvailable();
        return new LibbpfBuild($"system libbpf {LibBpf.Version}",
            NativeLibrary.Load(LibBpf.Lib, typeof(LibbpfBuild).Assembly, null), "ring_buffer__");
    });

    /// <summary>The system libbpf (libbpf.so.1), the one the BPF object is loaded with.</summary>
    public static LibbpfBuild System => SystemBuild.Value;

    /// <summary>
    /// A flavour's consumer library. NativeLibrary.Load is dlopen(RTLD_LOCAL): the flavour's
    /// static libbpf is hidden inside it (-Wl,--exclude-libs,ALL), and its exports are looked
    /// up in its own handle, so several flavours and the system libbpf coexist in one process.
    /// </summary>
    public static LibbpfBuild Load(LibbpfFlavour flavour) =>
        Loaded.GetOrAdd(flavour.LibraryPath, path => new($"libbpf-{flavour.Name}", NativeLibrary.Load(path), "ringbench_flavour_"));

    /// <summary>One load per flavour library for the life of the process (every run of a matrix reuses it).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, LibbpfBuild> Loaded = new();
}
