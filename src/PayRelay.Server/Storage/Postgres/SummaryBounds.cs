namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// How a summary range [from, to] (Unix ms, inclusive) splits for the rollup: the rows of the first edge second
/// [from, FirstEdgeEnd], the rows of the last [LastEdgeStart, LastEdgeEnd], and the rollup's seconds strictly between
/// FirstSecond and LastSecond. The two row ranges never overlap (within one second the last is empty), and together
/// with the whole seconds they cover the range exactly once. Seconds are floored, so negative times split the same way.
/// </summary>
public readonly record struct SummaryBounds(long FirstSecond, long LastSecond, long FirstEdgeEnd, long LastEdgeStart, long LastEdgeEnd)
{
    public static SummaryBounds Of(long fromMs, long toMs)
    {
        var firstSecond = Math.DivRem(fromMs, 1000L, out var fromRest) - (fromRest < 0 ? 1 : 0);
        var lastSecond = Math.DivRem(toMs, 1000L, out var toRest) - (toRest < 0 ? 1 : 0);
        if (lastSecond <= firstSecond)
        {
            // One second (or an empty range): its rows only, no second edge, no rollup.
            return new SummaryBounds(firstSecond, lastSecond, toMs, 0, -1);
        }

        return new SummaryBounds(firstSecond, lastSecond, ((firstSecond + 1) * 1000) - 1, lastSecond * 1000, toMs);
    }
}
