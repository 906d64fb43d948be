namespace PayRelay.Server.Tests.Http.Wire.Conformance;

/// <summary>How a conformance case's connection ends once its answers are read.</summary>
public enum Ending
{
    /// <summary>It stays open: a request that follows on it is answered, so the answers before it were framed exactly.</summary>
    Open,

    /// <summary>The server closes it with nothing more sent (within its linger second, on the virtual clock).</summary>
    Closed,

    /// <summary>No answer comes until the request timeout passes on the virtual clock; then a 408, and the connection closes.</summary>
    RequestTimeout,

    /// <summary>Nothing is answered; past the keep-alive timeout on the virtual clock the server closes the connection.</summary>
    IdleTimeout,
}

/// <summary>One answer a case expects, in order.</summary>
/// <param name="Status">Its status code.</param>
/// <param name="Head">The request was a <c>HEAD</c>: the answer's head ends it, whatever its Content-Length.</param>
/// <param name="Header">A header line the answer must carry, <c>Name: value</c> (the name in any case).</param>
/// <param name="NoHeader">A header name the answer must not carry.</param>
/// <param name="Body">Text the body must contain.</param>
public sealed record Answer(int Status, bool Head = false, string? Header = null, string? NoHeader = null, string? Body = null);

/// <summary>
/// One row of the wire layer's conformance table: the bytes a client sends, the requirement they test (its source), the
/// answers expected in order and how the connection ends. <paramref name="Then"/> is sent after the first answer is read
/// (the body after a <c>100 Continue</c>).
/// </summary>
public sealed record WireCase(string Source, string Request, Answer[] Answers, Ending Ending, string? Then = null);
