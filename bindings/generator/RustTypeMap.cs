using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FuseCanon.BindGen;

/// <summary>
/// Maps C types to Rust FFI types: fixed-width typedefs to Rust's integers, C's own integer types to
/// <c>std::os::raw::c_*</c> (their width is the platform's, as in C), the header's typedefs, enums and structs to
/// the names the Rust emitter declares, pointers to <c>*const</c>/<c>*mut</c> by the pointee's const, function
/// pointers to <c>Option&lt;unsafe extern "C" fn&gt;</c> (C allows NULL).
/// </summary>
public sealed class RustTypeMap
{
    private static readonly Dictionary<string, string> WellKnown = new(StringComparer.Ordinal)
    {
        ["int8_t"] = "i8", ["uint8_t"] = "u8", ["int16_t"] = "i16", ["uint16_t"] = "u16",
        ["int32_t"] = "i32", ["uint32_t"] = "u32", ["int64_t"] = "i64", ["uint64_t"] = "u64",
        ["size_t"] = "usize", ["ssize_t"] = "isize", ["intptr_t"] = "isize", ["uintptr_t"] = "usize",
        ["ptrdiff_t"] = "isize", ["off_t"] = "i64", ["off64_t"] = "i64", ["intmax_t"] = "i64",
        ["uintmax_t"] = "u64", ["bool"] = "bool",
    };

    private readonly Dictionary<string, CType> _allTypedefs;
    private readonly HashSet<string> _ownTypedefs;
    private readonly HashSet<string> _records;
    private readonly HashSet<string> _enums;

    /// <summary>The <c>std::os::raw</c> names used so far, for the generated <c>use</c> line.</summary>
    public SortedSet<string> RawTypesUsed { get; } = new(StringComparer.Ordinal);

    public RustTypeMap(HeaderModel model)
    {
        _allTypedefs = model.AllTypedefs;
        _ownTypedefs = model.Typedefs.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        _records = model.Records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        _enums = model.Enums.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The Rust type of a value of <paramref name="type"/> (a parameter, field or typedef target).</summary>
    public string Map(CType type) => type switch
    {
        CNamedType n => MapNamed(n.Name),
        CTagType { Tag: "enum" } e when _enums.Contains(e.Name) => e.Name,
        CTagType e when e.Tag != "enum" && _records.Contains(e.Name) => e.Name,
        CTagType t => throw new NotSupportedException($"{t.Tag} {t.Name} is used but not defined"),
        CPointerType { Pointee: CFunctionType f } => FunctionPointer(f),
        CPointerType p => Pointer(p.Pointee),
        CArrayType a => $"[{Map(a.Element)}; {a.Length ?? throw new NotSupportedException("flexible array member")}]",
        CFunctionType f => throw new NotSupportedException("bare function type " + CTypeParser.Format(f)),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The Rust type of a parameter: a C parameter of array type is a pointer to its element.</summary>
    public string MapParameter(CType type) => type is CArrayType a ? Pointer(a.Element) : Map(type);

    /// <summary>The return type's arrow clause, empty for void.</summary>
    public string Returns(CType type) => Resolve(type) is CNamedType { Name: "void" } ? "" : " -> " + Map(type);

    /// <summary>Follows typedefs to what a value really is (stops at well-known names, structs and enums).</summary>
    public CType Resolve(CType type)
    {
        while (type is CNamedType n && !WellKnown.ContainsKey(n.Name) && !_records.Contains(n.Name) &&
               !_enums.Contains(n.Name) && _allTypedefs.TryGetValue(n.Name, out CType? target))
            type = target;
        return type;
    }

    /// <summary>A Rust expression for the all-zero value of <paramref name="type"/>, written without unsafe.</summary>
    public string Zero(CType type)
    {
        CType t = Resolve(type);
        return t switch
        {
            CPointerType { Pointee: CFunctionType } => "None",
            CPointerType p => IsConst(p.Pointee) ? "::std::ptr::null()" : "::std::ptr::null_mut()",
            CArrayType a => $"[{Zero(a.Element)}; {a.Length}]",
            CTagType { Tag: "enum" } => "0",
            CTagType => "Default::default()",
            CNamedType n when _records.Contains(n.Name) => "Default::default()",
            CNamedType n when _enums.Contains(n.Name) => "0",
            CNamedType n when Map(n) == "bool" => "false",
            CNamedType n when Map(n) is "f32" or "f64" or "c_float" or "c_double" => "0.0",
            CNamedType => "0",
            _ => throw new NotSupportedException("no zero value for " + CTypeParser.Format(type)),
        };
    }

    private string Pointer(CType pointee)
    {
        string target = Resolve(pointee) is CNamedType { Name: "void" } ? Raw("c_void") : Map(pointee);
        return (IsConst(pointee) ? "*const " : "*mut ") + target;
    }

    private static bool IsConst(CType type) => type switch
    {
        CNamedType n => n.Const,
        CTagType t => t.Const,
        CPointerType p => p.Const,
        CArrayType a => IsConst(a.Element),
        _ => false,
    };

    private string MapNamed(string name)
    {
        if (WellKnown.TryGetValue(name, out string? known))
            return known;
        if (_records.Contains(name) || _enums.Contains(name) || _ownTypedefs.Contains(name))
            return name;
        if (_allTypedefs.TryGetValue(name, out CType? target))
            return Map(target);
        return Builtin(name) ?? throw new NotSupportedException("unknown C type " + name);
    }

    private string FunctionPointer(CFunctionType f)
    {
        if (f.Variadic)
            throw new NotSupportedException("pointer to a variadic function: " + CTypeParser.Format(f));
        var sb = new StringBuilder("Option<unsafe extern \"C\" fn(");
        sb.Append(string.Join(", ", f.Parameters.Select(MapParameter)));
        return sb.Append(')').Append(Returns(f.Return)).Append('>').ToString();
    }

    private string Raw(string name)
    {
        RawTypesUsed.Add(name);
        return name;
    }

    /// <summary>Rust type of a C builtin as clang spells it, or null.</summary>
    private string? Builtin(string words)
    {
        var w = words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        bool signed = w.Remove("signed");
        bool unsigned = w.Remove("unsigned");
        int longs = w.RemoveAll(x => x == "long");
        w.Remove("int");
        string rest = string.Join(' ', w);
        return (rest, longs, unsigned) switch
        {
            ("void", 0, false) => "()",
            ("_Bool", 0, false) => "bool",
            ("char", 0, false) => Raw(signed ? "c_schar" : "c_char"),
            ("char", 0, true) => Raw("c_uchar"),
            ("short", 0, var u) => Raw(u ? "c_ushort" : "c_short"),
            ("", 0, var u) => Raw(u ? "c_uint" : "c_int"),
            ("", 1, var u) => Raw(u ? "c_ulong" : "c_long"),
            ("", 2, var u) => Raw(u ? "c_ulonglong" : "c_longlong"),
            ("float", 0, false) => "f32",
            ("double", 0, false) => "f64",
            _ => null,
        };
    }

    /// <summary>Rust type of an integer constant whose C type is <paramref name="cType"/>: a const has a fixed
    /// width (long is 64 bits on the LP64 targets the library is built for; the compile-time checks of the
    /// structs would fail first elsewhere), and char/short constants are promoted to int, as in C.</summary>
    public static string ConstantType(string cType)
    {
        var w = cType.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        bool unsigned = w.Remove("unsigned");
        w.Remove("signed");
        int longs = w.RemoveAll(x => x == "long");
        w.Remove("int");
        string rest = string.Join(' ', w);
        return (rest, longs, unsigned) switch
        {
            ("char" or "short" or "_Bool", 0, _) => "i32",
            ("", 0, var u) => u ? "u32" : "i32",
            ("", 1 or 2, var u) => u ? "u64" : "i64",
            _ => throw new NotSupportedException("constant of C type " + cType),
        };
    }
}
