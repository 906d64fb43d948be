namespace PayRelay.Server.Storage.Journaling;

/// <summary>A record in the middle of the journal fails its checksum: the instance must not start on a guess.</summary>
public sealed class JournalCorruptException(string path, long offset, string reason)
    : Exception($"journal {path} is corrupt at offset {offset}: {reason}; move the file away to start without it (its payments are then lost)")
{
    public string Path { get; } = path;

    public long Offset { get; } = offset;
}
