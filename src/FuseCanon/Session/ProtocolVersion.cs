namespace FuseCanon.Session;

/// <summary>The FUSE protocol version this library knows every message of.</summary>
public static class ProtocolVersion
{
    public const uint Major = 7;
    /// <summary>Minor assumed by sessions whose wire is fixed by configuration (no INIT seen).</summary>
    public const uint NewestMinor = 45;
}
