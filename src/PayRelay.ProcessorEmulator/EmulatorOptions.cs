using PayRelay.ProcessorEmulator.Cost;

namespace PayRelay.ProcessorEmulator;

/// <summary>How an emulated payment processor is configured: the same knobs as the official one.</summary>
public sealed partial record EmulatorOptions
{
    /// <summary>Fee per transaction reported by the admin summary (env <c>TRANSACTION_FEE</c>).</summary>
    public decimal TransactionFee { get; init; } = 0.05m;

    /// <summary>Fixed window of the health endpoint's limiter (env <c>RATE_LIMIT_SECONDS</c>).</summary>
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Token the admin endpoints require in <c>X-Rinha-Token</c> until it is changed (env <c>INITIAL_TOKEN</c>).</summary>
    public string InitialToken { get; init; } = "123";

    /// <summary>Where <see cref="EmulatorHost.StartAsync"/> listens; port 0 picks a free port.</summary>
    public string Url { get; init; } = "http://127.0.0.1:0";

    /// <summary>
    /// CPU spent per payment to cost what the official processor and its database cost (env <c>PROCESSOR_COST</c>);
    /// <see cref="ProcessorCost.None"/>, the default, spends nothing beyond the emulator's own work.
    /// </summary>
    public ProcessorCost Cost { get; init; } = ProcessorCost.None;

    /// <summary>What spends <see cref="Cost"/>; tests substitute one that records the calls.</summary>
    public ICpuBurner CpuBurner { get; init; } = ThreadCpuBurner.Instance;

    /// <summary>Clock for the payment delay and the health window; tests substitute a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> when a value cannot describe a working processor.</summary>
    public void Validate()
    {
        if (TransactionFee < 0)
        {
            throw new ArgumentException($"TransactionFee must be zero or positive, got {TransactionFee}.", nameof(TransactionFee));
        }

        if (RateLimitWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RateLimitWindow must be positive, got {RateLimitWindow}.", nameof(RateLimitWindow));
        }

        if (string.IsNullOrEmpty(InitialToken))
        {
            throw new ArgumentException("InitialToken must not be empty.", nameof(InitialToken));
        }

        if (string.IsNullOrWhiteSpace(Url))
        {
            throw new ArgumentException("Url must not be empty.", nameof(Url));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Cost);
        ArgumentNullException.ThrowIfNull(CpuBurner);
        if (Cost.RequestCpu < TimeSpan.Zero || Cost.StoreCpu < TimeSpan.Zero || Cost.Connections < 1)
        {
            throw new ArgumentException($"Cost must spend zero or more CPU through at least one connection, got {Cost}.", nameof(Cost));
        }
    }
}
