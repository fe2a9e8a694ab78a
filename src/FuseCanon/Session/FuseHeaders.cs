using FuseCanon.Protocol;

namespace FuseCanon.Session;

/// <summary>Offsets in fuse_in_header / fuse_out_header and in the INIT bodies that the session reads.</summary>
internal static class FuseHeaders
{
    public const int InHeaderSize = FuseConstants.InHeaderSize;
    public const int OutHeaderSize = FuseConstants.OutHeaderSize;
    public const int InLen = 0, InOpcode = 4, InUnique = 8;
    public const int OutLen = OutHeaderRule.LenOffset, OutError = OutHeaderRule.ErrorOffset, OutUnique = OutHeaderRule.UniqueOffset;

    // fuse_init_in / fuse_init_out bodies (offsets from the end of the header).
    public const int InitMajor = 0, InitMinor = 4, InitFlags = 12;
    /// <summary>The oldest fuse_init_in (before 7.6) has only major and minor.</summary>
    public const int InitInMinBody = 8;
    /// <summary>fuse_getxattr_in.size (GETXATTR, LISTXATTR): 0 asks for the size, answered as fuse_getxattr_out.</summary>
    public const int GetxattrInSize = 0;
    /// <summary>fuse_init_in carries flags from 16 bytes on.</summary>
    public const int InitInFlagsBody = 16;
    /// <summary>The oldest fuse_init_out (before 7.5) is 8 bytes: major and minor.</summary>
    public const int InitOutMinBody = 8;
    /// <summary>fuse_init_out carries flags2 (at 32) from the 64-byte layout of 7.36 on; 36 bytes reach it.</summary>
    public const int InitOutFlags2Body = 36;

    /// <summary>The only protocol major FUSE has; a higher one asks the server to answer and await a second INIT.</summary>
    public const uint SupportedMajor = 7;
}
