namespace AlatauPay.Testing;

/// <summary>Waiting for a condition with a deadline, never a bare sleep: the one polling loop the test projects share.</summary>
public static class Wait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {within.TotalSeconds:F0} s for: {what}");
            }

            await Task.Delay(Poll);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, within);
    }
}
