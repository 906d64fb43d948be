using System.Globalization;
using System.Text;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

/// <summary>
/// Every request the official script makes (backend and processor admin calls), each with the
/// client timeout and recorded in the <see cref="RequestLog"/> the score's p99 comes from.
/// </summary>
public sealed partial class TestClient : IDisposable
{
    public const string InitialToken = "123";
    private static readonly Uri PaymentsPath = new("payments", UriKind.Relative);
    private readonly HttpMessageInvoker _backend;
    private readonly HttpMessageInvoker _default;
    private readonly HttpMessageInvoker _fallback;
    private readonly ServiceEndpoint _backendEndpoint;
    private readonly ServiceEndpoint _defaultEndpoint;
    private readonly ServiceEndpoint _fallbackEndpoint;
    private readonly Uri _paymentsUri;
    private readonly LoadClock _clock;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    /// <param name="backend">The backend under test.</param>
    /// <param name="defaultProcessor">The default processor (admin API).</param>
    /// <param name="fallbackProcessor">The fallback processor (admin API).</param>
    /// <param name="token">The processors' admin token.</param>
    /// <param name="timeout">The client timeout of every request.</param>
    /// <param name="clock">The run's timeline.</param>
    /// <param name="backendConnectionOpened">Called for every connection the shared backend pool opens.</param>
    public TestClient(ServiceEndpoint backend, ServiceEndpoint defaultProcessor, ServiceEndpoint fallbackProcessor, string token, TimeSpan timeout, LoadClock clock,
        Action? backendConnectionOpened = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _backendEndpoint = backend;
        _defaultEndpoint = defaultProcessor;
        _fallbackEndpoint = fallbackProcessor;
        _backend = BenchHttp.CreateInvoker(backend, timeout, backendConnectionOpened);
        _default = BenchHttp.CreateInvoker(defaultProcessor, timeout);
        _fallback = BenchHttp.CreateInvoker(fallbackProcessor, timeout);
        _paymentsUri = new Uri(backend.BaseAddress, PaymentsPath);
        Token = token;
        _timeout = timeout;
        _clock = clock;
        _time = clock.Time;
    }

    public string Token { get; }

    /// <summary>The backend under test, which users open their own connections to.</summary>
    public ServiceEndpoint BackendEndpoint => _backendEndpoint;

    /// <summary>The client timeout of every request.</summary>
    public TimeSpan Timeout => _timeout;

    public RequestLog Log { get; } = new();

    public void Dispose()
    {
        _backend.Dispose();
        _default.Dispose();
        _fallback.Dispose();
    }

    internal static string IsoUtc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private HttpMessageInvoker Processor(ProcessorRole role) => role == ProcessorRole.Default ? _default : _fallback;

    private ServiceEndpoint ProcessorEndpoint(ProcessorRole role) => role == ProcessorRole.Default ? _defaultEndpoint : _fallbackEndpoint;

    private static HttpRequestMessage Json(HttpMethod method, Uri uri, string json) =>
        new(method, uri) { Content = new JsonBytesContent(Encoding.UTF8.GetBytes(json)) };
}
