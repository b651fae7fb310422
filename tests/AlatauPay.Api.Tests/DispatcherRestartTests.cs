namespace AlatauPay.Api.Tests;

/// <summary>The gateway is killed with deliveries pending and started again on the same database.</summary>
public sealed class DispatcherRestartTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-restart-" + Guid.NewGuid().ToString("N"));
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task NothingIsLostAndNothingSucceedsTwice()
    {
        receiver.Set("restart", ReceiverMode.Fail);
        List<string> invoices;
        string webhookId;
        await using (var first = await GatewayProcess.StartAsync(Settings()))
        {
            using var client = first.Client(GatewayHost.AdminKey);
            await client.CreateDepartmentAsync("restart");
            (webhookId, _) = await client.RegisterAsync(receiver.UrlFor("restart"), "restart");
            invoices = [];
            for (var i = 0; i < 5; i++)
            {
                invoices.Add((await client.CreateInvoiceAsync("restart"))["id"]!.GetValue<string>());
            }

            await Eventually.WaitAsync(() => receiver.For("restart").Count >= 3, "three failed attempts before the kill");
            await first.KillAsync();
        }

        var failedBeforeKill = receiver.For("restart").Count;
        receiver.Set("restart", ReceiverMode.Ok);
        await using var second = await GatewayProcess.StartAsync(Settings());
        using var restarted = second.Client(GatewayHost.AdminKey);

        await Eventually.WaitAsync(() => receiver.For("restart").Count(r => r.Succeeded) >= 5, "all five delivered after the restart", TimeSpan.FromSeconds(30));
        var successes = receiver.For("restart").Where(r => r.Succeeded).ToList();
        Assert.Equal(5, successes.Count);
        Assert.Equal(5, successes.Select(r => r.Id).Distinct().Count());
        Assert.Equal(invoices, successes.Select(r => invoices.Single(id => r.Body.Contains(id, StringComparison.Ordinal))));
        var head = (await restarted.DeliveriesAsync(webhookId))[^1]!["attempts"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, head.Count), head.Select(a => a!["number"]!.GetValue<int>()));
        Assert.True(head.Count(a => a!["statusCode"]?.GetValue<int>() == 500) >= failedBeforeKill - 1, "the attempts made before the kill are kept");
        Assert.Equal(200, head[^1]!["statusCode"]!.GetValue<int>());
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
        ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
        ["AlatauPay:Chains:BTC:Network"] = "regtest",
        ["AlatauPay:Chains:LTC:Network"] = "regtest",
        ["AlatauPay:Webhooks:InitialBackoff"] = "00:00:00.200",
        ["AlatauPay:Webhooks:MaxBackoff"] = "00:00:00.400",
        ["AlatauPay:Webhooks:PollInterval"] = "00:00:00.050",
        ["AlatauPay:Webhooks:AllowPrivateNetworks"] = "true", // receivers listen on loopback
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
