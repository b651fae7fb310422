namespace AlatauPay.Application.Chains.Watching;

/// <summary>
/// Every live deposit destination of one chain, by watch key. Matching a block costs one hash lookup per
/// output, whatever the number of invoices. Only the watcher's loop writes it; node adapters read it.
/// </summary>
public sealed class WatchList : IWatchList
{
    private HashSet<string> keys = new(StringComparer.Ordinal);

    public int Count => keys.Count;

    public bool Contains(string watchKey) => keys.Contains(watchKey);

    public void Add(string watchKey) => keys.Add(watchKey);

    /// <summary>Swaps in a freshly built set, dropping destinations no longer worth watching.</summary>
    public void Replace(IEnumerable<string> watchKeys) => keys = new HashSet<string>(watchKeys, StringComparer.Ordinal);
}
