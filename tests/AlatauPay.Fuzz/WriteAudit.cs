using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AlatauPay.Fuzz;

/// <summary>
/// After the run, storage must hold exactly what the 2xx answers acknowledged (plus what seeding made),
/// and no row may hang off a parent that does not exist: no partial writes.
/// </summary>
public static class WriteAudit
{
    /// <summary>Each query counts rows that should not exist; <c>{int}</c> is the store's exact integer type.</summary>
    private static readonly (string Name, string Sql)[] Orphans =
    [
        ("department services without a department", "SELECT count(*) FROM department_services s WHERE NOT EXISTS (SELECT 1 FROM departments d WHERE d.code = s.department_code)"),
        ("department wallets without a department", "SELECT count(*) FROM department_wallets w WHERE NOT EXISTS (SELECT 1 FROM departments d WHERE d.code = w.department_code)"),
        ("departments without a service", "SELECT count(*) FROM departments d WHERE NOT EXISTS (SELECT 1 FROM department_services s WHERE s.department_code = d.code)"),
        ("invoices without a department", "SELECT count(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM departments d WHERE d.code = i.department_code)"),
        ("invoices without a payment method", "SELECT count(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM invoice_payment_methods m WHERE m.invoice_id = i.id)"),
        ("payment methods without an invoice", "SELECT count(*) FROM invoice_payment_methods m WHERE NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = m.invoice_id)"),
        ("invoices without their invoice.created event", "SELECT count(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.invoice_id = i.id)"),
        ("events about an invoice that does not exist", "SELECT count(*) FROM outbox_events e WHERE e.invoice_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = e.invoice_id)"),
        ("ledger postings without an entry", "SELECT count(*) FROM ledger_postings p WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.id = p.entry_id)"),
        ("ledger entries without postings", "SELECT count(*) FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger_postings p WHERE p.entry_id = e.id)"),
        ("unbalanced ledger entries", "SELECT count(*) FROM (SELECT entry_id, currency, sum(CASE side WHEN 'debit' THEN CAST(amount_minor AS {int}) ELSE -CAST(amount_minor AS {int}) END) AS net FROM ledger_postings GROUP BY entry_id, currency) AS nets WHERE net <> 0"),
        ("webhook deliveries without an endpoint or event", "SELECT count(*) FROM webhook_deliveries d WHERE NOT EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = d.endpoint_id) OR NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.id = d.event_id)"),
        ("idempotency records of failed writes stored as successes", "SELECT count(*) FROM idempotency_records WHERE status >= 500"),
    ];

    public static async Task CheckAsync(FuzzGateway gateway, FuzzReport report, CancellationToken cancellationToken)
    {
        await using var connection = Open(gateway);
        await connection.OpenAsync(cancellationToken);
        var exactInteger = gateway.Store == FuzzStore.Postgres ? "numeric" : "INTEGER";

        // Seeding made one of each before the run.
        Expect("departments", await CountAsync(connection, "SELECT count(*) FROM departments", cancellationToken), 1 + report.Acknowledged(Write.Department));
        Expect("invoices", await CountAsync(connection, "SELECT count(*) FROM invoices", cancellationToken), 1 + report.Acknowledged(Write.Invoice));
        Expect("webhook endpoints", await CountAsync(connection, "SELECT count(*) FROM webhook_endpoints", cancellationToken), 1 + report.Acknowledged(Write.Webhook));
        Expect("API keys", await CountAsync(connection, "SELECT count(*) FROM api_keys", cancellationToken), 1 + report.Acknowledged(Write.ApiKey));
        var entries = await CountAsync(connection, "SELECT count(*) FROM ledger_entries", cancellationToken);
        report.AuditFigures.Add($"ledger entries after the run: {entries} (no payment is made, so none is expected)");
        Expect("ledger entries", entries, 0);

        var orphans = 0L;
        foreach (var (name, sql) in Orphans)
        {
            var count = await CountAsync(connection, sql.Replace("{int}", exactInteger, StringComparison.Ordinal), cancellationToken);
            orphans += count;
            if (count != 0)
            {
                report.AuditFindings.Add($"{count} {name}");
            }
        }

        report.AuditFigures.Add($"orphan or unbalanced rows: {orphans} over {Orphans.Length} checks");

        void Expect(string what, long actual, long expected)
        {
            report.AuditFigures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {actual} stored, {expected} acknowledged"));
            if (actual != expected)
            {
                report.AuditFindings.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {actual} stored but {expected} acknowledged (a partial or unacknowledged write)"));
            }
        }
    }

    /// <summary>A read-only connection to the store the gateway wrote, outside the gateway's own pools.</summary>
    private static DbConnection Open(FuzzGateway gateway) => gateway.Store switch
    {
        FuzzStore.Postgres => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(gateway.ConnectionString) { Pooling = false }.ConnectionString),
        _ => new SqliteConnection(new SqliteConnectionStringBuilder(gateway.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString),
    };

    private static async Task<long> CountAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
