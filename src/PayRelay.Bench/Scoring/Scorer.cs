namespace PayRelay.Bench.Scoring;

/// <summary>The official score (spec §3) with the official rounding.</summary>
public static class Scorer
{
    public const decimal FineRate = 0.35m;

    public static Score Compute(ScoreInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gross = input.Default.Amount + input.Fallback.Amount;
        var defaultFee = input.DefaultFeeRate * input.Default.Amount;
        var fallbackFee = input.FallbackFeeRate * input.Fallback.Amount;
        var fees = defaultFee + fallbackFee;
        var p99 = JsNumbers.RoundHalfUp(input.P99Milliseconds, 2);
        var bonus = Bonus(p99);
        var fineRate = input.Inconsistencies > 0 ? FineRate : 0m;
        var partial = gross - fees;
        var fine = partial * fineRate;
        var counted = input.Default.Requests + input.Fallback.Requests;
        return new Score
        {
            NetTotal = JsNumbers.Normalize(partial + (partial * bonus) - fine),
            GrossTotal = JsNumbers.Normalize(gross),
            FeeTotal = JsNumbers.Normalize(fees),
            DefaultFee = JsNumbers.Normalize(defaultFee),
            FallbackFee = JsNumbers.Normalize(fallbackFee),
            P99 = p99,
            Bonus = bonus,
            FineRate = fineRate,
            FineTotal = JsNumbers.Normalize(fine),
            Lag = input.SucceededPayments - counted,
            CountedRequests = counted,
        };
    }

    /// <summary>
    /// max(round2((11 - p99) × 0.02), 0). The official script evaluates the product in IEEE doubles
    /// before rounding; for every p99 with 2 decimals the exact decimal product rounds the same way,
    /// which a test checks.
    /// </summary>
    public static decimal Bonus(decimal roundedP99) =>
        Math.Max(Math.Round((11m - roundedP99) * 0.02m, 2, MidpointRounding.AwayFromZero), 0m);
}
