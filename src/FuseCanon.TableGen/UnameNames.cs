using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace FuseCanon.TableGen;

/// <summary>Reads uname-names.json (hand-curated names; no constants) and gives each name its arch id.</summary>
internal static class UnameNames
{
    public static List<UnameName> Load(string path, IReadOnlyDictionary<string, ArchConstants> arches)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = new List<UnameName>();
        foreach (JsonElement e in doc.RootElement.GetProperty("names").EnumerateArray())
        {
            string name = e.GetProperty("name").GetString()!;
            string debian = e.GetProperty("debian").GetString()!;
            if (!arches.TryGetValue(debian, out ArchConstants? arch))
                throw new InvalidOperationException($"uname name {name}: unknown Debian arch {debian}");
            int order = e.GetProperty("byteOrder").GetString() switch
            {
                "unknown" => 0,
                "little" => 1,
                "big" => 2,
                var s => throw new InvalidOperationException($"uname name {name}: bad byteOrder {s}"),
            };
            if (order != 0 && (order == 2) != arch.BigEndian && !NameStatesOrder(name))
                throw new InvalidOperationException($"uname name {name}: byte order differs from {debian}'s headers but the name does not say so");
            var u = new UnameName
            {
                Name = name,
                Debian = debian,
                ByteOrder = order,
                WordBits = e.TryGetProperty("wordBits", out JsonElement wb) ? wb.GetInt32() : arch.WordBits,
                Source = e.GetProperty("source").GetString() ?? "",
            };
            u.Id = Fnv.ArchId(Encoding.UTF8.GetBytes(name));
            list.Add(u);
        }
        var dup = list.GroupBy(u => u.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup != null)
            throw new InvalidOperationException("arch id collision: " + string.Join(", ", dup.Select(u => u.Name)));
        if (list.Any(u => u.Id == 0xFFFFFFFFu))
            throw new InvalidOperationException("a name hashes to the canonical pseudo id");
        return list;
    }

    /// <summary>Names that spell their byte order (aarch64_be, armv7b, ppcle...) may differ from the Debian arch's.</summary>
    private static bool NameStatesOrder(string name) =>
        name.EndsWith("_be", StringComparison.Ordinal) || name.EndsWith("le", StringComparison.Ordinal) ||
        (name.StartsWith("armv", StringComparison.Ordinal) && (name.EndsWith('b') || name.EndsWith('l')));
}
