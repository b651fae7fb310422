using System.Text.Json;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// Invoices and their payment methods on either engine. PostgreSQL adds one step between the two inserts
/// (<see cref="BeforeDepositTargetsAsync"/>); the SQLite store uses this class as it is.
/// </summary>
internal class SqlInvoiceRepository(IStoreSession session, SqlDialect dialect) : IInvoiceRepository
{
    private string SelectInvoice => SelectInvoiceIn(dialect);

    private static string SelectInvoiceIn(SqlDialect dialect) =>
        $"""
        SELECT id, department_code AS Department, service_code AS Service, payer_account AS PayerAccount, payer_name AS PayerName,
               amount_currency AS AmountCurrency, {dialect.Text("amount_minor")} AS AmountMinor, description, metadata_json AS MetadataJson,
               status, flags, created_at AS CreatedAt, expires_at AS ExpiresAt, version, speed_policy AS SpeedPolicy
        FROM invoices
        """;

    public async Task AddAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecutePreparedAsync(
            $"""
            INSERT INTO invoices (id, department_code, service_code, payer_account, payer_name, amount_currency, amount_minor,
                                  description, metadata_json, status, flags, created_at, expires_at, version, speed_policy)
            VALUES (@id, @department, @service, @payerAccount, @payerName, @currency, {dialect.Numeric("@amount")},
                    @description, @metadata, @status, @flags, @createdAt, @expiresAt, @version, @speedPolicy)
            """,
            new
            {
                id = invoice.Id.Value,
                department = invoice.Department.Value,
                service = invoice.Service.Value,
                payerAccount = invoice.Payer.Account,
                payerName = invoice.Payer.Name,
                currency = invoice.Amount.Currency.Code,
                amount = StoredValues.Integer(invoice.Amount.MinorUnits),
                description = invoice.Description,
                metadata = JsonSerializer.Serialize(invoice.Metadata),
                status = invoice.Status.ToName(),
                flags = (long)invoice.Flags,
                createdAt = StoredValues.Time(invoice.CreatedAt),
                expiresAt = StoredValues.Time(invoice.ExpiresAt),
                version = invoice.Version,
                speedPolicy = invoice.SpeedPolicy?.ToName(),
            },
            transaction,
            cancellationToken);

        await BeforeDepositTargetsAsync(cancellationToken);
        await connection.ExecutePreparedAsync(
            $"""
            INSERT INTO invoice_payment_methods (invoice_id, position, method, department_code, rate_units, rate_scale, rate_source,
                                                 quoted_at, due_minor, paid_minor, destination, derivation_index, payment_uri)
            VALUES (@invoice, @position, @method, @department, {dialect.Numeric("@rateUnits")}, @rateScale, @rateSource,
                    @quotedAt, {dialect.Numeric("@due")}, {dialect.Numeric("@paid")}, @destination, @derivationIndex, @paymentUri)
            """,
            invoice.PaymentMethods.Select((m, i) => new
            {
                invoice = invoice.Id.Value,
                position = (long)i,
                method = m.Method.Code,
                department = invoice.Department.Value,
                rateUnits = StoredValues.Integer(m.Quote.Rate.Units),
                rateScale = (long)m.Quote.Rate.Scale,
                rateSource = m.Quote.Source,
                quotedAt = StoredValues.Time(m.Quote.QuotedAt),
                due = StoredValues.Integer(m.Due.MinorUnits),
                paid = StoredValues.Integer(m.Paid.MinorUnits),
                destination = m.Destination,
                derivationIndex = m.DerivationIndex,
                paymentUri = m.PaymentUri,
            }),
            transaction,
            cancellationToken);
    }

    public async Task<Invoice?> FindAsync(InvoiceId id, CancellationToken cancellationToken)
    {
        var found = await LoadAsync($"{SelectInvoice} WHERE id = @id", new { id = id.Value }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<Invoice>> ListAsync(InvoiceFilter filter, int limit, InvoiceId? startingAfter, CancellationToken cancellationToken) =>
        LoadAsync(
            ListSql(dialect, filter, startingAfter is not null),
            new
            {
                department = filter.Department?.Value,
                status = filter.Status?.ToName(),
                departments = filter.Departments?.ToArray() ?? [],
                after = startingAfter?.Value,
                limit,
            },
            cancellationToken);

    /// <summary>
    /// The list's statement, with only the filters given in its WHERE clause. SQLite plans a statement before it
    /// sees a parameter, so a filter written as <c>(@status IS NULL OR status = @status)</c> can use no index:
    /// every list walked the whole table newest first, and the indexes on (department, seq) and (status, seq)
    /// were written with every invoice and never read.
    /// </summary>
    internal static string ListSql(SqlDialect dialect, InvoiceFilter filter, bool afterCursor)
    {
        List<string> conditions = [];
        if (filter.Department is not null)
        {
            conditions.Add("department_code = @department");
        }

        if (filter.Status is not null)
        {
            conditions.Add("status = @status");
        }

        if (filter.Departments is not null)
        {
            conditions.Add(dialect.In("department_code", "@departments"));
        }

        if (afterCursor)
        {
            conditions.Add("seq < (SELECT seq FROM invoices WHERE id = @after)");
        }

        var where = conditions.Count == 0 ? "" : $"WHERE {string.Join(" AND ", conditions)}";
        return $"{SelectInvoiceIn(dialect)} {where} ORDER BY seq DESC LIMIT @limit";
    }

    public async Task UpdateAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            "UPDATE invoices SET status = @status, flags = @flags, version = version + 1 WHERE id = @id AND version = @version",
            new { id = invoice.Id.Value, status = invoice.Status.ToName(), flags = (long)invoice.Flags, version = invoice.Version },
            transaction);
        if (updated == 0)
        {
            throw new ConcurrentUpdateException($"Invoice {invoice.Id} changed since version {invoice.Version} was read.");
        }

        await connection.ExecuteAsync(
            $"UPDATE invoice_payment_methods SET paid_minor = {dialect.Numeric("@paid")} WHERE invoice_id = @id AND method = @method",
            invoice.PaymentMethods.Select(m => new { id = invoice.Id.Value, method = m.Method.Code, paid = StoredValues.Integer(m.Paid.MinorUnits) }),
            transaction);
    }

    public async Task<IReadOnlyList<DueInvoice>> ListDueForExpiryAsync(
        DateTimeOffset now, DueInvoice? after, int limit, CancellationToken cancellationToken)
    {
        // Keyset order, so that a pass moves on past invoices a payment keeps open. With no cursor, the empty
        // strings sort before every stored time and id.
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string ExpiresAt)>(
            """
            SELECT id, expires_at FROM invoices
            WHERE status IN ('new', 'processing') AND expires_at <= @now
              AND (expires_at > @afterTime OR (expires_at = @afterTime AND id > @afterId))
            ORDER BY expires_at, id LIMIT @limit
            """,
            new
            {
                now = StoredValues.Time(now),
                afterTime = after is null ? string.Empty : StoredValues.Time(after.ExpiresAt),
                afterId = after?.Id.Value ?? string.Empty,
                limit,
            },
            session.Transaction);
        return [.. rows.Select(row => new DueInvoice(InvoiceId.Parse(row.Id), StoredValues.Time(row.ExpiresAt)))];
    }

    /// <summary>Runs between the invoice's insert and its payment methods' (the deposit targets), in the same transaction.</summary>
    protected virtual ValueTask BeforeDepositTargetsAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private async Task<IReadOnlyList<Invoice>> LoadAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<InvoiceRow>(sql, parameters, session.Transaction)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var methods = (await connection.QueryAsync<MethodRow>(
            $"""
            SELECT invoice_id AS InvoiceId, method, {dialect.Text("rate_units")} AS RateUnits, rate_scale AS RateScale, rate_source AS RateSource,
                   quoted_at AS QuotedAt, {dialect.Text("due_minor")} AS DueMinor, {dialect.Text("paid_minor")} AS PaidMinor, destination,
                   derivation_index AS DerivationIndex, payment_uri AS PaymentUri
            FROM invoice_payment_methods WHERE {dialect.In("invoice_id", "@ids")} ORDER BY position
            """,
            new { ids = rows.Select(r => r.Id).ToArray() },
            session.Transaction)).ToLookup(m => m.InvoiceId);
        return [.. rows.Select(r => r.ToInvoice(methods[r.Id]))];
    }

    private sealed record InvoiceRow(
        string Id, string Department, string Service, string PayerAccount, string? PayerName, string AmountCurrency, string AmountMinor,
        string? Description, string MetadataJson, string Status, long Flags, string CreatedAt, string ExpiresAt, long Version, string? SpeedPolicy)
    {
        public Invoice ToInvoice(IEnumerable<MethodRow> methods)
        {
            var amount = new Money(Currency.Parse(AmountCurrency), StoredValues.Int128(AmountMinor));
            return Invoice.Restore(new InvoiceData(
                InvoiceId.Parse(Id),
                new DepartmentCode(Department),
                new ServiceCode(Service),
                new Payer(PayerAccount, PayerName),
                amount,
                Description,
                JsonSerializer.Deserialize<Dictionary<string, string>>(MetadataJson) ?? [],
                StoredValues.Time(CreatedAt),
                StoredValues.Time(ExpiresAt),
                [.. methods.Select(m => m.ToPaymentMethod(amount))],
                InvoiceVocabulary.ParseStatus(Status),
                (AdditionalStatus)Flags,
                (int)Version,
                SpeedPolicy is null ? null : SpeedPolicies.Parse(SpeedPolicy)));
        }
    }

    private sealed record MethodRow(
        string InvoiceId, string Method, string RateUnits, long RateScale, string RateSource, string QuotedAt,
        string DueMinor, string PaidMinor, string Destination, long? DerivationIndex, string PaymentUri)
    {
        public PaymentMethodDue ToPaymentMethod(Money invoiceAmount)
        {
            var currency = Currency.Parse(Method);
            var rate = new ExchangeRate(currency, invoiceAmount.Currency, StoredValues.BigInteger(RateUnits), (int)RateScale);
            var quote = new Quote(rate, RateSource, StoredValues.Time(QuotedAt), new Money(currency, StoredValues.Int128(DueMinor)));
            return new PaymentMethodDue(quote, Destination, PaymentUri, DerivationIndex, new Money(currency, StoredValues.Int128(PaidMinor)));
        }
    }
}
