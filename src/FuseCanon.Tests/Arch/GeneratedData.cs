using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace FuseCanon.Tests.Arch;

/// <summary>The generated arch-tables.json, read independently of the engine's compiled tables.</summary>
internal sealed class GeneratedData
{
    public static readonly string[] GroupKeys = ["open_flags", "errno", "lock_types", "poll_events", "ioctl_encoding"];

    public static readonly GeneratedData Instance = new();

    /// <summary>Per group: family values (name -> value).</summary>
    public List<Dictionary<string, long>>[] Families { get; } = new List<Dictionary<string, long>>[5];
    public Dictionary<string, string>[] Aliases { get; } = new Dictionary<string, string>[5];
    /// <summary>Open-flag names that are kernel-internal f_flags bits (not uapi), from the kernel source.</summary>
    public List<string> KernelInternalOpenFlags { get; } = new();
    /// <summary>uname name -> (id, family index per group).</summary>
    public List<(string Name, uint Id, int[] Families)> Uname { get; } = new();

    private GeneratedData()
    {
        string path = Path.Combine(RepoPaths.Root, "src", "FuseCanon", "Tables", "Generated", "arch-tables.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = doc.RootElement;
        for (int g = 0; g < 5; g++)
        {
            JsonElement grp = root.GetProperty("groups").GetProperty(GroupKeys[g]);
            Families[g] = grp.GetProperty("families").EnumerateArray()
                .Select(f => f.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal))
                .ToList();
            if (grp.TryGetProperty("kernelInternal", out JsonElement ki))
                KernelInternalOpenFlags.AddRange(ki.EnumerateArray().Select(e => e.GetString()!));
            Aliases[g] = grp.GetProperty("aliases").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }
        var debian = root.GetProperty("debianArches").EnumerateArray()
            .ToDictionary(a => a.GetProperty("name").GetString()!, a => GroupKeys.Select(k => a.GetProperty("families").GetProperty(k).GetInt32()).ToArray());
        foreach (JsonElement u in root.GetProperty("uname").EnumerateArray())
            Uname.Add((u.GetProperty("name").GetString()!, u.GetProperty("id").GetUInt32(), debian[u.GetProperty("debian").GetString()!]));
    }

    public string Primary(int g, string name) => Aliases[g].TryGetValue(name, out string? p) ? p : name;

    /// <summary>
    /// The documented meaning of one name's value: the to-arch value of its primary name (else of itself). When
    /// several names of different alias classes share the from-value, null (the caller checks those separately).
    /// </summary>
    public long? Expected(int g, int fromFam, int toFam, string name)
    {
        var f = Families[g][fromFam];
        var t = Families[g][toFam];
        long v = f[name];
        var sharing = f.Where(kv => kv.Value == v && kv.Key != "O_ACCMODE").Select(kv => Primary(g, kv.Key)).Distinct().ToList();
        if (sharing.Count != 1)
            return null;
        string p = Primary(g, name);
        // By the name itself where it is a value of its own on both arches (powerpc EDEADLOCK -> mips EDEADLOCK,
        // sparc O_NDELAY -> sparc O_NDELAY), else by its primary.
        if (OwnValue(f, p, name) && t.TryGetValue(name, out long own) && OwnValue(t, p, name))
            return own;
        if (t.TryGetValue(p, out long w))
            return w;
        return t.TryGetValue(name, out w) ? w : null;
    }

    private static bool OwnValue(Dictionary<string, long> values, string primary, string name) =>
        primary == name || !values.TryGetValue(primary, out long pv) || pv != values[name];

    /// <summary>One representative uname id per family of a group, plus the canonical pseudo id for family 0.</summary>
    public IEnumerable<(uint Id, int Family)> Representatives(int g) =>
        Uname.GroupBy(u => u.Families[g]).Select(x => (x.First().Id, x.Key)).Append((0xFFFFFFFFu, 0));
}
