using System.Threading.RateLimiting;
using PayRelay.ProcessorEmulator.Cost;

namespace PayRelay.ProcessorEmulator;

/// <summary>
/// The live state of one emulated processor: its configuration switches, its payments and its
/// limiters. The admin endpoints and in-process callers change the same values.
/// </summary>
public sealed partial class EmulatorState
{
    /// <summary>Payments processed at once by the official processor before callers queue.</summary>
    public const int PaymentPermitLimit = 800;

    /// <summary>Payments allowed to wait for a permit before further callers get 429.</summary>
    public const int PaymentQueueLimit = 500;

    /// <summary>Health callers allowed to wait for a later window before further callers get 429.</summary>
    public const int HealthQueueLimit = 2;

    private readonly PaymentStore _store = new();
    private volatile int _delayMilliseconds;
    private volatile bool _failing;
    private volatile string _token;

    /// <summary>Creates the state of a processor configured by <paramref name="options"/>.</summary>
    public EmulatorState(EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _token = options.InitialToken;
        PaymentGate = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = PaymentPermitLimit,
            QueueLimit = PaymentQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        HealthLimiter = new HealthWindowLimiter(options.TimeProvider, options.RateLimitWindow, HealthQueueLimit);
        if (options.Cost.StoreCpu > TimeSpan.Zero)
        {
            StorePool = new StorePool(options.Cost, options.CpuBurner, Insert);
        }
    }

    /// <summary>The options this processor was started with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Delay applied before every <c>POST /payments</c> answer; same effect as <c>PUT /admin/configurations/delay</c>.</summary>
    public int DelayMilliseconds
    {
        get => _delayMilliseconds;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _delayMilliseconds = value;
        }
    }

    /// <summary>When set, <c>POST /payments</c> answers 500 after the delay; same effect as <c>PUT /admin/configurations/failure</c>.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    /// <summary>Token the admin endpoints require; same effect as <c>PUT /admin/configurations/token</c>.</summary>
    public string Token
    {
        get => _token;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _token = value;
        }
    }

    internal ConcurrencyLimiter PaymentGate { get; }

    internal HealthWindowLimiter HealthLimiter { get; }

    /// <summary>The cost model's database connections; null when inserts cost nothing and run inline.</summary>
    internal StorePool? StorePool { get; }
}
