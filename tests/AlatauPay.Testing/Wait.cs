namespace AlatauPay.Testing;

/// <summary>Waiting for a condition with a deadline, never a bare sleep: the one polling loop the test projects share.</summary>
public static class Wait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        if (!await ForAsync(condition, within))
        {
            throw new TimeoutException($"Waited {within.TotalSeconds:F0} s for: {what}");
        }
    }

    /// <summary>Whether <paramref name="condition"/> came true within <paramref name="within"/>; asked once more at the deadline.</summary>
    public static async Task<bool> ForAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(Poll);
        }

        return true;
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, within);
    }
}
