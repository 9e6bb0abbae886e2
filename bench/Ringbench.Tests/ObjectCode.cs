using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Ringbench.Tests;

/// <summary>
/// What the tests read of a built libbpf's object code (objdump -d): ringbuf_process_ring, and
/// whether its consumer_pos store is locked. One place for both the flavours and the kernel
/// bench's builds, and for the one architecture it reads.
/// </summary>
internal static class ObjectCode
{
    /// <summary>ringbuf_process_ring's instructions (gcc may give it a .isra/.part suffix), or "" where it is not found.</summary>
    public static string ProcessRingBody(string disassembly) =>
        Regex.Match(disassembly, @"<ringbuf_process_ring[^>]*>:\n(.*?)\n\n", RegexOptions.Singleline).Groups[1].Value;

    /// <summary>
    /// x86-64: gcc emits a SEQ_CST store as xchg (implicitly locked), or a store and mfence (or a lock'ed op) at -O0; a release store is a plain mov.
    /// "xchg %ax,%ax" is a two-byte nop gcc pads with, not a store: only an xchg with a memory operand counts.
    /// </summary>
    public static bool HasLockedStore(string body) => Regex.IsMatch(body, @"\sxchg\s+[^\n]*\(|\slock\s|\smfence");

    /// <summary>x86-64: the full barriers in a body: libbpf's smp_mb() ("lock addl $0,-132(%rsp)"), a C11 seq_cst fence ("lock orq"), or mfence.</summary>
    public static int FullFences(string body) => Regex.Matches(body, @"\slock\s+(add|or)[lq]?\s+\$0x0,|\smfence").Count;

    /// <summary>x86-64: an xchg to memory (a seq_cst store), not the nop "xchg %ax,%ax".</summary>
    public static bool HasExchangeStore(string body) => Regex.IsMatch(body, @"\sxchg\s+[^\n]*\(");

    /// <summary>The check reads x86-64 instructions: elsewhere it skips, with the reason.</summary>
    public static void SkipUnlessX86() =>
        Skip.IfNot(RuntimeInformation.ProcessArchitecture == Architecture.X64, $"the locked-store check reads x86-64 instructions (this is {RuntimeInformation.ProcessArchitecture})");
}
