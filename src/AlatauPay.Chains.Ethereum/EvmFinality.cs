namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// How far the node's <c>finalized</c> block lags its tip, as the watcher last saw it. A payment in a block at
/// or below the finalized one has a depth of at least <see cref="RequiredDepth"/>, so a department that asks
/// for finality needs that depth; the lag is read with every status poll, so it follows the node.
/// </summary>
public sealed class EvmFinality
{
    private long requiredDepth;

    /// <summary>The depth that puts a payment's block at or below the finalized block; null until the node says, or when it cannot.</summary>
    public int? RequiredDepth
    {
        get
        {
            var depth = Interlocked.Read(ref requiredDepth);
            return depth > 0 ? (int)depth : null;
        }
    }

    /// <summary>False once the node answered that it knows no <c>finalized</c> tag.</summary>
    public bool Supported { get; private set; } = true;

    public void Observe(long tipHeight, long finalizedHeight)
    {
        var depth = Math.Clamp(tipHeight - finalizedHeight + 1, 1, int.MaxValue);
        Interlocked.Exchange(ref requiredDepth, depth);
        Supported = true;
    }

    /// <returns>True the first time the node is found without the tag, so that it is logged once.</returns>
    public bool MarkUnsupported()
    {
        Interlocked.Exchange(ref requiredDepth, 0);
        var first = Supported;
        Supported = false;
        return first;
    }
}
