namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>
/// The matches of every mempool transaction already examined, so a poll fetches only transactions that are
/// new since the last one. Pruned to the current mempool on every poll and capped, so a flood of
/// transactions costs fetches, never unbounded memory.
/// </summary>
internal sealed class MempoolCache(int capacity)
{
    private static readonly TransactionScanner.Match[] None = [];
    private readonly Dictionary<string, TransactionScanner.Match[]> examined = new(StringComparer.Ordinal);

    public int Count => examined.Count;

    public bool TryGet(string txid, out TransactionScanner.Match[] matches) => examined.TryGetValue(txid, out matches!);

    public void Remember(string txid, List<TransactionScanner.Match> matches)
    {
        if (examined.Count < capacity)
        {
            examined[txid] = matches.Count == 0 ? None : [.. matches];
        }
    }

    public void KeepOnly(IReadOnlySet<string> mempool)
    {
        foreach (var txid in examined.Keys.Where(txid => !mempool.Contains(txid)).ToList())
        {
            examined.Remove(txid);
        }
    }
}
