namespace PayRelay.Bench.Run;

/// <summary>What a recorded request was, for the report; every kind counts in p99.</summary>
public enum RequestKind : byte
{
    Payment,
    BackendSummary,
    BackendPurge,
    ProcessorAdmin,
}

/// <summary>One request of the official test: when it started (since the run began), how long it took, its status (0: no answer).</summary>
public readonly record struct RequestSample(TimeSpan Start, TimeSpan Duration, short Status, RequestKind Kind)
{
    /// <summary>k6 counts a request in <c>http_req_duration{expected_response:true}</c> for 200–399.</summary>
    public bool IsExpected => Status is >= 200 and < 400;
}

/// <summary>
/// Every request of a run, appended lock-free from many users into fixed-size segments so the log
/// never copies or moves what it holds while the test runs.
/// </summary>
public sealed class RequestLog
{
    private const int SegmentBits = 14;
    private const int SegmentSize = 1 << SegmentBits;
    private readonly RequestSample[]?[] _segments = new RequestSample[4096][];
    private readonly Lock _grow = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(RequestSample sample)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        var segmentIndex = index >> SegmentBits;
        if (segmentIndex >= _segments.Length)
        {
            return;
        }

        var segment = Volatile.Read(ref _segments[segmentIndex]) ?? Grow(segmentIndex);
        segment[index & (SegmentSize - 1)] = sample;
    }

    /// <summary>A copy of every sample; exact once the writers are done.</summary>
    public RequestSample[] ToArray() => CopySince(0);

    /// <summary>
    /// A copy of the samples from <paramref name="start"/> on. While users still write, a slot just
    /// claimed may not be filled yet: good enough for a progress line, not for the score.
    /// </summary>
    public RequestSample[] CopySince(int start)
    {
        var end = Math.Min(Count, _segments.Length * SegmentSize);
        if (start >= end)
        {
            return [];
        }

        var copy = new RequestSample[end - start];
        for (var index = start; index < end;)
        {
            var segment = Volatile.Read(ref _segments[index >> SegmentBits]);
            var offset = index & (SegmentSize - 1);
            var take = Math.Min(SegmentSize - offset, end - index);
            segment?.AsSpan(offset, take).CopyTo(copy.AsSpan(index - start));
            index += take;
        }

        return copy;
    }

    private RequestSample[] Grow(int segmentIndex)
    {
        lock (_grow)
        {
            var segment = _segments[segmentIndex];
            if (segment is null)
            {
                segment = new RequestSample[SegmentSize];
                Volatile.Write(ref _segments[segmentIndex], segment);
            }

            return segment;
        }
    }
}
