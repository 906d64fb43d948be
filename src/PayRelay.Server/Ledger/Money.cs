namespace PayRelay.Server.Ledger;

/// <summary>Exact conversions between wire decimals and integer cents.</summary>
public static class Money
{
    /// <summary>Largest amount accepted: keeps every sum of a realistic ledger far inside <see cref="long"/>.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>Rounds to cents with banker's rounding, as the processors store amounts.</summary>
    public static long ToCents(decimal amount) => (long)(Math.Round(amount, 2, MidpointRounding.ToEven) * 100m);

    /// <summary>Cents as a decimal with exactly two decimal places (1990 is 19.90, 39800 is 398.00).</summary>
    public static decimal FromCents(long cents)
    {
        var magnitude = (ulong)Math.Abs(cents);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, cents < 0, 2);
    }
}
