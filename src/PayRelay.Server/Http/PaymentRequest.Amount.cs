using PayRelay.Server.Ledger;

namespace PayRelay.Server.Http;

public readonly partial record struct PaymentRequest
{
    /// <summary>The largest amount accepted, in cents.</summary>
    private const long MaxCents = (long)(Money.MaxAmount * 100);

    /// <summary>An exponent past this is as good as infinite: the amount is too large, or finer than a cent.</summary>
    private const int ExponentCap = 1_000_000;

    /// <summary>
    /// The amount of a JSON number exactly, in cents, from its digits: nothing is rounded, so an amount finer than a
    /// cent (19.999, 1.005) is refused rather than charged as something else, and an amount too large for any type
    /// (1e308) is called too large rather than not a number. <c>19.9</c>, <c>19.90</c>, <c>19.900</c> and
    /// <c>1.99e1</c> are all 1990. Returns the reason when the amount is refused.
    /// </summary>
    /// <param name="number">A JSON number token as the reader validated it: <c>-? int frac? exp?</c>.</param>
    /// <param name="cents">The amount in cents, when it is accepted.</param>
    private static string? Cents(ReadOnlySpan<byte> number, out long cents)
    {
        cents = 0;
        var negative = number[0] == '-';
        var mantissa = number[(negative ? 1 : 0)..];
        var exponentAt = mantissa.IndexOfAny((byte)'e', (byte)'E');
        var exponent = exponentAt < 0 ? 0 : Exponent(mantissa[(exponentAt + 1)..]);
        if (exponentAt >= 0)
        {
            mantissa = mantissa[..exponentAt];
        }

        var point = mantissa.IndexOf((byte)'.');
        ReadOnlySpan<byte> whole = point < 0 ? mantissa : mantissa[..point], fraction = point < 0 ? [] : mantissa[(point + 1)..];

        // The digits without the point, as one integer times a power of ten; zeros on either end are dropped.
        var digits = whole.Length + fraction.Length;
        var scale = exponent - fraction.Length;
        var first = 0;
        while (first < digits && Digit(whole, fraction, first) == 0)
        {
            first++;
        }

        if (first == digits || negative)
        {
            return "amount must be greater than zero";
        }

        var last = digits - 1;
        while (Digit(whole, fraction, last) == 0)
        {
            last--;
            scale++;
        }

        // The amount is digits[first..last] × 10^scale; in cents, × 10^(scale + 2).
        var centsScale = scale + 2;
        if (centsScale < 0)
        {
            return "amount must be a whole number of cents (at most 2 decimal places)";
        }

        if (last - first + 1 + centsScale > 12)
        {
            return "amount is too large";
        }

        for (var i = first; i <= last; i++)
        {
            cents = (cents * 10) + Digit(whole, fraction, i);
        }

        for (var i = 0; i < centsScale; i++)
        {
            cents *= 10;
        }

        return cents > MaxCents ? "amount is too large" : null;
    }

    private static int Digit(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> fraction, int index) =>
        (index < whole.Length ? whole[index] : fraction[index - whole.Length]) - '0';

    /// <summary><c>[+-]? DIGIT+</c>, saturated at <see cref="ExponentCap"/> either way.</summary>
    private static int Exponent(ReadOnlySpan<byte> text)
    {
        var negative = text[0] == '-';
        var value = 0;
        foreach (var digit in text[(text[0] is (byte)'-' or (byte)'+' ? 1 : 0)..])
        {
            value = Math.Min((value * 10) + (digit - '0'), ExponentCap);
        }

        return negative ? -value : value;
    }
}
