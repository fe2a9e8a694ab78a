using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FuseCanon.BindGen;

/// <summary>
/// Maps C types to blittable C# types for an LP64 Linux ABI: <c>long</c> and <c>size_t</c> are pointer-sized
/// (<c>nint</c>/<c>nuint</c>), <c>char</c> and <c>_Bool</c> are bytes (so strings are <c>byte*</c> and
/// every signature stays blittable under DisableRuntimeMarshalling), pointers stay pointers, function
/// pointers become <c>delegate* unmanaged</c>.
/// </summary>
public sealed class TypeMap
{
    /// <summary>Typedef names whose meaning is fixed by C or POSIX; mapped by name, never desugared (on
    /// x86-64 uint64_t is unsigned long, which would otherwise become nuint).</summary>
    private static readonly Dictionary<string, string> WellKnown = new(StringComparer.Ordinal)
    {
        ["int8_t"] = "sbyte", ["uint8_t"] = "byte", ["int16_t"] = "short", ["uint16_t"] = "ushort",
        ["int32_t"] = "int", ["uint32_t"] = "uint", ["int64_t"] = "long", ["uint64_t"] = "ulong",
        ["size_t"] = "nuint", ["ssize_t"] = "nint", ["intptr_t"] = "nint", ["uintptr_t"] = "nuint",
        ["ptrdiff_t"] = "nint", ["off_t"] = "long", ["off64_t"] = "long", ["intmax_t"] = "long",
        ["uintmax_t"] = "ulong", ["bool"] = "byte",
    };

    public static bool IsWellKnown(string name) => WellKnown.ContainsKey(name);

    private readonly Dictionary<string, CType> _typedefs;
    private readonly HashSet<string> _records;
    private readonly HashSet<string> _enums;

    public TypeMap(HeaderModel model)
    {
        _typedefs = model.AllTypedefs;
        _records = model.Records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        _enums = model.Enums.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The C# type of a value of <paramref name="type"/> (a parameter, return or field).</summary>
    public string Map(CType type) => type switch
    {
        CNamedType n => MapNamed(n.Name),
        CTagType { Tag: "enum" } e when _enums.Contains(e.Name) => e.Name,
        CTagType e when e.Tag != "enum" && _records.Contains(e.Name) => e.Name,
        CTagType t => throw new NotSupportedException($"{t.Tag} {t.Name} is used but not defined"),
        CPointerType { Pointee: CFunctionType f } => FunctionPointer(f),
        CPointerType p => Map(p.Pointee) + "*",
        CArrayType a => Map(a.Element) + "*", // a parameter of array type is a pointer
        CFunctionType f => throw new NotSupportedException("bare function type " + CTypeParser.Format(f)),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Follows typedefs (not the well-known ones, nor those naming a bound struct or enum).</summary>
    public CType Resolve(CType type)
    {
        while (type is CNamedType n && !WellKnown.ContainsKey(n.Name) && !_records.Contains(n.Name) &&
               !_enums.Contains(n.Name) && _typedefs.TryGetValue(n.Name, out CType? target))
            type = target;
        return type;
    }

    private string MapNamed(string name)
    {
        if (WellKnown.TryGetValue(name, out string? known))
            return known;
        if (_records.Contains(name) || _enums.Contains(name))
            return name;
        if (_typedefs.TryGetValue(name, out CType? target))
            return Map(target);
        return Builtin(name) ?? throw new NotSupportedException("unknown C type " + name);
    }

    private string FunctionPointer(CFunctionType f)
    {
        if (f.Variadic)
            throw new NotSupportedException("pointer to a variadic function: " + CTypeParser.Format(f));
        var sb = new StringBuilder("delegate* unmanaged<");
        foreach (CType p in f.Parameters)
            sb.Append(Map(p)).Append(", ");
        return sb.Append(Map(f.Return)).Append('>').ToString();
    }

    /// <summary>C# type of a C builtin spelled as clang spells it, or null.</summary>
    public static string? Builtin(string words)
    {
        var w = words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(x => x != "signed" || words == "signed").ToList();
        bool unsigned = w.Remove("unsigned");
        int longs = w.RemoveAll(x => x == "long");
        w.Remove("int");
        string rest = string.Join(' ', w);
        return (rest, longs, unsigned) switch
        {
            ("void", 0, false) => "void",
            ("_Bool", 0, false) => "byte",
            ("char", 0, false) when words.Contains("signed") => "sbyte",
            ("char", 0, _) => "byte", // C strings are UTF-8 bytes; plain char's signedness varies by arch
            ("short", 0, var u) => u ? "ushort" : "short",
            ("" or "signed", 0, var u) => u ? "uint" : "int",
            ("" or "signed", 1, var u) => u ? "nuint" : "nint",
            ("" or "signed", 2, var u) => u ? "ulong" : "long",
            ("float", 0, false) => "float",
            ("double", 0, false) => "double",
            _ => null,
        };
    }

    /// <summary>C# type of an integer constant whose C type is <paramref name="cType"/> (a const has a fixed
    /// width, so long is long here).</summary>
    public static string ConstantType(string cType) => Builtin(cType) switch
    {
        "nint" => "long",
        "nuint" => "ulong",
        "byte" or "sbyte" or "short" or "ushort" => "int", // promoted, as in C
        { } t => t,
        null => throw new NotSupportedException("constant of C type " + cType),
    };
}
