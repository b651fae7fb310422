namespace AlatauPay.Application.Webhooks.Dispatch;

/// <summary>
/// Exponential backoff with "equal jitter": after failure n the wait is half of min(max, initial·2^(n-1))
/// plus a random share of the other half, so endpoints that failed together do not retry together.
/// </summary>
public static class RetrySchedule
{
    public static TimeSpan After(int failures, WebhookOptions options, double random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponent = Math.Min(Math.Max(failures - 1, 0), 30);
        var ceiling = Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)((ceiling / 2) + (ceiling / 2 * random)));
    }
}
