using System.Globalization;
using PayRelay.ProcessorEmulator.Cost;

namespace PayRelay.ProcessorEmulator;

public sealed partial record EmulatorOptions
{
    /// <summary>Name of the variable that sets <see cref="TransactionFee"/>.</summary>
    public const string TransactionFeeVariable = "TRANSACTION_FEE";

    /// <summary>Name of the variable that sets <see cref="RateLimitWindow"/>, in whole seconds.</summary>
    public const string RateLimitSecondsVariable = "RATE_LIMIT_SECONDS";

    /// <summary>Name of the variable that sets <see cref="InitialToken"/>.</summary>
    public const string InitialTokenVariable = "INITIAL_TOKEN";

    /// <summary>
    /// Name of the variable that sets <see cref="Cost"/>: <c>off</c> or <c>REQUEST_US,STORE_US[,CONNECTIONS]</c>, e.g.
    /// <c>660,370</c>. The official processor has no such variable; <c>up</c> sets it.
    /// </summary>
    public const string ProcessorCostVariable = "PROCESSOR_COST";

    /// <summary>Reads the official processor's three variables and the cost model's from the process environment.</summary>
    /// <exception cref="InvalidOperationException">A variable is set to a value that cannot be used.</exception>
    public static EmulatorOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads the variables through <paramref name="getVariable"/>; unset or blank means the default.</summary>
    /// <exception cref="InvalidOperationException">A variable is set to a value that cannot be used.</exception>
    public static EmulatorOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var options = new EmulatorOptions();

        var fee = getVariable(TransactionFeeVariable);
        if (!string.IsNullOrWhiteSpace(fee))
        {
            if (!decimal.TryParse(fee, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) || parsed < 0)
            {
                throw new InvalidOperationException(
                    $"{TransactionFeeVariable} must be a non-negative decimal such as 0.05, got '{fee}'.");
            }

            options = options with { TransactionFee = parsed };
        }

        var seconds = getVariable(RateLimitSecondsVariable);
        if (!string.IsNullOrWhiteSpace(seconds))
        {
            if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
            {
                throw new InvalidOperationException(
                    $"{RateLimitSecondsVariable} must be a positive whole number of seconds such as 5, got '{seconds}'.");
            }

            options = options with { RateLimitWindow = TimeSpan.FromSeconds(parsed) };
        }

        var token = getVariable(InitialTokenVariable);
        if (!string.IsNullOrWhiteSpace(token))
        {
            options = options with { InitialToken = token };
        }

        var cost = getVariable(ProcessorCostVariable);
        if (!string.IsNullOrWhiteSpace(cost))
        {
            try
            {
                options = options with { Cost = ProcessorCost.Parse(cost) };
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{ProcessorCostVariable}: {e.Message}.", e);
            }
        }

        return options;
    }
}
