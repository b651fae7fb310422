using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Persistence.Sql;

internal sealed class SqlAuditFacts(IStoreSession session, SqlDialect dialect) : IAuditFacts
{
    public async Task<IReadOnlyList<InvoiceId>> InvoiceIdsAsync(CancellationToken cancellationToken) =>
        await AuditFactRows.InvoiceIdsAsync(await session.ConnectionAsync(cancellationToken), session.Transaction);

    public async Task<IReadOnlyList<SignedTreeHead>> TreeHeadsAsync(CancellationToken cancellationToken) =>
        await AuditFactRows.TreeHeadsAsync(await session.ConnectionAsync(cancellationToken), session.Transaction);

    public async Task<IReadOnlyList<ObservationKey>> ObservationKeysAsync(CancellationToken cancellationToken) =>
        await AuditFactRows.ObservationKeysAsync(await session.ConnectionAsync(cancellationToken), session.Transaction);

    public async Task<IReadOnlyList<EntryChainReference>> ChainReferencesAsync(CancellationToken cancellationToken) =>
        await AuditFactRows.ChainReferencesAsync(await session.ConnectionAsync(cancellationToken), session.Transaction);

    public async Task<IReadOnlyList<StoredBlock>> CanonicalBlocksAsync(CancellationToken cancellationToken) =>
        await AuditFactRows.CanonicalBlocksAsync(await session.ConnectionAsync(cancellationToken), session.Transaction, dialect.IsTrue("canonical"));
}
