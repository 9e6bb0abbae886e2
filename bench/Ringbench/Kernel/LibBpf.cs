using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>
/// The slice of the system libbpf (libbpf.so.1) that ringbench uses. libbpf 1.x returns
/// NULL or a negative errno and sets errno; callers turn that into <see cref="RingbenchException"/>.
/// </summary>
internal static unsafe partial class LibBpf
{
    public const string Lib = "libbpf.so.1";

    // bpf_object lifecycle
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint bpf_object__open_file(string path, nint opts);

    [LibraryImport(Lib)]
    public static partial int bpf_object__load(nint obj);

    [LibraryImport(Lib)]
    public static partial void bpf_object__close(nint obj);

    [LibraryImport(Lib)]
    public static partial nint bpf_object__btf(nint obj);

    // maps
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint bpf_object__find_map_by_name(nint obj, string name);

    [LibraryImport(Lib)]
    public static partial int bpf_map__set_max_entries(nint map, uint maxEntries);

    [LibraryImport(Lib)]
    public static partial int bpf_map__fd(nint map);

    [LibraryImport(Lib)]
    public static partial void* bpf_map__initial_value(nint map, nuint* size);

    [LibraryImport(Lib)]
    public static partial uint bpf_map__value_size(nint map);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    /// <summary>A map of its own, outside any object (a shard's ring); its fd, or a negative errno.</summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int bpf_map_create(uint mapType, string name, uint keySize, uint valueSize, uint maxEntries, nint opts);

    /// <summary>BPF_MAP_TYPE_RINGBUF (uapi enum bpf_map_type).</summary>
    public const uint MapTypeRingbuf = 27;

    // programs and links
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint bpf_object__find_program_by_name(nint obj, string name);

    [LibraryImport(Lib)]
    public static partial int bpf_program__set_autoload(nint prog, [MarshalAs(UnmanagedType.U1)] bool autoload);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint bpf_program__attach(nint prog);

    [LibraryImport(Lib)]
    public static partial int bpf_program__fd(nint prog);

    /// <summary>BPF_STATS_RUN_TIME, the one statistics type (uapi enum bpf_stats_type).</summary>
    public const int BpfStatsRunTime = 0;

    /// <summary>Turns on run-time statistics while the returned fd is open; a negative errno (libbpf 1.x) on failure.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bpf_enable_stats(int type);

    [LibraryImport(Lib)]
    public static partial int bpf_link__destroy(nint link);

    // BTF, to find the configuration globals by name
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int btf__find_by_name_kind(nint btf, string name, uint kind);

    [LibraryImport(Lib)]
    public static partial BtfType* btf__type_by_id(nint btf, uint id);

    [LibraryImport(Lib)]
    public static partial nint btf__name_by_offset(nint btf, uint offset);

    public const uint BtfKindDatasec = 15;

    /// <summary>struct btf_type: name_off, info (vlen in the low 16 bits), size/type.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BtfType
    {
        public uint NameOff;
        public uint Info;
        public uint SizeOrType;

        public readonly int Vlen => (int)(Info & 0xffff);
    }

    /// <summary>struct btf_var_secinfo: one variable of a DATASEC, as laid out after its btf_type.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BtfVarSecinfo
    {
        public uint Type;
        public uint Offset;
        public uint Size;
    }

    /// <summary>The kernel's info on a BPF object by fd (struct bpf_map_info for a map: type, then id, ...); 0 or a negative errno.</summary>
    [LibraryImport(Lib)]
    public static partial int bpf_obj_get_info_by_fd(int fd, void* info, uint* infoLength);

    /// <summary>
    /// A map's ID, which another process opens it by (bpf_map_get_fd_by_id): the second u32 of
    /// struct bpf_map_info. The buffer is larger than any kernel's struct and zeroed, as the
    /// kernel asks of the bytes past the part it knows.
    /// </summary>
    public static uint MapId(int mapFd)
    {
        Span<byte> info = stackalloc byte[256];
        info.Clear();
        uint length = (uint)info.Length;
        fixed (byte* p = info)
        {
            int err = bpf_obj_get_info_by_fd(mapFd, p, &length);
            if (err != 0)
                throw new RingbenchException(ExitCode.Environment, $"could not read the ring map's ID: {ErrorText(err)}");
            return *(uint*)(p + 4);
        }
    }

    // ring_buffer (the native-libbpf consumer)
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint ring_buffer__new(int mapFd, nint sampleCallback, void* ctx, nint opts);

    // Not SuppressGCTransition: poll blocks in epoll_wait.
    [LibraryImport(Lib)]
    public static partial int ring_buffer__poll(nint rb, int timeoutMs);

    [LibraryImport(Lib)]
    public static partial int ring_buffer__consume(nint rb);

    [LibraryImport(Lib)]
    public static partial void ring_buffer__free(nint rb);

    /// <summary>Adds another ring map to a ring_buffer, consumed through the same epoll (sharded rings).</summary>
    [LibraryImport(Lib)]
    public static partial int ring_buffer__add(nint rb, int mapFd, nint sampleCallback, void* ctx);

    // perf_buffer (the pb-* consumers; created by the native shim, which fills perf_event_attr)
    // Not SuppressGCTransition: poll blocks in epoll_wait.
    [LibraryImport(Lib)]
    public static partial int perf_buffer__poll(nint pb, int timeoutMs);

    [LibraryImport(Lib)]
    public static partial int perf_buffer__consume(nint pb);

    [LibraryImport(Lib)]
    public static partial void perf_buffer__free(nint pb);

    /// <summary>How many per-CPU buffers the perf buffer opened (one per online CPU).</summary>
    [LibraryImport(Lib)]
    public static partial nuint perf_buffer__buffer_cnt(nint pb);

    /// <summary>The perf event fd of buffer <paramref name="index"/>, to register with an epoll of one's own.</summary>
    [LibraryImport(Lib)]
    public static partial int perf_buffer__buffer_fd(nint pb, nuint index);

    /// <summary>Buffer <paramref name="index"/>'s mmapped memory: struct perf_event_mmap_page, then the data pages (size: the data alone).</summary>
    [LibraryImport(Lib)]
    public static partial int perf_buffer__buffer(nint pb, int index, void** memory, nuint* dataSize);

    [LibraryImport(Lib)]
    public static partial uint libbpf_major_version();

    [LibraryImport(Lib)]
    public static partial uint libbpf_minor_version();

    /// <summary>Fails with a one-line, actionable error if libbpf.so.1 cannot be loaded.</summary>
    public static void EnsureAvailable()
    {
        if (!NativeLibrary.TryLoad(Lib, typeof(LibBpf).Assembly, null, out _))
        {
            throw new RingbenchException(ExitCode.Environment,
                "libbpf.so.1 not found: install the system libbpf ('apt-get install libbpf1', or run ./run-bench.sh which installs it)");
        }
    }

    public static string Version => $"{libbpf_major_version()}.{libbpf_minor_version()}";

    [LibraryImport(Lib)]
    private static partial int libbpf_strerror(int err, byte* buf, nuint size);

    /// <summary>
    /// An error libbpf returned, in words: libbpf's own codes (4000 and up: not an ELF file, a
    /// kernel version mismatch, ...) have no strerror text, so libbpf_strerror names them; plain
    /// errnos read as the C library says them.
    /// </summary>
    public static string ErrorText(int error)
    {
        error = Math.Abs(error);
        if (error < 4000)
            return LibC.ErrnoText(error);
        byte* buffer = stackalloc byte[256];
        return libbpf_strerror(error, buffer, 256) == 0
            ? $"{Marshal.PtrToStringUTF8((nint)buffer)} (libbpf error {error})"
            : $"libbpf error {error}";
    }

    /// <summary>
    /// The distribution package the loaded libbpf.so.1 belongs to, with its version
    /// ("libbpf1 1:1.1.2-0+deb12u1"): libbpf's own version call gives only major.minor, and a
    /// reviewer asks which build it was. Found from the file this process mapped (/proc/self/maps)
    /// and dpkg's database; "unknown" off dpkg or for a library no package owns.
    /// </summary>
    public static string Package()
    {
        EnsureAvailable();
        _ = libbpf_major_version(); // makes sure the import resolved, so the library is in our maps
        string? path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && Path.GetFileName(f[5]).StartsWith("libbpf.so", StringComparison.Ordinal))
            .Select(f => f[5]).FirstOrDefault();
        if (path is null)
            return "unknown";
        string? owner = ProcessOutput.FirstLine("dpkg-query", $"-S {path}") ?? ProcessOutput.FirstLine("dpkg-query", $"-S {Path.GetFullPath(new FileInfo(path).LinkTarget ?? path, Path.GetDirectoryName(path)!)}");
        string? package = owner?.Split(':')[0].Trim();
        if (string.IsNullOrEmpty(package))
            return $"unknown (not from a package: {path})";
        string? version = ProcessOutput.FirstLine("dpkg-query", $"-W -f=${{Version}} {package}");
        return version is null ? package : $"{package} {version}";
    }
}
