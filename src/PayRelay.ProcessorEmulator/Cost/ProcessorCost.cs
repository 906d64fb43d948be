using System.Globalization;

namespace PayRelay.ProcessorEmulator.Cost;

/// <summary>
/// The CPU the official processor and its PostgreSQL spend per payment, spent for real by the emulator so that a
/// stack of emulators loads the machine as the real processors do: <see cref="RequestCpu"/> on the request path of
/// every payment request processed, <see cref="StoreCpu"/> per insert (stored, or refused as a duplicate) by a pool of
/// <see cref="Connections"/> workers, as PostgreSQL serves the processor through a bounded connection pool.
/// </summary>
public sealed record ProcessorCost(TimeSpan RequestCpu, TimeSpan StoreCpu, int Connections = ProcessorCost.DefaultConnections)
{
    /// <summary>The official processor's connection pool holds 15–20 connections.</summary>
    public const int DefaultConnections = 16;

    /// <summary>No cost: payments take only what the emulator itself needs.</summary>
    public static ProcessorCost None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// Measured at the official final's load, on the 2-core development machine: the processors spent 59 s of CPU
    /// and PostgreSQL 33 s over 89,181 payments, about 660 µs and 370 µs per payment. The emulator spends about 270 µs of
    /// its own on a payment request (measured with the model off at 500 payments/s), so the model adds 390 µs on the
    /// request path: emulator and model together then cost what the processor and its database cost.
    /// </summary>
    public static ProcessorCost Measured { get; } = new(TimeSpan.FromMicroseconds(390), TimeSpan.FromMicroseconds(370));

    public bool IsActive => RequestCpu > TimeSpan.Zero || StoreCpu > TimeSpan.Zero;

    /// <summary>
    /// Reads <c>off</c> (or <c>0</c>) or <c>REQUEST_US,STORE_US[,CONNECTIONS]</c>, microseconds of CPU per payment,
    /// e.g. <c>660,370</c> or <c>660,370,16</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static ProcessorCost Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed is "off" or "0")
        {
            return None;
        }

        var parts = trimmed.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3)
        {
            throw new FormatException($"'{text}' is neither 'off' nor REQUEST_US,STORE_US[,CONNECTIONS] (e.g. 660,370)");
        }

        var connections = parts.Length == 3 ? Whole(parts[2], "CONNECTIONS", minimum: 1) : DefaultConnections;
        return new ProcessorCost(
            TimeSpan.FromMicroseconds(Whole(parts[0], "REQUEST_US", minimum: 0)),
            TimeSpan.FromMicroseconds(Whole(parts[1], "STORE_US", minimum: 0)),
            connections);
    }

    /// <summary>The form <see cref="Parse"/> reads.</summary>
    public override string ToString() => IsActive
        ? string.Create(CultureInfo.InvariantCulture, $"{(long)RequestCpu.TotalMicroseconds},{(long)StoreCpu.TotalMicroseconds},{Connections}")
        : "off";

    private static int Whole(string text, string name, int minimum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= 1_000_000
            ? value
            : throw new FormatException($"{name} must be a whole number from {minimum} to 1000000, got '{text}'");
}
