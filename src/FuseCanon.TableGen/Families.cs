using System;
using System.Collections.Generic;
using System.Linq;

namespace FuseCanon.TableGen;

/// <summary>Everything the emitters write, built from the extracted constants.</summary>
internal sealed class TableModel
{
    public const string CanonicalArch = "amd64";
    public static readonly string[] GroupKeys = ["open_flags", "errno", "lock_types", "poll_events", "ioctl_encoding"];
    public static readonly string[] GroupCsNames = ["OpenFlags", "Errno", "LockTypes", "PollEvents", "IoctlEncoding"];

    public required List<ArchConstants> Arches { get; init; }
    public required List<UnameName> Uname { get; init; }
    public List<Family>[] Families { get; } = [new(), new(), new(), new(), new()];
    /// <summary>Per group: every name defined on some arch, ordinal order.</summary>
    public List<string>[] Names { get; } = [new(), new(), new(), new(), new()];
    /// <summary>Per group: alias name -> primary name.</summary>
    public SortedDictionary<string, string>[] Aliases { get; } =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    /// <summary>arch name -> family index per group.</summary>
    public Dictionary<string, int[]> ArchFamilies { get; } = new(StringComparer.Ordinal);
    public List<string> Provenance { get; } = new();
    /// <summary>Open-flag names that are kernel-internal f_flags bits, not uapi (KernelInternalFlags), same value on every arch.</summary>
    public List<string> KernelInternalOpenFlags { get; } = new();

    public int ArchIndex(string debian) => Arches.FindIndex(a => a.Arch.Name == debian);

    public static TableModel Build(List<ArchConstants> arches, List<UnameName> uname)
    {
        var m = new TableModel { Arches = arches, Uname = uname };
        foreach (ArchConstants a in arches)
            m.ArchFamilies[a.Arch.Name] = new int[5];
        for (int g = 0; g < 5; g++)
        {
            var fams = m.Families[g];
            foreach (ArchConstants a in arches)
            {
                var values = a.Groups[g];
                int idx = fams.FindIndex(f => f.Values.Count == values.Count && f.Values.All(kv => values.TryGetValue(kv.Key, out long v) && v == kv.Value));
                if (idx < 0)
                {
                    string name = a.Arch.Name == CanonicalArch ? "generic" : a.Arch.KernelArch;
                    if (fams.Any(f => f.Name == name))
                        name = a.Arch.Name; // two families would share a kernel name: use the Debian arch
                    fams.Add(new Family { Name = name, Values = values });
                    idx = fams.Count - 1;
                }
                fams[idx].Arches.Add(a.Arch.Name);
                m.ArchFamilies[a.Arch.Name][g] = idx;
            }
            if (m.ArchFamilies[CanonicalArch][g] != 0)
                throw new InvalidOperationException("canonical arch must come first");
            m.Names[g].AddRange(arches.SelectMany(a => a.Groups[g].Keys).Distinct().Order(StringComparer.Ordinal));

            // Aliases: on the canonical arch, a macro whose body is just another name of the same group.
            ArchConstants canon = arches[0];
            foreach (string n in m.Names[g])
            {
                if (canon.Bodies.TryGetValue(n, out string? body) && canon.Groups[g].ContainsKey(n) && canon.Groups[g].ContainsKey(body) && body != n)
                    m.Aliases[g][n] = body;
            }
            // Names the canonical arch lacks but another arch spells `#define A B` (parisc ECANCELLED, EREFUSED).
            foreach (ArchConstants a in arches)
                foreach (string n in a.Groups[g].Keys)
                    if (!canon.Groups[g].ContainsKey(n) && !m.Aliases[g].ContainsKey(n) && a.Bodies.TryGetValue(n, out string? b) && a.Groups[g].ContainsKey(b) && b != n)
                        m.Aliases[g][n] = m.Aliases[g].TryGetValue(b, out string? bb) ? bb : b;
        }
        return m;
    }
}
