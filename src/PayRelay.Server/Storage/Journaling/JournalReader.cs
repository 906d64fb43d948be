using System.Buffers.Binary;

namespace PayRelay.Server.Storage.Journaling;

/// <summary>
/// Reads one journal file record by record. A last record cut short or garbled at the very end of the newest log
/// segment is a torn tail (the process or the machine died mid-write): it is ignored and cut off. A bad record
/// anywhere else is corruption and stops the start, naming the file and the offset.
/// </summary>
public static class JournalReader
{
    private const int RecordsPerRead = 4096;

    /// <summary>Applies every whole record of <paramref name="path"/>; returns the length of its valid prefix.</summary>
    public static long Read(string path, bool mayBeTorn, Action<JournalRecord> apply)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var length = file.Length;
        var buffer = new byte[RecordsPerRead * JournalRecord.Size];
        long offset = 0;
        while (offset < length)
        {
            file.Position = offset;
            var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var whole = read / JournalRecord.Size;
            for (var i = 0; i < whole; i++, offset += JournalRecord.Size)
            {
                var record = buffer.AsSpan(i * JournalRecord.Size, JournalRecord.Size);
                if (!Valid(record, out var reason))
                {
                    return Bad(path, file, offset, length, mayBeTorn, reason);
                }

                apply(JournalRecord.Read(record[JournalRecord.HeaderSize..]));
            }

            if (whole * JournalRecord.Size < read || read == 0)
            {
                // Fewer bytes than a record remain: the last write was cut short.
                return Bad(path, file, offset, length, mayBeTorn, "a record cut short at the end of the file");
            }
        }

        return offset;
    }

    private static bool Valid(ReadOnlySpan<byte> record, out string reason)
    {
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(record);
        if (declared != JournalRecord.PayloadSize)
        {
            reason = $"a record length of {declared} bytes";
            return false;
        }

        var payload = record[JournalRecord.HeaderSize..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) != Crc32C.Compute(payload))
        {
            reason = "a checksum mismatch";
            return false;
        }

        if (payload[0] is 0 or > (byte)RecordType.Last)
        {
            reason = $"an unknown record type {payload[0]}";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>A bad record: a torn tail when nothing whole follows it in a file that may be torn, corruption otherwise.</summary>
    private static long Bad(string path, FileStream file, long offset, long length, bool mayBeTorn, string reason)
    {
        if (mayBeTorn && (offset + JournalRecord.Size >= length || RestIsZero(file, offset)))
        {
            return offset;
        }

        throw new JournalCorruptException(path, offset, reason);
    }

    private static bool RestIsZero(FileStream file, long offset)
    {
        file.Position = offset;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }
}
