using System.Data.Common;
using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>Counts over <c>ix_invoices_status</c>, on a connection of its own (<paramref name="open"/>): it never joins a request's transaction.</summary>
internal sealed class SqlInvoiceCensus(Func<CancellationToken, Task<DbConnection>> open) : IInvoiceCensus
{
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(
            new CommandDefinition("SELECT status, count(*) FROM invoices GROUP BY status", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
    }
}
