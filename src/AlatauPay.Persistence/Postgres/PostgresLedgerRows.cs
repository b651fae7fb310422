namespace AlatauPay.Persistence.Postgres;

/// <summary>The entry columns of the auditor's reads on this store; the rows themselves are <see cref="LedgerRows"/>.</summary>
internal static class PostgresLedgerRows
{
    public const string EntryColumns =
        """
        e.id AS Id, e.leaf_index AS LeafIndex, e.entry_key AS EntryKey, e.invoice_id AS InvoiceId, e.description AS Description,
        e.effective_at AS EffectiveAt, e.recorded_at AS RecordedAt
        """;
}
