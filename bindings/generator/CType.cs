using System;
using System.Collections.Generic;
using System.Text;

namespace FuseCanon.BindGen;

/// <summary>A C type as clang spells it in the JSON AST's <c>qualType</c> (qualifiers dropped).</summary>
public abstract record CType;

// Const: the type is const-qualified.  C# ignores it; Rust needs it to tell *const from *mut pointees.

/// <summary>A builtin (<c>unsigned long</c>) or a typedef name (<c>uint32_t</c>).</summary>
public sealed record CNamedType(string Name, bool Const = false) : CType;

/// <summary><c>struct X</c>, <c>union X</c> or <c>enum X</c>.</summary>
public sealed record CTagType(string Tag, string Name, bool Const = false) : CType;

public sealed record CPointerType(CType Pointee, bool Const = false) : CType;

/// <summary>An array; <c>Length</c> is null for <c>T[]</c>.</summary>
public sealed record CArrayType(CType Element, long? Length) : CType;

public sealed record CFunctionType(CType Return, IReadOnlyList<CType> Parameters, bool Variadic) : CType
{
    public bool Equals(CFunctionType? other) =>
        other is not null && Return.Equals(other.Return) && Variadic == other.Variadic &&
        System.Linq.Enumerable.SequenceEqual(Parameters, other.Parameters);

    public override int GetHashCode() => HashCode.Combine(Return, Parameters.Count, Variadic);
}

/// <summary>
/// Parses clang's spelling of a type (an abstract declarator such as <c>const char *[4]</c> or
/// <c>int (*)(void *, int)</c>) into a <see cref="CType"/>.
/// </summary>
public sealed class CTypeParser
{
    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal)
    {
        "const", "volatile", "restrict", "__restrict", "__restrict__", "__const", "_Atomic", "__unaligned",
    };

    private readonly List<string> _tokens;
    private readonly string _text;
    private int _pos;

    private CTypeParser(string text)
    {
        _text = text;
        _tokens = Tokenize(text);
    }

    public static CType Parse(string text)
    {
        var parser = new CTypeParser(text);
        CType type = parser.ParseTypeName();
        if (parser._pos != parser._tokens.Count)
            throw parser.Error("unexpected '" + parser._tokens[parser._pos] + "'");
        return type;
    }

    private CType ParseTypeName()
    {
        CType baseType = ParseSpecifiers();
        return ParseAbstractDeclarator()(baseType);
    }

    private CType ParseSpecifiers()
    {
        var words = new List<string>();
        bool isConst = false;
        while (_pos < _tokens.Count && IsIdentifier(_tokens[_pos]))
        {
            string word = _tokens[_pos++];
            if (Qualifiers.Contains(word))
            {
                isConst |= IsConst(word);
                continue;
            }
            if (word is "struct" or "union" or "enum")
            {
                if (_pos >= _tokens.Count || !IsIdentifier(_tokens[_pos]))
                    throw Error("anonymous " + word + " without a typedef name is not supported");
                string name = _tokens[_pos++];
                isConst |= SkipQualifiers();
                return new CTagType(word, name, isConst);
            }
            words.Add(word);
        }
        if (words.Count == 0)
            throw Error("no type specifier");
        return new CNamedType(string.Join(' ', words), isConst);
    }

    private static bool IsConst(string qualifier) => qualifier is "const" or "__const";

    /// <summary>Skips qualifiers; true if one of them was const.</summary>
    private bool SkipQualifiers()
    {
        bool isConst = false;
        while (_pos < _tokens.Count && Qualifiers.Contains(_tokens[_pos]))
            isConst |= IsConst(_tokens[_pos++]);
        return isConst;
    }

    /// <summary>Returns the transformation the declarator applies to its base type.</summary>
    private Func<CType, CType> ParseAbstractDeclarator()
    {
        var pointers = new List<bool>(); // one entry per '*': whether that pointer itself is const
        while (Peek("*"))
        {
            _pos++;
            pointers.Add(SkipQualifiers());
        }
        Func<CType, CType> inner = t => t;
        if (Peek("(") && _pos + 1 < _tokens.Count && _tokens[_pos + 1] is "*" or "(" or "^")
        {
            _pos++;
            inner = ParseAbstractDeclarator();
            Expect(")");
        }
        var suffixes = new List<Func<CType, CType>>();
        while (Peek("[") || Peek("("))
        {
            if (Peek("["))
            {
                _pos++;
                long? length = null;
                if (!Peek("]"))
                    length = long.Parse(_tokens[_pos++], System.Globalization.CultureInfo.InvariantCulture);
                Expect("]");
                suffixes.Add(t => new CArrayType(t, length));
            }
            else
            {
                _pos++;
                var parameters = new List<CType>();
                bool variadic = false;
                while (!Peek(")"))
                {
                    if (Peek("..."))
                    {
                        _pos++;
                        variadic = true;
                    }
                    else
                    {
                        parameters.Add(ParseTypeName());
                    }
                    if (!Peek(")"))
                        Expect(",");
                }
                Expect(")");
                if (parameters.Count == 1 && parameters[0] is CNamedType { Name: "void" })
                    parameters.Clear();
                suffixes.Add(t => new CFunctionType(t, parameters, variadic));
            }
        }
        return t =>
        {
            foreach (bool constPointer in pointers)
                t = new CPointerType(t, constPointer);
            for (int i = suffixes.Count - 1; i >= 0; i--)
                t = suffixes[i](t);
            return inner(t);
        };
    }

    private bool Peek(string token) => _pos < _tokens.Count && _tokens[_pos] == token;

    private void Expect(string token)
    {
        if (!Peek(token))
            throw Error("expected '" + token + "'");
        _pos++;
    }

    private FormatException Error(string what) => new($"cannot parse C type '{_text}': {what}");

    private static bool IsIdentifier(string token) => char.IsLetter(token[0]) || token[0] == '_';

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsLetterOrDigit(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                tokens.Add(text[start..i]);
            }
            else if (text.AsSpan(i).StartsWith("..."))
            {
                tokens.Add("...");
                i += 3;
            }
            else
            {
                tokens.Add(c.ToString());
                i++;
            }
        }
        return tokens;
    }

    /// <summary>C spelling of a type (qualifiers dropped), e.g. <c>int (*)(void *, int)</c>.</summary>
    public static string Format(CType type) => Format(type, "", false);

    /// <summary>C declaration of <paramref name="name"/> with that type, qualifiers kept, e.g.
    /// <c>const char *names[4]</c>: how the header spells a field or parameter, for documentation.</summary>
    public static string Declaration(CType type, string name) => Format(type, name, true);

    private static string Format(CType type, string declarator, bool consts) => type switch
    {
        CNamedType n => Join((consts && n.Const ? "const " : "") + n.Name, declarator),
        CTagType t => Join((consts && t.Const ? "const " : "") + t.Tag + " " + t.Name, declarator),
        CPointerType { Pointee: CArrayType or CFunctionType } p => Format(p.Pointee, "(*" + declarator + ")", consts),
        CPointerType p => Format(p.Pointee, (consts && p.Const ? "*const " : "*") + declarator, consts),
        CArrayType a => Format(a.Element, declarator + "[" + a.Length + "]", consts),
        CFunctionType f => Format(f.Return, declarator + "(" + FormatParameters(f, consts) + ")", consts),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string Join(string baseType, string declarator) =>
        declarator.Length == 0 ? baseType : declarator[0] == '[' ? baseType + declarator : baseType + " " + declarator;

    private static string FormatParameters(CFunctionType f, bool consts)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < f.Parameters.Count; i++)
            sb.Append(i == 0 ? "" : ", ").Append(Format(f.Parameters[i], "", consts));
        if (f.Variadic)
            sb.Append(f.Parameters.Count == 0 ? "..." : ", ...");
        return sb.Length == 0 ? "void" : sb.ToString();
    }
}
