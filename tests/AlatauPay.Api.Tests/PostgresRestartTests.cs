using System.Net;
using System.Text.Json.Nodes;
using Dapper;

namespace AlatauPay.Api.Tests;

/// <summary>
/// PostgreSQL crashes (<c>pg_ctl stop -m immediate</c>) and comes back while two gateway instances take a steady
/// stream of invoices and a payment confirms: nothing acknowledged is lost, nothing is created twice, and the
/// outage is answered with a clean 503. The stop and the start are separate steps of one immediate restart, so
/// the outage lasts until clients have met it.
/// </summary>
[Collection(PaymentChains.Collection)]
public sealed class PostgresRestartTests(PaymentChains chains)
{
    private const string Department = "pg-restart";

    [Fact]
    public async Task NothingAcknowledgedIsLostNothingIsDuplicatedAndTheOutageIsAClean503()
    {
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("restart"), extra: chains.Settings);
        await fleet.AddAsync(1);
        var clients = fleet.Instances.Select(fleet.Client).ToList();
        await PaymentChains.CreateDepartmentAsync(clients[0], Department);
        var settledBefore = await PayAndConfirmAsync(clients[0]);
        await WaitUntilSettledAsync(clients[1], settledBefore);
        var ledgerBefore = await LedgerAsync(fleet);
        var paidDuringOutage = await PaymentChains.CreateInvoiceAsync(clients[1], Department, "LTC");
        await chains.PayAsync(paidDuringOutage);

        var load = InvoiceLoad.Start(clients, Department);
        await Eventually.WaitAsync(() => load.AcknowledgedCount >= 10, "ten invoices are acknowledged before the crash", TimeSpan.FromSeconds(30));
        await chains.Postgres.StopAsync();
        try
        {
            await chains.ConfirmAsync();
            await Eventually.WaitAsync(() => load.Refusals.Count >= 4, "clients meet the outage", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await chains.Postgres.LaunchAsync();

            // This process's own pooled connections died with the server; the next test class must not get one.
            Npgsql.NpgsqlConnection.ClearAllPools();
        }

        var atRestart = load.AcknowledgedCount;
        await Eventually.WaitAsync(() => load.AcknowledgedCount >= atRestart + 10, "ten more invoices are acknowledged after the restart", TimeSpan.FromSeconds(45));
        await load.StopAsync();

        Assert.All(load.Refusals, refusal => Assert.True(
            refusal is { Status: HttpStatusCode.ServiceUnavailable, Code: "storage-unavailable", RetryAfter: > 0 },
            $"During the outage a create was answered {refusal}"));
        await AssertEveryAcknowledgedInvoiceIsStoredOnceAsync(fleet, load);
        var ledgerAfter = await LedgerAsync(fleet);
        Assert.Empty(ledgerBefore.Except(ledgerAfter));
        await WaitUntilSettledAsync(clients[0], [paidDuringOutage.Id]);
        await using var connection = await fleet.OpenDatabaseAsync();
        var settled = settledBefore.Append(paidDuringOutage.Id).ToList();
        Assert.All(await connection.EntryKeysAsync(settled), pair => Assert.Equal([$"settle:{pair.Key}"], pair.Value));
        Assert.All(await connection.ObservationsAsync(settled), pair => Assert.Single(pair.Value));
        await connection.AssertLedgerBalancedAsync();
    }

    private async Task<List<string>> PayAndConfirmAsync(HttpClient client)
    {
        var bills = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var bill = await PaymentChains.CreateInvoiceAsync(client, Department, "LTC");
            await chains.PayAsync(bill);
            bills.Add(bill.Id);
        }

        await chains.ConfirmAsync();
        return bills;
    }

    private static async Task WaitUntilSettledAsync(HttpClient client, IReadOnlyList<string> invoices) =>
        await Eventually.WaitAsync(
            async () =>
            {
                foreach (var id in invoices)
                {
                    var response = await client.GetAsync($"/v1/invoices/{id}");
                    if (response.StatusCode != HttpStatusCode.OK || (await response.ReadJsonAsync())["status"]!.GetValue<string>() != "settled")
                    {
                        return false;
                    }
                }

                return true;
            },
            $"{string.Join(", ", invoices)} are settled",
            TimeSpan.FromSeconds(45));

    /// <summary>Each ledger entry with its postings as one line of text, to compare before and after.</summary>
    private static async Task<List<string>> LedgerAsync(GatewayFleet fleet)
    {
        await using var connection = await fleet.OpenDatabaseAsync();
        return [.. await connection.QueryAsync<string>(
            """
            SELECT e.id || ' ' || e.entry_key || ' ' || e.effective_at || ' ' || e.recorded_at || ' ' ||
                   string_agg(p.line || ':' || p.account || ':' || p.side || ':' || p.currency || ':' || p.amount_minor, ' ' ORDER BY p.line)
            FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
            GROUP BY e.id ORDER BY e.id
            """)];
    }

    private static async Task AssertEveryAcknowledgedInvoiceIsStoredOnceAsync(GatewayFleet fleet, InvoiceLoad load)
    {
        await using var connection = await fleet.OpenDatabaseAsync();
        var stored = (await connection.QueryAsync<(string Id, string Metadata)>(
            "SELECT id, metadata_json FROM invoices WHERE department_code = @Department", new { Department }))
            .Select(row => (row.Id, Bill: JsonNode.Parse(row.Metadata)?["bill"]?.GetValue<string>()))
            .Where(row => row.Bill?.StartsWith("load-", StringComparison.Ordinal) == true)
            .ToList();
        var byKey = stored.GroupBy(row => row.Bill!).ToDictionary(g => g.Key, g => g.Select(row => row.Id).ToList());

        Assert.Equal(load.Acknowledged.Keys.Order(), byKey.Keys.Order());
        foreach (var (key, (via, created)) in load.Acknowledged)
        {
            var id = Assert.Single(byKey[key]);
            Assert.Equal(created["id"]!.GetValue<string>(), id);
            var fetched = await (await via.GetAsync($"/v1/invoices/{id}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(created.ToJsonString(), fetched.ToJsonString());
        }
    }
}
