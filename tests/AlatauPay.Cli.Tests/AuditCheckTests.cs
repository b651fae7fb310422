using AlatauPay.Api.Tests;
using AlatauPay.Persistence.Postgres;
using AlatauPay.Testing;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Cli.Tests;

/// <summary>
/// <c>alatau audit check</c> on a real store: a ledger the gateway wrote passes, and each invariant, broken by
/// raw SQL past the application (and its triggers), is reported by name with exit code 1. One fresh store per test.
/// </summary>
public abstract class AuditCheckTests : IDisposable
{
    private readonly CliRun cli = new();

    protected abstract Task<(GatewayHost Gateway, string[] Store)> StartAsync();

    protected abstract Task ExecuteAsync(GatewayHost gateway, string sql, object? parameters = null);

    /// <summary>SQL that lets the next statements through the append-only triggers.</summary>
    protected abstract string PastTriggers { get; }

    public void Dispose()
    {
        cli.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task ALedgerTheGatewayWrotePasses()
    {
        var (code, output) = await CheckAfterAsync((_, _) => Task.CompletedTask, acknowledgedUnknown: false);

        Assert.True(code == 0, output);
        Assert.Contains("invariants: clean", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnbalancedEntryIsReported()
    {
        var (code, output) = await CheckAfterAsync((gateway, scenario) => ExecuteAsync(
            gateway,
            $"{PastTriggers} UPDATE ledger_postings SET amount_minor = 1000000 WHERE account LIKE 'revenue:%' AND entry_id = (SELECT id FROM ledger_entries WHERE entry_key = @key);",
            new { key = $"settle:{scenario.SettledInvoice}" }));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL entries-balance", output, StringComparison.Ordinal);
        Assert.Contains("FAIL transparency-log", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoredPaidAmountThatDisagreesWithThePaymentsIsReported()
    {
        var (code, output) = await CheckAfterAsync((gateway, scenario) => ExecuteAsync(
            gateway, "UPDATE invoice_payment_methods SET paid_minor = 1 WHERE invoice_id = @id AND method = 'BTC';", new { id = scenario.SettledInvoice }));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL balances-replay", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASettlementOfAnInvoiceNotSettledIsReported()
    {
        var (code, output) = await CheckAfterAsync((gateway, scenario) => ExecuteAsync(
            gateway, "UPDATE invoices SET status = 'processing' WHERE id = @id;", new { id = scenario.SettledInvoice }));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL one-settlement", output, StringComparison.Ordinal);
        Assert.Contains("is processing with 1 live settlement", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnObservationStoredTwiceUnderAnotherSpellingIsReported()
    {
        var (code, output) = await CheckAfterAsync((gateway, scenario) => ExecuteAsync(
            gateway,
            """
            INSERT INTO chain_payments (chain, txid, output_index, method, destination, amount_minor, invoice_id, first_seen_at, accounted_by)
            SELECT chain, upper(txid), output_index, method, destination, amount_minor, invoice_id, first_seen_at, accounted_by
            FROM chain_payments WHERE txid = @txid;
            """,
            new { txid = scenario.PaymentTxId }));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL one-observation", output, StringComparison.Ordinal);
        Assert.Contains("is stored 2 times", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASettledPaymentWhoseBlockLeftTheChainUnreversedIsReported()
    {
        var (code, output) = await CheckAfterAsync((gateway, scenario) => ExecuteAsync(
            gateway, $"UPDATE chain_blocks SET canonical = {False} WHERE hash = @hash;", new { hash = scenario.PaymentBlock }));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL settled-on-chain", output, StringComparison.Ordinal);
        Assert.Contains("and not reversed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATreeHeadTheEntriesDoNotGiveIsReported()
    {
        var (code, output) = await CheckAfterAsync((gateway, _) => ExecuteAsync(
            gateway,
            "INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, signature) SELECT tree_size, signature, signed_at, key_id, signature FROM tree_heads WHERE tree_size > 0 AND length(signature) >= 32;"
                .Replace("SELECT tree_size, signature,", $"SELECT tree_size, {FirstBytes("signature", 32)},", StringComparison.Ordinal)));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL transparency-log", output, StringComparison.Ordinal);
        Assert.Contains("the entries give", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAcknowledgedInvoiceMissingFromTheStoreIsReported()
    {
        var (code, output) = await CheckAfterAsync((_, _) => Task.CompletedTask, acknowledgedUnknown: true);

        Assert.True(code == 1, output);
        Assert.Contains("FAIL acknowledged-writes", output, StringComparison.Ordinal);
        Assert.Contains("inv_00000000000000000000000000 was acknowledged (created) and is not in the store", output, StringComparison.Ordinal);
    }

    protected virtual string False => "0";

    protected abstract string FirstBytes(string column, int count);

    private async Task<(int Code, string Output)> CheckAfterAsync(Func<GatewayHost, AuditCheckScenario, Task> tamper, bool acknowledgedUnknown = false)
    {
        var (gateway, store) = await StartAsync();
        try
        {
            var scenario = new AuditCheckScenario(gateway);
            await scenario.BuildAsync();
            await tamper(gateway, scenario);
            var acknowledged = cli.PathOf("acknowledged.jsonl");
            var lines = new List<string> { $$"""{"invoiceId":"{{scenario.SettledInvoice}}","status":"settled"}""" };
            if (acknowledgedUnknown)
            {
                lines.Add("""{"invoiceId":"inv_00000000000000000000000000"}""");
            }

            await File.WriteAllLinesAsync(acknowledged, lines);
            return await CliRun.RunAsync(["audit", "check", .. store, "--acknowledged", acknowledged]);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }
}

public sealed class SqliteAuditCheckTests : AuditCheckTests
{
    protected override string PastTriggers => "DROP TRIGGER ledger_postings_no_update;";

    protected override async Task<(GatewayHost Gateway, string[] Store)> StartAsync()
    {
        var gateway = new GatewayHost();
        await gateway.InitializeAsync();
        return (gateway, ["--connection", $"Data Source={gateway.DatabasePath}"]);
    }

    protected override async Task ExecuteAsync(GatewayHost gateway, string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={gateway.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    protected override string FirstBytes(string column, int count) => $"substr({column}, 1, {count})";
}

public sealed class PostgresAuditCheckTests(PostgresAuditCheckTests.Server server) : AuditCheckTests, IClassFixture<PostgresAuditCheckTests.Server>
{
    protected override string PastTriggers => "SET session_replication_role = replica;";

    protected override string False => "false";

    protected override async Task<(GatewayHost Gateway, string[] Store)> StartAsync()
    {
        var database = await server.Postgres.CreateDatabaseAsync("audit");
        var gateway = new PostgresGateway(database);
        await gateway.InitializeAsync();
        return (gateway, ["--provider", "postgres", "--connection", database]);
    }

    protected override async Task ExecuteAsync(GatewayHost gateway, string sql, object? parameters = null)
    {
        await using var connection = await gateway.Services.GetRequiredService<PostgresDatabase>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, parameters);
    }

    protected override string FirstBytes(string column, int count) => $"substring({column} from 1 for {count})";

    /// <summary>One PostgreSQL server for the class; each test takes a database of its own.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public PostgresServer Postgres { get; private set; } = null!;

        public async Task InitializeAsync() => Postgres = await PostgresServer.StartAsync();

        public async Task DisposeAsync() => await Postgres.DisposeAsync();
    }
}
