using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FuseCanon.BindGen;

/// <summary>
/// Builds a <see cref="HeaderModel"/> from three clang runs: <c>-E -dD</c> lists the header's macros with
/// the file each comes from; <c>-Xclang -ast-dump=json</c> gives its declarations; a probe translation unit
/// (read from stdin) that includes the header and declares <c>enum { p = (MACRO) };</c>,
/// <c>sizeof(struct x)</c> and <c>__builtin_offsetof(struct x, f)</c> lets clang itself evaluate every
/// integer constant and every struct layout (the AST's ConstantExpr nodes carry the value).
/// </summary>
public sealed class HeaderReader
{
    private readonly ClangRunner _clang;
    private readonly string _header;
    private readonly string _ownDir;

    // Everything the AST declares, by name (all files: system typedefs and structs are needed too).
    private Dictionary<string, CType> _typedefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawEnum> _enums = new(StringComparer.Ordinal);

    private sealed class RawRecord
    {
        public required string Name;
        public required bool IsUnion;
        public required string CSpelling;
        public required bool Own;
        public int Order;
        public List<(string Name, CType Type)>? Fields; // null: incomplete
        public string? Error; // why a system header's record cannot be bound (only an error if the API uses it)
    }

    private sealed class RawEnum
    {
        public required string Name;
        public required bool Own;
        public int Order;
        public required List<EnumMember> Members;
    }

    public HeaderReader(ClangRunner clang, string headerPath)
    {
        _clang = clang;
        _header = Path.GetFullPath(headerPath);
        _ownDir = Path.GetDirectoryName(_header)! + Path.DirectorySeparatorChar;
        if (!File.Exists(_header))
            throw new FileNotFoundException("header not found", _header);
    }

    /// <summary>Declarations of the header's own directory count as the API; others are system headers.</summary>
    private bool IsOwn(string? file) => file != null && Path.GetFullPath(file).StartsWith(_ownDir, StringComparison.Ordinal);

    public HeaderModel Read()
    {
        var model = new HeaderModel();
        _typedefs = model.AllTypedefs;
        List<(string Name, string Body)> macros = ReadMacros(model);
        ReadDeclarations(model);
        AddReferencedSystemTypes(model);
        Probe(model, macros);
        return model;
    }

    // ------------------------------------------------------------------------------------------------
    // Macros
    // ------------------------------------------------------------------------------------------------

    private static readonly Regex LineMarker = new(@"^# \d+ ""(.*)""", RegexOptions.CultureInvariant);
    private static readonly Regex Define = new(@"^#define ([A-Za-z_][A-Za-z0-9_]*)(\()?(.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex Undef = new(@"^#undef ([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

    private List<(string Name, string Body)> ReadMacros(HeaderModel model)
    {
        string text = _clang.RunChecked(new[] { "-E", "-dD", _header }, "listing the header's macros").Stdout;
        var macros = new List<(string Name, string Body, bool FunctionLike)>();
        string? file = null;
        foreach (string line in text.Split('\n'))
        {
            Match m;
            if ((m = LineMarker.Match(line)).Success)
            {
                file = m.Groups[1].Value;
            }
            else if ((m = Define.Match(line)).Success && IsOwn(file))
            {
                string name = m.Groups[1].Value;
                macros.RemoveAll(x => x.Name == name);
                macros.Add((name, m.Groups[3].Value.Trim(), m.Groups[2].Success));
            }
            else if ((m = Undef.Match(line)).Success && IsOwn(file))
            {
                macros.RemoveAll(x => x.Name == m.Groups[1].Value);
            }
        }
        var constants = new List<(string, string)>();
        foreach (var (name, body, functionLike) in macros)
        {
            if (functionLike)
                model.Skipped.Add(new SkippedDecl(name, "function-like macro; write it by hand in the target language if needed"));
            else if (body.Length == 0)
                model.Skipped.Add(new SkippedDecl(name, "empty macro (include guard or feature flag)"));
            else
                constants.Add((name, body));
        }
        return constants;
    }

    // ------------------------------------------------------------------------------------------------
    // Declarations
    // ------------------------------------------------------------------------------------------------

    private void ReadDeclarations(HeaderModel model)
    {
        string json = _clang.RunChecked(new[] { "-fsyntax-only", "-Xclang", "-ast-dump=json", _header },
            "dumping the header's AST").Stdout;
        using JsonDocument doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4096 });

        // The JSON dumper writes a location's "file" only when it differs from the previous location
        // written, so the file of a declaration is known only by walking every location in document order.
        var decls = new List<(JsonElement Node, string? File)>();
        string? lastFile = null;
        foreach (JsonElement node in doc.RootElement.GetProperty("inner").EnumerateArray())
        {
            if (node.TryGetProperty("loc", out JsonElement loc))
                TrackFile(loc, ref lastFile);
            decls.Add((node, lastFile));
            TrackFile(node, ref lastFile);
        }

        // Anonymous structs and enums take the name of the typedef that names them.
        var anonymousNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, _) in decls)
        {
            if (Kind(node) == "TypedefDecl" && node.TryGetProperty("inner", out JsonElement inner))
            {
                string? id = FindOwnedTagId(inner);
                if (id != null)
                    anonymousNames.TryAdd(id, Name(node)!);
            }
        }

        int order = 0;
        var seenFunctions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, file) in decls)
        {
            bool own = IsOwn(file);
            string kind = Kind(node);
            string? name = Name(node);
            switch (kind)
            {
                case "TypedefDecl":
                {
                    string targetText = node.GetProperty("type").GetProperty("qualType").GetString()!;
                    CType target;
                    try
                    {
                        target = CTypeParser.Parse(targetText);
                    }
                    catch (FormatException) when (!own)
                    {
                        break; // e.g. a typedef of an anonymous struct in a system header: never used by the API
                    }
                    _typedefs[name!] = target;
                    bool namesItsTag = target is CTagType tag && tag.Name == name;
                    if (own && !namesItsTag)
                        model.Typedefs.Add(new TypedefDecl(name!, target));
                    break;
                }
                case "RecordDecl":
                    AddRecord(node, name, anonymousNames, own, ref order);
                    break;
                case "EnumDecl":
                    AddEnum(model, node, name, anonymousNames, own, ref order);
                    break;
                case "FunctionDecl" when own:
                    if (seenFunctions.Add(name!))
                        AddFunction(model, node, name!);
                    break;
                case "VarDecl" when own:
                    model.Skipped.Add(new SkippedDecl(name!, Str(node, "storageClass") == "static"
                        ? "static data in the header (e.g. a const table): not an export"
                        : "data symbol: the library exports functions only"));
                    break;
                case "StaticAssertDecl":
                case "EmptyDecl":
                    break;
                default:
                    if (own)
                        model.Skipped.Add(new SkippedDecl(name ?? kind, "unsupported declaration kind " + kind));
                    break;
            }
        }

        foreach (RawRecord r in _records.Values.Where(r => r.Own).OrderBy(r => r.Order))
            model.Records.Add(ToRecord(r));
        foreach (RawEnum e in _enums.Values.Where(e => e.Own).OrderBy(e => e.Order))
            model.Enums.Add(ToEnum(e));
    }

    private static void TrackFile(JsonElement element, ref string? lastFile)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
                TrackFile(item, ref lastFile);
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in element.EnumerateObject())
            {
                if (p.Name == "file" && p.Value.ValueKind == JsonValueKind.String)
                    lastFile = p.Value.GetString();
                else if (p.Name != "includedFrom")
                    TrackFile(p.Value, ref lastFile);
            }
        }
    }

    private static string? FindOwnedTagId(JsonElement inner)
    {
        foreach (JsonElement t in inner.EnumerateArray())
        {
            if (t.TryGetProperty("ownedTagDecl", out JsonElement owned) && (Name(owned) ?? "") == "")
                return owned.GetProperty("id").GetString();
        }
        return null;
    }

    private void AddRecord(JsonElement node, string? name, Dictionary<string, string> anonymousNames, bool own, ref int order)
    {
        string tag = Str(node, "tagUsed") ?? "struct";
        string cSpelling = tag + " " + name;
        if (string.IsNullOrEmpty(name))
        {
            if (!anonymousNames.TryGetValue(node.GetProperty("id").GetString()!, out name))
                return; // an anonymous record nobody can name: unusable in the API
            cSpelling = name;
        }
        if (!_records.TryGetValue(name, out RawRecord? record))
        {
            record = new RawRecord { Name = name, IsUnion = tag == "union", CSpelling = cSpelling, Own = own, Order = order++ };
            _records[name] = record;
        }
        if (!node.TryGetProperty("completeDefinition", out _))
            return;
        try
        {
            record.Fields = ReadFields(node, cSpelling, anonymousNames, own, ref order);
        }
        catch (Exception e) when (!own && e is NotSupportedException or FormatException)
        {
            record.Error = e.Message; // system headers hold records the API never uses: fail only if it does
        }
    }

    private List<(string, CType)> ReadFields(JsonElement node, string cSpelling, Dictionary<string, string> anonymousNames,
        bool own, ref int order)
    {
        var fields = new List<(string, CType)>();
        foreach (JsonElement child in Children(node))
        {
            switch (Kind(child))
            {
                case "FieldDecl":
                    if (child.TryGetProperty("isBitfield", out _))
                        throw new NotSupportedException($"{cSpelling}.{Name(child)}: bit-fields have no portable layout to bind");
                    if (string.IsNullOrEmpty(Name(child)))
                        throw new NotSupportedException($"{cSpelling}: anonymous struct/union members are not supported");
                    fields.Add((Name(child)!, CTypeParser.Parse(child.GetProperty("type").GetProperty("qualType").GetString()!)));
                    break;
                case "RecordDecl":
                    AddRecord(child, Name(child), anonymousNames, own, ref order);
                    break;
            }
        }
        return fields;
    }

    private void AddEnum(HeaderModel model, JsonElement node, string? name, Dictionary<string, string> anonymousNames,
        bool own, ref int order)
    {
        var members = new List<EnumMember>();
        BigInteger next = 0;
        foreach (JsonElement c in Children(node).Where(c => Kind(c) == "EnumConstantDecl"))
        {
            JsonElement? value = FindConstantExpr(c);
            BigInteger v = value is { } ce ? BigInteger.Parse(ce.GetProperty("value").GetString()!, CultureInfo.InvariantCulture) : next;
            members.Add(new EnumMember(Name(c)!, v.ToString(CultureInfo.InvariantCulture)));
            next = v + 1;
        }
        if (string.IsNullOrEmpty(name) && !anonymousNames.TryGetValue(node.GetProperty("id").GetString()!, out name))
        {
            if (own)
            {
                string type = UnderlyingType(members);
                foreach (EnumMember m in members)
                    model.EnumConstants.Add(new ConstantDecl(m.Name, m.Value, type));
            }
            return;
        }
        if (_enums.TryGetValue(name, out RawEnum? existing) && existing.Members.Count > 0)
            return;
        _enums[name] = new RawEnum { Name = name, Own = own, Order = order++, Members = members };
    }

    /// <summary>The C type clang gives an enum without a fixed underlying type: the first of int, unsigned
    /// int, long, unsigned long that holds every value.</summary>
    private static string UnderlyingType(IReadOnlyList<EnumMember> members)
    {
        BigInteger min = 0, max = 0;
        foreach (EnumMember m in members)
        {
            BigInteger v = BigInteger.Parse(m.Value, CultureInfo.InvariantCulture);
            min = BigInteger.Min(min, v);
            max = BigInteger.Max(max, v);
        }
        if (min >= int.MinValue && max <= int.MaxValue) return "int";
        if (min >= 0 && max <= uint.MaxValue) return "unsigned int";
        if (min >= long.MinValue && max <= long.MaxValue) return "long";
        return "unsigned long";
    }

    private void AddFunction(HeaderModel model, JsonElement node, string name)
    {
        string typeText = node.GetProperty("type").GetProperty("qualType").GetString()!;
        if (Str(node, "storageClass") == "static")
        {
            string what = node.TryGetProperty("inline", out _) ? "static inline" : "static";
            model.Skipped.Add(new SkippedDecl(name, $"{what} function `{typeText}`: defined in the header, not an export"));
            return;
        }
        if (node.TryGetProperty("variadic", out _))
        {
            model.Skipped.Add(new SkippedDecl(name, $"variadic function `{typeText}`: C varargs are not bound (neither LibraryImport nor a portable Rust signature can call them)"));
            return;
        }
        var type = (CFunctionType)CTypeParser.Parse(typeText);
        var parameters = new List<ParameterDecl>();
        int index = 0;
        foreach (JsonElement p in Children(node).Where(c => Kind(c) == "ParmVarDecl"))
        {
            string pname = Name(p) is { Length: > 0 } n ? n : "arg" + index.ToString(CultureInfo.InvariantCulture);
            parameters.Add(new ParameterDecl(pname, CTypeParser.Parse(p.GetProperty("type").GetProperty("qualType").GetString()!)));
            index++;
        }
        if (parameters.Count != type.Parameters.Count)
            throw new InvalidOperationException($"{name}: {parameters.Count} parameters in the AST, {type.Parameters.Count} in its type");
        model.Functions.Add(new FunctionDecl(name, type.Return, parameters, Summary(node)));
    }

    /// <summary>The first paragraph of the declaration's doc comment, on one line.</summary>
    private static string? Summary(JsonElement node)
    {
        JsonElement full = Children(node).FirstOrDefault(c => Kind(c) == "FullComment");
        if (full.ValueKind != JsonValueKind.Object)
            return null;
        JsonElement paragraph = Children(full).FirstOrDefault(c => Kind(c) == "ParagraphComment");
        if (paragraph.ValueKind != JsonValueKind.Object)
            return null;
        var sb = new StringBuilder();
        foreach (JsonElement text in Children(paragraph).Where(c => Kind(c) == "TextComment"))
            sb.Append(' ').Append(Str(text, "text")?.Trim());
        string summary = Regex.Replace(sb.ToString(), @"\s+", " ").Trim();
        return summary.Length == 0 ? null : summary;
    }

    // ------------------------------------------------------------------------------------------------
    // System types the API uses (struct iovec, ...)
    // ------------------------------------------------------------------------------------------------

    private void AddReferencedSystemTypes(HeaderModel model)
    {
        var pending = new Queue<CType>();
        foreach (FunctionDecl f in model.Functions)
        {
            pending.Enqueue(f.Return);
            foreach (ParameterDecl p in f.Parameters)
                pending.Enqueue(p.Type);
        }
        foreach (RecordDecl r in model.Records)
            foreach (FieldDecl fd in r.Fields)
                pending.Enqueue(fd.Type);
        foreach (TypedefDecl t in model.Typedefs)
            pending.Enqueue(t.Target);

        var seen = new HashSet<CType>();
        var added = new List<RawRecord>();
        while (pending.Count > 0)
        {
            CType t = pending.Dequeue();
            if (!seen.Add(t))
                continue;
            switch (t)
            {
                case CPointerType p: pending.Enqueue(p.Pointee); break;
                case CArrayType a: pending.Enqueue(a.Element); break;
                case CFunctionType f:
                    pending.Enqueue(f.Return);
                    foreach (CType p in f.Parameters) pending.Enqueue(p);
                    break;
                case CNamedType n when !TypeMap.IsWellKnown(n.Name) && _typedefs.TryGetValue(n.Name, out CType? target):
                    pending.Enqueue(target);
                    break;
                case CTagType { Tag: "enum" } e when _enums.TryGetValue(e.Name, out RawEnum? raw) && !raw.Own:
                    raw.Own = true; // bound like the header's own enums
                    model.Enums.Add(ToEnum(raw));
                    break;
                case CTagType r when r.Tag != "enum" && _records.TryGetValue(r.Name, out RawRecord? rec) && !rec.Own:
                    if (rec.Error != null)
                        throw new NotSupportedException($"the API uses {rec.CSpelling}, which cannot be bound: {rec.Error}");
                    rec.Own = true;
                    added.Add(rec);
                    foreach (var (_, type) in rec.Fields ?? new())
                        pending.Enqueue(type);
                    break;
            }
        }
        foreach (RawRecord r in added)
            model.Records.Add(ToRecord(r) with { FromSystemHeader = true });
    }

    private static RecordDecl ToRecord(RawRecord r) =>
        new(r.Name, r.IsUnion, r.CSpelling,
            (r.Fields ?? new()).Select(f => new FieldDecl(f.Name, f.Type, -1)).ToList(),
            r.Fields == null ? -1 : 0, false);

    private static EnumDecl ToEnum(RawEnum e) => new(e.Name, UnderlyingType(e.Members), e.Members);

    // ------------------------------------------------------------------------------------------------
    // The probe: clang evaluates constants, sizes and offsets
    // ------------------------------------------------------------------------------------------------

    private void Probe(HeaderModel model, List<(string Name, string Body)> macros)
    {
        // One probe per line, so that an error's line number names the probe that failed.
        var probes = new List<(string Id, string Expr, string What)>();
        for (int i = 0; i < macros.Count; i++)
            probes.Add(($"fcbg_m{i}", $"({macros[i].Name})", "m"));
        for (int i = 0; i < model.Records.Count; i++)
        {
            RecordDecl r = model.Records[i];
            if (r.IsOpaque)
                continue;
            probes.Add(($"fcbg_r{i}", $"sizeof({r.CSpelling})", "r"));
            for (int j = 0; j < r.Fields.Count; j++)
                probes.Add(($"fcbg_r{i}_f{j}", $"__builtin_offsetof({r.CSpelling}, {r.Fields[j].Name})", "r"));
        }

        var failed = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, (string Value, string Type)> values;
        for (int attempt = 0; ; attempt++)
        {
            var live = probes.Where(p => !failed.Contains(p.Id)).ToList();
            var source = new StringBuilder();
            source.Append("#include \"").Append(_header).Append("\"\n");
            foreach (var p in live)
                source.Append("enum { ").Append(p.Id).Append(" = ").Append(p.Expr).Append(" };\n");
            ClangRunner.Result r = _clang.Run(new[] { "-fsyntax-only", "-Xclang", "-ast-dump=json", "-" }, source.ToString());
            if (r.ExitCode == 0)
            {
                values = ReadProbeValues(r.Stdout);
                break;
            }
            var badLines = Regex.Matches(r.Stderr, @"^<stdin>:(\d+):\d+: error:", RegexOptions.Multiline)
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 2)
                .Where(l => l >= 0 && l < live.Count).Distinct().ToList();
            if (badLines.Count == 0 || attempt > 20 || badLines.Any(l => live[l].What != "m"))
                throw new InvalidOperationException("clang could not evaluate the header's constants and layouts:\n" + r.Stderr);
            foreach (int l in badLines)
                failed.Add(live[l].Id);
        }

        for (int i = 0; i < macros.Count; i++)
        {
            if (values.TryGetValue($"fcbg_m{i}", out var v))
                model.Constants.Add(new ConstantDecl(macros[i].Name, v.Value, v.Type));
            else
                model.Skipped.Add(new SkippedDecl(macros[i].Name, $"not an integer constant expression: {macros[i].Body}"));
        }
        for (int i = 0; i < model.Records.Count; i++)
        {
            RecordDecl r = model.Records[i];
            if (r.IsOpaque)
                continue;
            var fields = r.Fields.Select((f, j) => f with { Offset = long.Parse(values[$"fcbg_r{i}_f{j}"].Value, CultureInfo.InvariantCulture) }).ToList();
            model.Records[i] = r with { Fields = fields, Size = long.Parse(values[$"fcbg_r{i}"].Value, CultureInfo.InvariantCulture) };
        }
        // Skipped declarations are listed by name, whatever step found them.
        model.Skipped.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
    }

    private static Dictionary<string, (string, string)> ReadProbeValues(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4096 });
        var values = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (JsonElement node in doc.RootElement.GetProperty("inner").EnumerateArray())
        {
            if (Kind(node) != "EnumDecl")
                continue;
            foreach (JsonElement c in Children(node))
            {
                string? name = Name(c);
                if (name == null || !name.StartsWith("fcbg_", StringComparison.Ordinal))
                    continue;
                JsonElement ce = FindConstantExpr(c) ?? throw new InvalidOperationException("no value for probe " + name);
                JsonElement type = ce.GetProperty("type");
                string cType = (type.TryGetProperty("desugaredQualType", out JsonElement d) ? d : type.GetProperty("qualType")).GetString()!;
                values[name] = (ce.GetProperty("value").GetString()!, cType);
            }
        }
        return values;
    }

    // ------------------------------------------------------------------------------------------------
    // JSON helpers
    // ------------------------------------------------------------------------------------------------

    private static JsonElement? FindConstantExpr(JsonElement node)
    {
        foreach (JsonElement c in Children(node))
        {
            if (Kind(c) == "ConstantExpr" && c.TryGetProperty("value", out _))
                return c;
            if (FindConstantExpr(c) is { } found)
                return found;
        }
        return null;
    }

    private static IEnumerable<JsonElement> Children(JsonElement node) =>
        node.TryGetProperty("inner", out JsonElement inner) ? inner.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string Kind(JsonElement node) => Str(node, "kind") ?? "";

    private static string? Name(JsonElement node) => Str(node, "name");

    private static string? Str(JsonElement node, string property) =>
        node.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
