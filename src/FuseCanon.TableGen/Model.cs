using System.Collections.Generic;

namespace FuseCanon.TableGen;

/// <summary>The constant groups the generator extracts, in table order (the engine's ConstantGroup enum follows it).</summary>
internal enum Group
{
    OpenFlags = 0,
    Errno = 1,
    LockTypes = 2,
    PollEvents = 3,
    IoctlEncoding = 4,
}

/// <summary>How clang is made to evaluate one architecture's headers.</summary>
internal enum EvalMode
{
    /// <summary>clang-14 has the target: the Debian triplet is passed as --target.</summary>
    ClangTarget,
    /// <summary>clang-14 lacks the target: a host target with the same data model, -undef, and the
    /// target's own predefined macros as dumped by its Debian cross preprocessor (cpp-&lt;triplet&gt;).</summary>
    CrossCppMacros,
    /// <summary>Neither clang nor Debian has a compiler: a host target with the same data model
    /// (LP64, little-endian per the arch's psABI) and the compiler's arch macros.</summary>
    HostWithArchMacros,
}

/// <summary>One Debian architecture: where its headers are and how they are evaluated.</summary>
internal sealed class DebianArch
{
    public required string Name { get; init; }
    /// <summary>The kernel's ARCH= directory name, used to name families.</summary>
    public required string KernelArch { get; init; }
    public required string Package { get; set; }
    public string PackageVersion { get; set; } = "";
    public string Triplet { get; set; } = "";
    public string IncludeDir { get; set; } = "";
    /// <summary>Where the headers came from, for the provenance lines (IncludeDir unless extracted privately).</summary>
    public string Origin { get; set; } = "";
    public EvalMode Mode { get; init; }
    /// <summary>For HostWithArchMacros: the -D arguments (compiler arch macros, not constants).</summary>
    public string[] ArchMacros { get; init; } = [];
    public List<string> ClangArgs { get; } = new();
    public string EvaluationNote { get; set; } = "";
}

/// <summary>What was read from one architecture's headers.</summary>
internal sealed class ArchConstants
{
    public required DebianArch Arch { get; init; }
    public SortedDictionary<string, long>[] Groups { get; } =
    [
        new(System.StringComparer.Ordinal), new(System.StringComparer.Ordinal), new(System.StringComparer.Ordinal),
        new(System.StringComparer.Ordinal), new(System.StringComparer.Ordinal),
    ];
    /// <summary>Macro name -> body, for names of the groups (to find aliases such as O_NDELAY -> O_NONBLOCK).</summary>
    public SortedDictionary<string, string> Bodies { get; } = new(System.StringComparer.Ordinal);
    public bool BigEndian { get; set; }
    public int WordBits { get; set; }
}

/// <summary>A set of architectures that agree on every name and value of one group.</summary>
internal sealed class Family
{
    public required string Name { get; init; }
    public required SortedDictionary<string, long> Values { get; init; }
    public List<string> Arches { get; } = new();
}

/// <summary>One `uname -m` spelling (from uname-names.json).</summary>
internal sealed class UnameName
{
    public required string Name { get; init; }
    public required string Debian { get; init; }
    /// <summary>0 unknown, 1 little, 2 big.</summary>
    public int ByteOrder { get; init; }
    public int WordBits { get; set; }
    public uint Id { get; set; }
    public string Source { get; init; } = "";
}
