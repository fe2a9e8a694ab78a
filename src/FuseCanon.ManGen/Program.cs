using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FuseCanon.ManGen;

/// <summary>
/// Usage: FuseCanon.ManGen --out DIR [--version X.Y.Z] HEADER[:PKGCONFIG-MODULE]...
/// For each header: DIR/man3/&lt;function&gt;.3 for every function it declares (exported or static inline),
/// and DIR/man7/&lt;header name&gt;.7 for its concepts (the file comment, each section's notes and constants).
/// Fails when a function has no "/** name - ... */" comment.  Prints the pages it wrote.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string? outDir = null;
        string? version = null;
        var headers = new List<string>();
        var modules = new Dictionary<string, string>(StringComparer.Ordinal); // header file name -> pkg-config module
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
                case "--version" when i + 1 < args.Length: version = args[++i]; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                        return Usage();
                    string[] hm = args[i].Split(':', 2);
                    headers.Add(hm[0]);
                    modules[Path.GetFileName(hm[0])] = hm.Length > 1 ? hm[1] : Path.GetFileNameWithoutExtension(hm[0]);
                    break;
            }
        }
        if (outDir == null || headers.Count == 0)
            return Usage();
        try
        {
            var docs = headers.Select(h => HeaderDoc.Parse(Path.GetFileName(h), File.ReadAllText(h))).ToList();
            string source = "FuseCanon " + (version ?? VersionOf(File.ReadAllText(headers[0])));
            // Start from an empty tree so that a removed function loses its page.
            foreach (string sub in new[] { "man3", "man7" })
            {
                string d = Path.Combine(outDir, sub);
                if (Directory.Exists(d))
                    Directory.Delete(d, recursive: true);
                Directory.CreateDirectory(d);
            }
            foreach (HeaderDoc doc in docs)
            {
                string concept = Path.GetFileNameWithoutExtension(doc.FileName);
                foreach (FunctionDoc f in doc.Functions)
                    Write(Path.Combine(outDir, "man3", f.Name + ".3"), FunctionPage(doc, f, concept, modules[doc.FileName], source));
                Write(Path.Combine(outDir, "man7", concept + ".7"), ConceptPage(doc, concept, source));
            }
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.Error.WriteLine("mangen: " + e.Message);
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: FuseCanon.ManGen --out DIR [--version X.Y.Z] HEADER[:PKGCONFIG-MODULE]...");
        return 2;
    }

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        Console.WriteLine(path);
    }

    private static string VersionOf(string header)
    {
        string Part(string p) => Regex.Match(header, @"#define FUSECANON_VERSION_" + p + @" (\d+)").Groups[1].Value;
        return $"{Part("MAJOR")}.{Part("MINOR")}.{Part("PATCH")}";
    }

    private static string FunctionPage(HeaderDoc doc, FunctionDoc f, string concept, string module, string source)
    {
        var w = new RoffWriter(f.Name, 3, source);
        w.Heading("Name");
        w.NameLine(f.Name, f.Summary);
        w.Heading("Synopsis");
        var synopsis = new List<string> { $"#include <{doc.FileName}>", "" };
        synopsis.AddRange(f.Declaration.Split('\n').Select(l => l.TrimEnd()));
        // The structs the declaration names, as the header defines them (with their field comments).
        foreach (var (name, def) in doc.Structs.Where(s => Regex.IsMatch(f.Declaration, @"\bstruct\s+" + s.Key + @"\b")))
        {
            synopsis.Add("");
            synopsis.AddRange(def.Split('\n').Select(l => l.TrimEnd()));
        }
        w.Verbatim(synopsis);
        w.Raw($".PP\nCompile and link with \\fIpkg\\-config \\-\\-cflags \\-\\-libs {RoffWriter.Escape(module)}\\fR.");
        w.Heading("Description");
        w.Text(f.Body);
        if (f.SectionNotes.Count > 0)
        {
            w.SubHeading((f.Section.Length > 0 ? f.Section : "Notes") + " (common to this group)");
            foreach (string note in f.SectionNotes)
                w.Text(note.Split('\n'));
        }
        w.Heading("See also");
        IEnumerable<string> related = doc.Functions.Where(g => g.Section == f.Section && g.Name != f.Name)
            .Select(g => $"\\fB{RoffWriter.Escape(g.Name)}\\fR(3)");
        w.Raw(string.Join(",\n", new[] { $"\\fB{RoffWriter.Escape(concept)}\\fR(7)" }.Concat(related)));
        return w.ToString();
    }

    private static string ConceptPage(HeaderDoc doc, string concept, string source)
    {
        var w = new RoffWriter(concept, 7, source);
        w.Heading("Name");
        w.NameLine(concept, doc.Title);
        // The file comment: its paragraphs, with each line in capitals at the left margin a heading (a
        // comment written as a man page brings its own SYNOPSIS; NAME is the line above).
        static string HeadingOf(string line) =>
            line.StartsWith(' ') ? "" : Regex.Match(line, @"^([A-Z][A-Z ]+[A-Z])(\s*\(.*\))?$").Groups[1].Value;
        if (!doc.FileComment.Any(l => HeadingOf(l) == "SYNOPSIS"))
        {
            w.Heading("Synopsis");
            w.Verbatim([$"#include <{doc.FileName}>"]);
        }
        var block = new List<string>();
        void FlushBlock()
        {
            int indent = block.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            w.Text(block.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToList());
            block.Clear();
        }
        bool skipping = false;
        if (doc.FileComment.FirstOrDefault(l => l.Trim().Length > 0) is string first && HeadingOf(first).Length == 0)
            w.Heading("Description");
        foreach (string line in doc.FileComment)
        {
            string heading = HeadingOf(line);
            if (heading.Length > 0)
            {
                FlushBlock();
                skipping = heading == "NAME";
                if (!skipping)
                    w.Heading(heading);
                continue;
            }
            if (!skipping)
                block.Add(line);
        }
        FlushBlock();
        foreach (string section in doc.SectionOrder.Where(s => s.Length > 0))
        {
            doc.SectionNotes.TryGetValue(section, out List<string>? notes);
            doc.SectionMacros.TryGetValue(section, out List<string>? macros);
            var functions = doc.Functions.Where(f => f.Section == section).ToList();
            if (notes == null && macros == null && functions.Count == 0)
                continue;
            w.Heading(section);
            foreach (string note in notes ?? [])
                w.Text(note.Split('\n'));
            if (macros != null)
                w.Verbatim(macros.SelectMany(m => m.Split('\n')));
            if (functions.Count > 0)
            {
                w.Raw(".PP\nFunctions:");
                foreach (FunctionDoc f in functions)
                    w.Raw($".TP\n\\fB{RoffWriter.Escape(f.Name)}\\fR(3)\n{RoffWriter.Escape(f.Summary)}");
            }
        }
        return w.ToString();
    }
}
