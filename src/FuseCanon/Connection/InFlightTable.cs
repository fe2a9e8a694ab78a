using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace FuseCanon.Connection;

/// <summary>
/// The requests of a connection that await their reply, keyed by <c>unique</c>, with what the reply's
/// translation needs to know about its request (<see cref="RequestContext"/>). Lock-free and bounded: a fixed
/// power-of-two array of slots in unmanaged memory, claimed with a compare-and-swap and probed linearly within a
/// window of <see cref="ProbeWindow"/> slots from the key's home. A slot is freed by writing 0, without moving
/// others, so a lookup cannot stop at the first empty slot: it scans the window, which is where every key is.
/// With the table far from full a present key is a probe or two away; a missing key (a reply to INTERRUPT, or a
/// caller's mistake) costs the window.
/// <para>Thread safety: <see cref="TryAdd"/> for different keys and <see cref="TryFind"/>/<see cref="Release"/>
/// of a key run concurrently from any threads. One key is added by one thread and found after that add
/// returned (a reply follows its request), which is what makes reading <c>Context</c> after the key safe.</para>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct InFlightTable
{
    [StructLayout(LayoutKind.Sequential, Size = 16)] // one slot per 16 bytes: four to a cache line
    private struct Slot
    {
        public ulong Unique;  // 0: free (requests that get a reply never have unique 0)
        public uint Context;
    }

    private uint _mask;
    private uint _window;
    private int _shift;
    private Slot* _slots;

    /// <summary>How far from its home a key may be placed: a bound on every lookup.</summary>
    public const uint ProbeWindow = 32;

    /// <summary>Default capacity of struct fusecanon_config.max_in_flight = 0.</summary>
    public const uint DefaultCapacity = 16384;

    /// <summary>The largest capacity a configuration may ask for.</summary>
    public const uint MaxCapacity = 1u << 22;

    public static InFlightTable* Create(uint requested)
    {
        uint capacity = 16;
        while (capacity < requested)
            capacity <<= 1;
        var t = (InFlightTable*)NativeMemory.AllocZeroed((nuint)sizeof(InFlightTable));
        if (t == null)
            return null;
        // Zeroed pages of a large calloc are mapped lazily: only the slots in use become resident.
        t->_slots = (Slot*)NativeMemory.AllocZeroed(capacity, (nuint)sizeof(Slot));
        if (t->_slots == null)
        {
            NativeMemory.Free(t);
            return null;
        }
        t->_mask = capacity - 1;
        t->_window = Math.Min(ProbeWindow, capacity);
        t->_shift = 64 - System.Numerics.BitOperations.Log2(capacity);
        return t;
    }

    public static void Free(InFlightTable* t)
    {
        if (t == null)
            return;
        NativeMemory.Free(t->_slots);
        NativeMemory.Free(t);
    }

    /// <summary>Fibonacci hashing: kernel uniques grow in steps of 2, which this spreads over the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly uint Home(ulong unique) => (uint)((unique * 0x9E37_79B9_7F4A_7C15UL) >> _shift) & _mask;

    /// <summary>Remembers <paramref name="context"/> for <paramref name="unique"/>: its slot, or -1 when every slot is taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryAdd(ulong unique, uint context)
    {
        uint i = Home(unique);
        for (uint n = 0; n < _window; n++, i = (i + 1) & _mask)
        {
            Slot* slot = _slots + i;
            if (Volatile.Read(ref slot->Unique) == 0 && Interlocked.CompareExchange(ref slot->Unique, unique, 0) == 0)
            {
                Volatile.Write(ref slot->Context, context);
                return (int)i;
            }
        }
        return -1;
    }

    /// <summary>The slot holding <paramref name="unique"/> (-1 if none) and its context; the entry stays.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int TryFind(ulong unique, out uint context)
    {
        uint i = Home(unique);
        for (uint n = 0; n < _window; n++, i = (i + 1) & _mask)
        {
            Slot* slot = _slots + i;
            if (Volatile.Read(ref slot->Unique) == unique)
            {
                context = Volatile.Read(ref slot->Context);
                return (int)i;
            }
        }
        context = 0;
        return -1;
    }

    /// <summary>Frees a slot <see cref="TryFind"/> returned, once its reply went out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Release(int slot)
    {
        _slots[slot].Context = 0;
        Volatile.Write(ref _slots[slot].Unique, 0UL);
    }

}
