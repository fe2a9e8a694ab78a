using System.Runtime.InteropServices;
using FuseCanon.Arch;
using FuseCanon.Translation;

namespace FuseCanon.Session;

/// <summary>
/// Every plan for one direction between two arches (wire to local, or local to wire), built in place inside
/// the session's unmanaged memory when its mode becomes final. A group whose families agree is marked
/// identity, and its values pass through untouched.
/// </summary>
/// <remarks>Layout is ABI: include/fusecanon.h mirrors it as a struct fusecanon_* (Fast path section); FastPathLayoutTests fails on drift.</remarks>
[StructLayout(LayoutKind.Sequential)]
public struct TranslationPlans
{
    public FlagPlan OpenFlags;
    public FlagPlan PollEvents;
    public ErrnoMap Errno;
    public LockTypeMap LockTypes;
    public IoctlCodec Ioctl;

    public byte OpenFlagsIdentity;
    public byte PollEventsIdentity;
    public byte ErrnoIdentity;
    public byte LockTypesIdentity;
    public byte IoctlIdentity;

    /// <summary>All groups identity: a message needs validation only.</summary>
    public byte AllIdentity;

    public static void Build(ref TranslationPlans p, uint fromArch, uint toArch)
    {
        int F(uint arch, ConstantGroup g) => ArchFacts.Family(arch, g);

        int from = F(fromArch, ConstantGroup.OpenFlags), to = F(toArch, ConstantGroup.OpenFlags);
        FlagPlan.Build(ref p.OpenFlags, ConstantGroup.OpenFlags, from, to);
        p.OpenFlagsIdentity = from == to ? (byte)1 : (byte)0;

        from = F(fromArch, ConstantGroup.PollEvents); to = F(toArch, ConstantGroup.PollEvents);
        FlagPlan.Build(ref p.PollEvents, ConstantGroup.PollEvents, from, to);
        p.PollEventsIdentity = from == to ? (byte)1 : (byte)0;

        from = F(fromArch, ConstantGroup.Errno); to = F(toArch, ConstantGroup.Errno);
        ErrnoMap.Build(ref p.Errno, from, to);
        p.ErrnoIdentity = from == to ? (byte)1 : (byte)0;

        from = F(fromArch, ConstantGroup.LockTypes); to = F(toArch, ConstantGroup.LockTypes);
        LockTypeMap.Build(ref p.LockTypes, from, to);
        p.LockTypesIdentity = from == to ? (byte)1 : (byte)0;

        from = F(fromArch, ConstantGroup.IoctlEncoding); to = F(toArch, ConstantGroup.IoctlEncoding);
        IoctlCodec.Build(ref p.Ioctl, from, to);
        p.IoctlIdentity = from == to ? (byte)1 : (byte)0;

        p.AllIdentity = (byte)(p.OpenFlagsIdentity & p.PollEventsIdentity & p.ErrnoIdentity & p.LockTypesIdentity & p.IoctlIdentity);
    }
}
