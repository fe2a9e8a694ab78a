using System;
using System.Buffers.Binary;
using System.Linq;
using FuseCanon.Protocol;
using FuseCanon.Session;
using FuseCanon.Tests.Arch;
using Xunit;

namespace FuseCanon.Tests.Performance;

/// <summary>
/// MessageFastPath against MessageTranslator, message by message: whenever the fast path takes a message, the
/// general path gives Ok and the same bytes; whenever it declines, it has changed nothing (buffer, statistics).
/// Every opcode, random bodies and arch values (known and unknown), random lengths and errors, swapped and
/// same-order wires, identity and translating pairs, both roles.
/// </summary>
public unsafe class MessageFastPathTests
{
    private static readonly GeneratedData Data = GeneratedData.Instance;
    private static uint Id(string name) => Data.Uname.First(u => u.Name == name).Id;

    [Theory]
    [InlineData("aarch64", "x86_64")]
    [InlineData("alpha", "x86_64")]
    [InlineData("x86_64", "alpha")]
    [InlineData("sparc64", "x86_64")] // swapped wire: the fast path declines everything
    [InlineData("x86_64", "x86_64")]  // identity
    [InlineData("mips64", "aarch64")]
    public void FastPathAgreesWithTheGeneralPath(string wire, string local)
    {
        foreach (SessionRole role in new[] { SessionRole.Server, SessionRole.Client })
        {
            var cfg = new SessionConfig { Size = (uint)sizeof(SessionConfig), Role = (uint)role, LocalArch = Id(local), Wire = Id(wire) };
            Assert.Equal(Status.Ok, SessionFactory.Create(&cfg, out SessionState* s));
            try
            {
                var rnd = new Random(HashCode.Combine(wire, local, role));
                int taken = 0;
                for (int i = 0; i < 20000; i++)
                {
                    bool request = rnd.Next(2) == 0;
                    bool encode = role == SessionRole.Client ? request : !request;
                    uint opcode = (uint)rnd.Next(0, (int)OpcodeTable.MaxFuseOpcode + 3);
                    int headerSize = request ? FuseHeaders.InHeaderSize : FuseHeaders.OutHeaderSize;
                    int len = rnd.Next(4) == 0 ? rnd.Next(0, 200) : headerSize + rnd.Next(0, 120);
                    var a = new byte[len];
                    rnd.NextBytes(a);
                    if (len >= headerSize && rnd.Next(8) != 0)
                        BinaryPrimitives.WriteUInt32LittleEndian(a, (uint)len);
                    if (request && len >= 8)
                        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(4), opcode);
                    if (!request && len >= 16)
                    {
                        int error = rnd.Next(3) switch { 0 => 0, 1 => -rnd.Next(1, 140), _ => rnd.Next(-600, 10) };
                        BinaryPrimitives.WriteInt32LittleEndian(a.AsSpan(4), error);
                    }
                    if (len >= 48 && rnd.Next(2) == 0) // a plausible arch value at every field offset we use
                        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(rnd.Next(16, len - 3)), (uint)rnd.Next(0, 0x80000));
                    byte[] b = (byte[])a.Clone(), original = (byte[])a.Clone();
                    SessionStats before = s->Stats;
                    bool fast;
                    fixed (byte* p = a)
                        fast = request ? MessageFastPath.Request(s, encode, p, len) : MessageFastPath.Reply(s, encode, opcode, p, len);
                    Assert.Equal(before, s->Stats);
                    if (!fast)
                    {
                        Assert.Equal(original, a);
                        continue;
                    }
                    taken++;
                    Status st = request ? MessageTranslator.Request(s, encode, b, len) : MessageTranslator.Reply(s, encode, opcode, b, len);
                    Assert.Equal(Status.Ok, st);
                    Assert.Equal(b, a);
                }
                if (s->WireSwapped == 0)
                    Assert.True(taken > 100, $"the fast path took only {taken} messages");
                else
                    Assert.Equal(0, taken);
            }
            finally
            {
                SessionFactory.Destroy(s);
            }
        }
    }
}
