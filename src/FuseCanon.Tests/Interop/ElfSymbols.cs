using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FuseCanon.Tests.Interop;

/// <summary>Reads the defined functions of an ELF64 little-endian shared object's .dynsym (what
/// <c>nm -D --defined-only</c> lists with type T), without binutils.</summary>
internal static class ElfSymbols
{
    private const uint ShtDynsym = 11;
    private const int SttFunc = 2;
    private const int StbGlobal = 1, StbWeak = 2;

    public static SortedSet<string> DefinedFunctions(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException(path + " is not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException(path + " is not ELF64 little-endian");
        ulong shoff = U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);

        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)shoff + i * shentsize);
            if (U32(elf, sh + 4) != ShtDynsym)
                continue;
            int offset = checked((int)U64(elf, sh + 0x18));
            int size = checked((int)U64(elf, sh + 0x20));
            int entsize = checked((int)U64(elf, sh + 0x38));
            int strtab = checked((int)shoff + (int)U32(elf, sh + 0x28) * shentsize);
            int strOffset = checked((int)U64(elf, strtab + 0x18));
            for (int sym = offset + entsize; sym + entsize <= offset + size; sym += entsize) // entry 0 is null
            {
                byte info = elf[sym + 4];
                int bind = info >> 4, type = info & 0xf;
                ushort shndx = U16(elf, sym + 6);
                if (shndx == 0 || type != SttFunc || (bind != StbGlobal && bind != StbWeak))
                    continue;
                int name = strOffset + (int)U32(elf, sym);
                int end = Array.IndexOf(elf, (byte)0, name);
                names.Add(Encoding.ASCII.GetString(elf, name, end - name));
            }
        }
        return names;
    }

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));
    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
    private static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));
}
