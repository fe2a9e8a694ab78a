using System;
using System.IO;
using System.Linq;

namespace FuseCanon.TableGen;

/// <summary>Facts the engine relies on; generation fails if the headers ever break one of them.</summary>
internal static class Validation
{
    public static void Run(TableModel m, TextWriter log)
    {
        int riscv = m.ArchIndex("riscv64");
        for (int g = 0; g < 5; g++)
        {
            if (m.ArchFamilies["riscv64"][g] != 0)
                log.WriteLine($"tablegen: warning: riscv64 is not in the canonical {TableModel.GroupKeys[g]} family");
            log.WriteLine($"tablegen: {TableModel.GroupKeys[g]}: {m.Families[g].Count} families: " +
                string.Join("; ", m.Families[g].Select(f => f.Name + " (" + string.Join(' ', f.Arches) + ")")));
        }
        foreach (Family f in m.Families[(int)Group.OpenFlags])
        {
            if (!f.Values.TryGetValue("O_ACCMODE", out long acc) || acc != 3 || f.Values["O_RDONLY"] != 0 || f.Values["O_WRONLY"] != 1 || f.Values["O_RDWR"] != 2)
                log.WriteLine($"tablegen: note: open-flags family {f.Name} has an unusual access mode");
            if ((acc & ~0xFFL) != 0)
                throw new InvalidOperationException($"open-flags family {f.Name}: O_ACCMODE spans more than the low byte");
        }
        foreach (Family f in m.Families[(int)Group.IoctlEncoding])
        {
            long nr = f.Values["_IOC_NRBITS"], type = f.Values["_IOC_TYPEBITS"], size = f.Values["_IOC_SIZEBITS"], dir = f.Values["_IOC_DIRBITS"];
            if (nr + type + size + dir != 32)
                throw new InvalidOperationException($"ioctl family {f.Name}: fields do not fill 32 bits");
            if (f.Values["_IOC_NRSHIFT"] != 0 || f.Values["_IOC_TYPESHIFT"] != nr || f.Values["_IOC_SIZESHIFT"] != nr + type || f.Values["_IOC_DIRSHIFT"] != nr + type + size)
                throw new InvalidOperationException($"ioctl family {f.Name}: unexpected field order");
        }
        foreach (Family f in m.Families[(int)Group.Errno])
        {
            if (f.Values.Values.Any(v => v <= 0 || v > 4095))
                throw new InvalidOperationException($"errno family {f.Name}: value outside 1..4095");
            if (!f.Values.ContainsKey("EIO"))
                throw new InvalidOperationException($"errno family {f.Name}: no EIO");
        }
        _ = riscv;
    }
}
