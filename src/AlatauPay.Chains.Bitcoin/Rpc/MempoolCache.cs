namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>
/// The outputs of every mempool transaction already examined, so a poll fetches only transactions that are
/// new since the last one — and an invoice created after a transaction was examined is still matched
/// against it, since every output's script is kept, not only those watched at the time. Pruned to the
/// current mempool on every poll and capped, so a flood of transactions costs fetches, never unbounded memory.
/// </summary>
internal sealed class MempoolCache(int capacity)
{
    private readonly Dictionary<string, TransactionScanner.Output[]> examined = new(StringComparer.Ordinal);

    public int Count => examined.Count;

    public bool TryGet(string txid, out TransactionScanner.Output[] outputs) => examined.TryGetValue(txid, out outputs!);

    public void Remember(string txid, TransactionScanner.Output[] outputs)
    {
        if (examined.Count < capacity)
        {
            examined[txid] = outputs;
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
