using System.Buffers.Binary;
using System.Numerics;

namespace PayRelay.Server.Storage.Journaling;

/// <summary>CRC-32C (Castagnoli), on the CPU's CRC32 instruction where there is one (BitOperations falls back to a table).</summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
