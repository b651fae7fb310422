namespace AlatauPay.Application.Chains;

/// <summary>
/// An <see cref="IWatchList"/> of output scripts given as hex, kept as bytes rather than strings: a
/// P2WPKH script costs about a third of what a <c>HashSet&lt;string&gt;</c> of its hex costs, which is what
/// lets a watcher hold every live deposit script in memory. Hex is compared case-insensitively.
/// </summary>
/// <remarks>
/// Not thread-safe: one writer and no concurrent readers while it writes, as a watcher that refreshes its
/// list between blocks uses it. Keys that are not hex, or scripts longer than
/// <see cref="ScriptKey.MaxLength"/> bytes, are kept as lowercase strings instead.
/// </remarks>
public sealed class ScriptWatchList : IWatchList
{
    private readonly HashSet<ScriptKey> scripts = [];
    private readonly HashSet<string> others = new(StringComparer.Ordinal);

    public int Count => scripts.Count + others.Count;

    public IEnumerable<string> Keys => scripts.Select(s => s.ToHex()).Concat(others);

    /// <returns>False when the key was already in the list.</returns>
    public bool Add(string watchKey)
    {
        ArgumentNullException.ThrowIfNull(watchKey);
        return ScriptKey.TryCreate(watchKey, out var key) ? scripts.Add(key) : others.Add(watchKey.ToLowerInvariant());
    }

    /// <returns>False when the key was not in the list.</returns>
    public bool Remove(string watchKey)
    {
        ArgumentNullException.ThrowIfNull(watchKey);
        return ScriptKey.TryCreate(watchKey, out var key) ? scripts.Remove(key) : others.Remove(watchKey.ToLowerInvariant());
    }

    public bool Contains(string watchKey)
    {
        ArgumentNullException.ThrowIfNull(watchKey);
        return ScriptKey.TryCreate(watchKey, out var key)
            ? scripts.Contains(key)
            : others.Count > 0 && others.Contains(watchKey.ToLowerInvariant());
    }

    public void Clear()
    {
        scripts.Clear();
        others.Clear();
    }
}
