using System.Globalization;

namespace PayRelay.Bench.Up;

/// <summary>
/// The emulators' cost model as <c>up</c> passes it on in their <c>PROCESSOR_COST</c> variable: <c>off</c>, or
/// microseconds of CPU per payment on the request path and per insert, and the number of database connections.
/// </summary>
public sealed record ProcessorCostOption(int RequestMicroseconds, int StoreMicroseconds, int Connections)
{
    /// <summary>
    /// Measured with the official processors at the final's load: 59 s and 33 s of CPU over 89,181 payments, i.e. 660 µs
    /// and 370 µs per payment. The emulator's own work on a request (about 270 µs, measured with the model off) is part of
    /// the 660, so the model adds the rest: 390.
    /// </summary>
    public static ProcessorCostOption Measured { get; } = new(390, 370, 16);

    public static ProcessorCostOption Off { get; } = new(0, 0, 16);

    public bool IsOff => RequestMicroseconds == 0 && StoreMicroseconds == 0;

    /// <summary>Reads <c>off</c> or <c>REQUEST_US,STORE_US[,CONNECTIONS]</c>.</summary>
    /// <exception cref="FormatException">Neither.</exception>
    public static ProcessorCostOption Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim() is "off" or "0")
        {
            return Off;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3)
        {
            throw new FormatException($"'{text}' is neither off nor REQUEST_US,STORE_US[,CONNECTIONS]");
        }

        return new ProcessorCostOption(Whole(parts[0], 0), Whole(parts[1], 0), parts.Length == 3 ? Whole(parts[2], 1) : Measured.Connections);
    }

    /// <summary>The value of the emulator's <c>PROCESSOR_COST</c>.</summary>
    public override string ToString() => IsOff
        ? "off"
        : string.Create(CultureInfo.InvariantCulture, $"{RequestMicroseconds},{StoreMicroseconds},{Connections}");

    private static int Whole(string text, int minimum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= 1_000_000
            ? value
            : throw new FormatException($"'{text}' is not a whole number from {minimum} to 1000000");
}
