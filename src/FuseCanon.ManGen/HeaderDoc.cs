using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FuseCanon.ManGen;

/// <summary>One item of a header, in file order: a comment or a piece of code up to its end.</summary>
internal sealed record HeaderItem(HeaderItemKind Kind, string Text, string Section);

internal enum HeaderItemKind { DocComment, NoteComment, Code }

/// <summary>A documented function: its doc comment, its declaration and the notes of its section before it.</summary>
internal sealed record FunctionDoc(string Name, string Summary, IReadOnlyList<string> Body, string Declaration,
                                   string Section, IReadOnlyList<string> SectionNotes);

/// <summary>
/// The documentation a header carries, read from its text the way its comments are written (the header
/// style of the project): a file comment first; banner comments (a line of dashes, a title, a line of dashes)
/// open sections; "/** name - summary ... */" documents the declaration that follows it; any other block
/// comment of its own is a note of its section; comments on a line of code stay with the code.
/// </summary>
internal sealed class HeaderDoc
{
    public string FileName = "";
    public string Title = "";                                   // "fusecanon.h - <this>"
    public List<string> FileComment = [];                       // the file comment's lines after the title
    public List<string> SectionOrder = [];
    public Dictionary<string, List<string>> SectionNotes = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> SectionMacros = new(StringComparer.Ordinal);
    public List<FunctionDoc> Functions = [];
    public Dictionary<string, string> Structs = new(StringComparer.Ordinal);

    private static readonly Regex FunctionName = new(@"\b(fusecanon_[A-Za-z0-9_]+)\s*\(", RegexOptions.CultureInvariant);
    private static readonly Regex StructDef = new(@"^\s*struct\s+([A-Za-z0-9_]+)\s*\{", RegexOptions.CultureInvariant);
    private static readonly Regex DocName = new(@"^(?:struct\s+)?([A-Za-z0-9_]+)\s+-\s+(.*)$", RegexOptions.CultureInvariant);

    public static HeaderDoc Parse(string fileName, string text)
    {
        var doc = new HeaderDoc { FileName = fileName };
        // C++ linkage braces are not a scope of the documentation.
        text = Regex.Replace(text, @"(#ifdef __cplusplus\n)(?:extern ""C"" \{|\})\n(#endif)", "$1$2");
        List<(HeaderItemKind kind, string text)> raw = Split(text);
        string section = "";
        doc.SectionOrder.Add(section);
        bool first = true;
        string? pendingDoc = null;
        var notesSoFar = new List<string>();
        for (int i = 0; i < raw.Count; i++)
        {
            var (kind, body) = raw[i];
            if (first && kind != HeaderItemKind.Code)
            {
                first = false;
                List<string> lines = CommentLines(body);
                string head = lines.FirstOrDefault() ?? "";
                int dash = head.IndexOf(" - ", StringComparison.Ordinal);
                doc.Title = dash >= 0 ? head[(dash + 3)..].TrimEnd('.') : head;
                doc.FileComment = lines.Skip(1).ToList();
                continue;
            }
            first = false;
            if (kind != HeaderItemKind.Code && IsBanner(body))
            {
                // dashes, title, dashes
                if (i + 2 < raw.Count && raw[i + 2].kind != HeaderItemKind.Code && IsBanner(raw[i + 2].text))
                {
                    section = CommentLines(raw[i + 1].text).FirstOrDefault()?.Trim() ?? "";
                    doc.SectionOrder.Add(section);
                    notesSoFar = [];
                    i += 2;
                }
                continue;
            }
            switch (kind)
            {
                case HeaderItemKind.DocComment:
                    pendingDoc = body;
                    break;
                case HeaderItemKind.NoteComment:
                    string note = string.Join('\n', CommentLines(body));
                    notesSoFar.Add(note);
                    Add(doc.SectionNotes, section, note);
                    pendingDoc = null;
                    break;
                case HeaderItemKind.Code:
                    doc.AddCode(body, pendingDoc, section, notesSoFar);
                    pendingDoc = null;
                    break;
            }
        }
        return doc;
    }

    private void AddCode(string code, string? docComment, string section, List<string> notes)
    {
        string trimmed = code.Trim();
        if (trimmed.Length == 0)
            return;
        if (trimmed.StartsWith('#'))
        {
            if (trimmed.StartsWith("#define FUSECANON_", StringComparison.Ordinal) && !trimmed.StartsWith("#define FUSECANON_H", StringComparison.Ordinal))
                Add(SectionMacros, section, (docComment != null ? "/* " + string.Join(' ', CommentLines(docComment).Select(l => l.Trim())) + " */\n" : "") + trimmed);
            return;
        }
        Match s = StructDef.Match(trimmed);
        if (s.Success)
        {
            Structs[s.Groups[1].Value] = trimmed;
            return;
        }
        if (trimmed.StartsWith("typedef", StringComparison.Ordinal) || trimmed.StartsWith("struct ", StringComparison.Ordinal) && trimmed.EndsWith(';') && !trimmed.Contains('('))
            return;
        Match f = FunctionName.Match(trimmed);
        if (!f.Success)
            return;
        string name = f.Groups[1].Value;
        if (docComment == null)
            throw new FormatException($"{FileName}: {name} is declared without a /** {name} - ... */ comment");
        List<string> lines = CommentLines(docComment);
        // The doc comment names what it documents: "name - summary".  Its first paragraph is the summary.
        int firstBlank = lines.FindIndex(l => l.Trim().Length == 0);
        List<string> para = (firstBlank < 0 ? lines : lines.Take(firstBlank)).ToList();
        Match m = DocName.Match(para.FirstOrDefault()?.Trim() ?? "");
        if (!m.Success || m.Groups[1].Value != name)
            throw new FormatException($"{FileName}: the comment before {name} does not start with \"{name} - \"");
        para[0] = m.Groups[2].Value;
        var body = new List<string>(para);
        if (firstBlank >= 0)
            body.AddRange(lines.Skip(firstBlank));
        string declaration = trimmed.StartsWith("static inline", StringComparison.Ordinal)
            ? trimmed[..trimmed.IndexOf('{')].TrimEnd() + ";"
            : trimmed;
        Functions.Add(new FunctionDoc(name, Summary(string.Join(' ', para.Select(l => l.Trim()))), body,
                                      declaration, section, notes.ToList()));
    }

    /// <summary>The NAME line: the summary's first clause (up to ". ", ": " or "; " outside parentheses).</summary>
    private static string Summary(string text)
    {
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '(') depth++;
            else if (c == ')') depth = Math.Max(0, depth - 1);
            else if (depth == 0 && (c == '.' || c == ':' || c == ';') && (i + 1 == text.Length || text[i + 1] == ' '))
                return text[..i];
        }
        return text.TrimEnd('.');
    }

    private static void Add(Dictionary<string, List<string>> d, string key, string value)
    {
        if (!d.TryGetValue(key, out List<string>? list))
            d[key] = list = [];
        list.Add(value);
    }

    private static bool IsBanner(string comment) => Regex.IsMatch(comment, @"^/\*\s*-{10,}\s*\*/$");

    /// <summary>A block comment's lines without the comment markers and the leading " * " of each line.</summary>
    public static List<string> CommentLines(string comment)
    {
        string inner = comment.StartsWith("/**", StringComparison.Ordinal) ? comment[3..] : comment[2..];
        inner = inner[..^2];
        var lines = inner.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l =>
        {
            string t = l.TrimStart();
            if (t.StartsWith("* ", StringComparison.Ordinal)) return t[2..].TrimEnd();
            if (t == "*") return "";
            return l.TrimEnd();
        }).ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        // A one-line comment ("/** name - text */") keeps its text; strip the indentation common to all lines.
        int indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToList();
    }

    /// <summary>
    /// Splits the text into block comments that stand on their own lines and code (with the comments on its
    /// lines).  Code ends at a ';' or a '}' at brace depth 0, or at the end of a preprocessor line.
    /// </summary>
    private static List<(HeaderItemKind, string)> Split(string text)
    {
        var items = new List<(HeaderItemKind, string)>();
        var code = new StringBuilder();
        int depth = 0, i = 0;
        bool preprocessor = false;
        void Flush()
        {
            if (code.ToString().Trim().Length > 0)
                items.Add((HeaderItemKind.Code, code.ToString()));
            code.Clear();
        }
        while (i < text.Length)
        {
            bool lineStart = code.ToString().Trim().Length == 0;
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal) + 2;
                string comment = text[i..end];
                if (lineStart && depth == 0 && !preprocessor)
                {
                    Flush();
                    items.Add((comment.StartsWith("/**", StringComparison.Ordinal) && !comment.StartsWith("/***", StringComparison.Ordinal)
                        ? HeaderItemKind.DocComment : HeaderItemKind.NoteComment, comment));
                }
                else
                    code.Append(comment);
                i = end;
                continue;
            }
            char c = text[i];
            if (c == '#' && lineStart && depth == 0)
                preprocessor = true;
            code.Append(c);
            i++;
            if (preprocessor)
            {
                if (c == '\n' && !(code.Length >= 2 && code[^2] == '\\'))
                {
                    preprocessor = false;
                    Flush();
                }
                continue;
            }
            if (c == '{') depth++;
            else if (c == '}')
            {
                depth--;
                if (depth == 0 && !NextIsSemicolon(text, i))
                    Flush();
            }
            else if (c == ';' && depth == 0)
            {
                // A trailing comment on the same line belongs to this code.
                int eol = text.IndexOf('\n', i);
                string rest = eol < 0 ? text[i..] : text[i..eol];
                if (rest.TrimStart().StartsWith("/*", StringComparison.Ordinal))
                {
                    code.Append(rest);
                    i += rest.Length;
                }
                Flush();
            }
        }
        Flush();
        return items;
    }

    private static bool NextIsSemicolon(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i < text.Length && text[i] == ';';
    }
}
