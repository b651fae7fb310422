using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sql;

internal sealed class SqlEventLog(IStoreSession session, SqlDialect dialect) : IEventLog
{
    private const string Select =
        """
        SELECT ev.id, ev.type, ev.invoice_id AS InvoiceId, i.department_code AS Department, ev.payload, ev.created_at AS CreatedAt
        FROM outbox_events ev LEFT JOIN invoices i ON i.id = ev.invoice_id
        """;

    public async Task<StoredEvent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>($"{Select} WHERE ev.id = @id", new { id }, session.Transaction);
        return row?.ToEvent();
    }

    public async Task<IReadOnlyList<StoredEvent>> ListAsync(
        int limit, string? startingAfter, string? type, IReadOnlySet<string>? departments, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(
            $"""
            {Select}
            WHERE (@after IS NULL OR ev.seq < (SELECT seq FROM outbox_events WHERE id = @after))
              AND (@type IS NULL OR ev.type = @type)
              AND (@unrestricted OR {dialect.In("i.department_code", "@departments")})
            ORDER BY ev.seq DESC LIMIT @limit
            """,
            new { after = startingAfter, type, unrestricted = departments is null, departments = departments?.ToArray() ?? [], limit },
            session.Transaction);
        return [.. rows.Select(r => r.ToEvent())];
    }

    private sealed record EventRow(string Id, string Type, string? InvoiceId, string? Department, string Payload, string CreatedAt)
    {
        public StoredEvent ToEvent() => new(Id, Type, InvoiceId, Department, Payload, StoredValues.Time(CreatedAt));
    }
}
