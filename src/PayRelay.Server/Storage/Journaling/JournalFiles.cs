using System.Globalization;

namespace PayRelay.Server.Storage.Journaling;

/// <summary>
/// The journal directory's layout: log segments <c>log-NNNNNNNNNN.seg</c> appended in order, and snapshots
/// <c>snap-NNNNNNNNNN.snap</c>, each the whole state after every log segment up to its number. A start loads the
/// newest snapshot and replays only the log segments after it; everything older is obsolete.
/// </summary>
public sealed class JournalFiles(string directory)
{
    private const string LogPrefix = "log-";
    private const string LogSuffix = ".seg";
    private const string SnapPrefix = "snap-";
    private const string SnapSuffix = ".snap";

    public string Directory { get; } = directory;

    public string Log(long number) => Path.Combine(Directory, LogPrefix + number.ToString("D10", CultureInfo.InvariantCulture) + LogSuffix);

    public string Snapshot(long number) => Path.Combine(Directory, SnapPrefix + number.ToString("D10", CultureInfo.InvariantCulture) + SnapSuffix);

    public string PartialSnapshot(long number) => Snapshot(number) + ".tmp";

    /// <summary>The log segments' numbers, ascending.</summary>
    public List<long> Logs() => Numbers(LogPrefix, LogSuffix);

    /// <summary>The snapshots' numbers, ascending.</summary>
    public List<long> Snapshots() => Numbers(SnapPrefix, SnapSuffix);

    /// <summary>Deletes snapshots that never finished (a crash while one was written).</summary>
    public void DeletePartialSnapshots()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, SnapPrefix + "*" + SnapSuffix + ".tmp"))
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Deletes the snapshots and log segments up to <paramref name="number"/>: snapshots first, then logs oldest
    /// first, so a crash in between leaves a suffix of the history that still replays to the same state.
    /// </summary>
    public void DeleteUpTo(long number, bool keepSnapshot = false)
    {
        foreach (var snap in Snapshots())
        {
            if (snap < number || (snap == number && !keepSnapshot))
            {
                File.Delete(Snapshot(snap));
            }
        }

        foreach (var log in Logs())
        {
            if (log <= number)
            {
                File.Delete(Log(log));
            }
        }
    }

    private List<long> Numbers(string prefix, string suffix)
    {
        var numbers = new List<long>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, prefix + "*" + suffix))
        {
            var name = Path.GetFileName(path);
            if (long.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                numbers.Add(n);
            }
        }

        numbers.Sort();
        return numbers;
    }
}
