using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

/// <summary>Counts over <c>ix_invoices_status</c>, on a connection of its own: it never joins a request's transaction.</summary>
public sealed class PostgresInvoiceCensus(PostgresDatabase database) : IInvoiceCensus
{
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(
            new CommandDefinition("SELECT status, count(*) FROM invoices GROUP BY status", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
    }
}
