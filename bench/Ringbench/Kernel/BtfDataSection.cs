using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>
/// Offsets of the global variables in one data section (.rodata, .bss) of an opened BPF
/// object, read from its BTF. This is what a generated skeleton hard-codes; reading it at
/// run time lets the harness set and read globals by name without a generated header.
/// libbpf fixes the section offsets up at open, so this must run after bpf_object__open.
/// </summary>
internal sealed unsafe class BtfDataSection
{
    private readonly Dictionary<string, (int Offset, int Size)> _variables;

    private BtfDataSection(string section, Dictionary<string, (int Offset, int Size)> variables)
    {
        Section = section;
        _variables = variables;
    }

    public string Section { get; }

    public static BtfDataSection Read(nint bpfObject, string section)
    {
        nint btf = LibBpf.bpf_object__btf(bpfObject);
        if (btf == 0)
            throw new RingbenchException(ExitCode.Environment, "the BPF object has no BTF: rebuild it with clang -g (make -C bpf-progs)");
        int id = LibBpf.btf__find_by_name_kind(btf, section, LibBpf.BtfKindDatasec);
        if (id <= 0)
            throw new RingbenchException(ExitCode.Environment, $"the BPF object has no {section} section in its BTF: is it ringbench's producer?");

        LibBpf.BtfType* datasec = LibBpf.btf__type_by_id(btf, (uint)id);
        // The var_secinfo entries follow the btf_type header directly (linux/btf.h).
        var entries = (LibBpf.BtfVarSecinfo*)(datasec + 1);
        var variables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (int i = 0; i < datasec->Vlen; i++)
        {
            LibBpf.BtfType* variable = LibBpf.btf__type_by_id(btf, entries[i].Type);
            string name = Marshal.PtrToStringUTF8(LibBpf.btf__name_by_offset(btf, variable->NameOff)) ?? "";
            variables[name] = ((int)entries[i].Offset, (int)entries[i].Size);
        }
        return new BtfDataSection(section, variables);
    }

    public int OffsetOf(string variable, int expectedSize)
    {
        if (!_variables.TryGetValue(variable, out var v))
            throw new RingbenchException(ExitCode.Environment, $"the BPF object has no global '{variable}' in {Section}: rebuild bpf-progs");
        if (v.Size != expectedSize)
            throw new RingbenchException(ExitCode.Environment, $"global '{variable}' is {v.Size} bytes in the BPF object, the harness expects {expectedSize}: rebuild bpf-progs");
        return v.Offset;
    }
}
