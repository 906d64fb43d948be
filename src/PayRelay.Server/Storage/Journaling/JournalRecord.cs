using System.Buffers.Binary;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Storage.Journaling;

/// <summary>What a journal record says. The numbers are on disk: never renumber one.</summary>
public enum RecordType : byte
{
    /// <summary>A payment taken (id, cents, acceptedAt wall-clock ms): written before its 202 leaves.</summary>
    Accepted = 1,

    /// <summary>An attempt about to be sent (id, processor, requestedAt): after a crash the payment is resolved there first.</summary>
    Attempt = 2,

    /// <summary>Stored by a processor (id, processor, requestedAt, and the cents the ledger records): in the ledger.</summary>
    Confirmed = 3,

    /// <summary>A 422 where it was never sent: another party charged it. Closed, not in the ledger.</summary>
    ChargedElsewhere = 4,

    /// <summary>A 4xx other than 422. Closed, not in the ledger.</summary>
    Refused = 5,

    /// <summary>The last attempt stored nothing (5xx): open again, free to go to either processor.</summary>
    NotStored = 6,

    /// <summary>Everything before this is forgotten.</summary>
    Purge = 7,

    /// <summary>The peer acknowledged the payment on shutdown: no longer this instance's to finish.</summary>
    HandedOff = 8,

    /// <summary>A payment taken from a draining peer (as Accepted, with its pin).</summary>
    Adopted = 9,

    /// <summary>Snapshot: a correlationId seen and closed (id, cents), kept so a repeat stays a duplicate.</summary>
    Seen = 10,

    /// <summary>Snapshot: one ledger entry (processor, requestedAt, cents).</summary>
    Ledger = 11,

    /// <summary>A correlationId held for the peer (id, cents): a spelling of it here is a duplicate, never a new payment.</summary>
    Reserved = 12,

    /// <summary>The peer gave a reservation back (it did not accept the payment, or handed it over).</summary>
    ReservationReleased = 13,

    /// <summary>The highest type a reader accepts.</summary>
    Last = ReservationReleased,
}

/// <summary>
/// One fact of the journal. Every record has the same fields and the same size on disk, which keeps writing and
/// reading branch-free: <c>[u32 length][u32 CRC-32C of the payload][payload]</c>, the payload being the type, the
/// correlationId, the cents, the acceptance time (Unix ms), the processor (0xFF for none) and the requestedAt
/// (Unix ms), little-endian.
/// </summary>
public readonly record struct JournalRecord(RecordType Type, Guid Id, long Cents = 0, long AcceptedAtMs = 0, ProcessorKind? Processor = null, long RequestedAtMs = 0)
{
    public const int PayloadSize = 1 + 16 + 8 + 8 + 1 + 8;
    public const int HeaderSize = 8;
    public const int Size = HeaderSize + PayloadSize;
    private const byte NoProcessor = 0xFF;

    public void Write(Span<byte> destination)
    {
        var payload = destination.Slice(HeaderSize, PayloadSize);
        payload[0] = (byte)Type;
        Id.TryWriteBytes(payload.Slice(1, 16));
        BinaryPrimitives.WriteInt64LittleEndian(payload[17..], Cents);
        BinaryPrimitives.WriteInt64LittleEndian(payload[25..], AcceptedAtMs);
        payload[33] = Processor is { } p ? (byte)p : NoProcessor;
        BinaryPrimitives.WriteInt64LittleEndian(payload[34..], RequestedAtMs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, PayloadSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32C.Compute(payload));
    }

    /// <summary>Reads a payload whose length and checksum were already checked.</summary>
    public static JournalRecord Read(ReadOnlySpan<byte> payload)
    {
        var processor = payload[33];
        return new JournalRecord(
            (RecordType)payload[0],
            new Guid(payload.Slice(1, 16)),
            BinaryPrimitives.ReadInt64LittleEndian(payload[17..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[25..]),
            processor == NoProcessor ? null : (ProcessorKind)processor,
            BinaryPrimitives.ReadInt64LittleEndian(payload[34..]));
    }
}
