using System.Collections.Generic;

namespace FuseCanon.BindGen;

/// <summary>What the generator learned from one header, in declaration order.</summary>
public sealed class HeaderModel
{
    /// <summary>#define'd integer constants, with the value and C type clang evaluated.</summary>
    public List<ConstantDecl> Constants { get; } = new();

    /// <summary>Constants of anonymous enums (no type to bind them to).</summary>
    public List<ConstantDecl> EnumConstants { get; } = new();

    public List<EnumDecl> Enums { get; } = new();

    /// <summary>Structs and unions: the header's own, then those of other headers its API uses.</summary>
    public List<RecordDecl> Records { get; } = new();

    /// <summary>Typedefs of the header that name something other than a struct/union/enum of the same name.</summary>
    public List<TypedefDecl> Typedefs { get; } = new();

    /// <summary>Functions the shared library must export (neither static nor variadic).</summary>
    public List<FunctionDecl> Functions { get; } = new();

    /// <summary>Every typedef clang saw (system headers too), by name: what type maps resolve through.</summary>
    public Dictionary<string, CType> AllTypedefs { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Declarations the generator does not bind, each with the reason (emitted as comments).</summary>
    public List<SkippedDecl> Skipped { get; } = new();
}

/// <param name="CType">clang's type of the constant: <c>int</c>, <c>unsigned long long</c>, ...</param>
public sealed record ConstantDecl(string Name, string Value, string CType);

public sealed record EnumMember(string Name, string Value);

public sealed record EnumDecl(string Name, string UnderlyingCType, IReadOnlyList<EnumMember> Members);

public sealed record FieldDecl(string Name, CType Type, long Offset);

/// <param name="Fields">Empty and <c>Size</c> -1 for an opaque (incomplete) type.</param>
/// <param name="CSpelling">How C names the type, for sizeof(): <c>struct x</c> or a typedef name.</param>
public sealed record RecordDecl(string Name, bool IsUnion, string CSpelling, IReadOnlyList<FieldDecl> Fields,
    long Size, bool FromSystemHeader)
{
    public bool IsOpaque => Size < 0;
}

public sealed record TypedefDecl(string Name, CType Target);

public sealed record ParameterDecl(string Name, CType Type);

public sealed record FunctionDecl(string Name, CType Return, IReadOnlyList<ParameterDecl> Parameters, string? Summary);

public sealed record SkippedDecl(string Name, string Reason);
