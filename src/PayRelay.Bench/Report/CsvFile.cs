using System.Text;

namespace PayRelay.Bench.Report;

/// <summary>Writes a CSV file: a header, then one line per record, UTF-8 without a byte-order mark.</summary>
public static class CsvFile
{
    public static void Write(string path, string header, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine(header);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }
}
