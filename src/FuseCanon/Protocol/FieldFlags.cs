using System;

namespace FuseCanon.Protocol;

/// <summary>Properties of a <see cref="FieldLayout"/> beyond offset, width and semantic tag.</summary>
[Flags]
public enum FieldFlags : byte
{
    None = 0,

    /// <summary>Padding, reserved, unused, dummy or spare: carries no information (still zero on the wire).</summary>
    Padding = 1,

    /// <summary>Declared with a signed C type (int32_t/int64_t/__s64).</summary>
    Signed = 2,

    /// <summary>A flexible array member (<c>name[]</c>, <c>groups[]</c>): not part of sizeof, length comes from another field.</summary>
    Flexible = 4,

    /// <summary>Opaque bytes (char arrays): never byte-swapped.</summary>
    Bytes = 8,
}
