namespace PayRelay.Server.Ledger;

/// <summary>Exact conversions between wire decimals and integer cents.</summary>
public static class Money
{
    /// <summary>Largest amount accepted: keeps every sum of a realistic ledger far inside <see cref="long"/>.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>Rounds to cents with banker's rounding, as the processors store amounts.</summary>
    public static long ToCents(decimal amount) => (long)(Math.Round(amount, 2, MidpointRounding.ToEven) * 100m);

    public static decimal FromCents(long cents) => cents / 100m;
}
