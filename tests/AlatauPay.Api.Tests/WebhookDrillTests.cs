using System.Net;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// A bounded webhooks drill: receivers that fail, hang, answer past the timeout or answer 410, beside healthy
/// ones, while the gateway is killed (SIGKILL) and stopped (SIGTERM) between bursts of events. Every event
/// reaches every endpoint that is or becomes healthy, each signed and under one id; the 410 endpoint is
/// disabled after one attempt; the hanging ones never hold up the healthy ones.
/// </summary>
public sealed class WebhookDrillTests : IAsyncLifetime
{
    private static readonly string[] Healthy = ["healthy-a", "healthy-b"];
    private static readonly string[] Recovering = ["failing", "hanging", "slow"];
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-hookdrill-" + Guid.NewGuid().ToString("N"));
    private HostileWebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        receiver = await HostileWebhookReceiver.StartAsync();
        receiver.SlowDelay = TimeSpan.FromSeconds(3);
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task EveryEventReachesEveryHealthyEndpointThroughRestartsAndHostileReceivers()
    {
        receiver.Set("failing", HookBehaviour.Failing);
        receiver.Set("hanging", HookBehaviour.Hanging);
        receiver.Set("slow", HookBehaviour.Slow);
        receiver.Set("gone", HookBehaviour.Gone);
        var ids = new Dictionary<string, string>();
        var invoices = new List<string>();
        var gateway = await GatewayProcess.StartAsync(Settings());
        try
        {
            using (var client = gateway.Client(GatewayHost.AdminKey))
            {
                await client.CreateDepartmentAsync("hook-drill");
                foreach (var name in Healthy.Concat(Recovering).Append("gone"))
                {
                    var (id, secret) = await client.RegisterAsync(receiver.UrlFor(name), "hook-drill");
                    ids[name] = id;
                    receiver.Trust(name, secret);
                }
            }

            for (var burst = 0; burst < 4; burst++)
            {
                using (var client = gateway.Client(GatewayHost.AdminKey))
                {
                    for (var i = 0; i < 5; i++)
                    {
                        invoices.Add((await client.CreateInvoiceAsync("hook-drill"))["id"]!.GetValue<string>());
                    }

                    var expected = invoices.Count;
                    await Eventually.WaitAsync(
                        () => Healthy.All(h => receiver.Acknowledged(h).Count == expected),
                        "the healthy endpoints have every event despite the hanging and failing ones",
                        TimeSpan.FromSeconds(20));
                }

                // Restart mid-flight: the hanging endpoint always holds an attempt open at this moment.
                if (burst % 2 == 0)
                {
                    await gateway.KillAsync();
                }
                else
                {
                    await gateway.TerminateAsync();
                    await gateway.WaitForExitAsync(TimeSpan.FromSeconds(40));
                }

                await gateway.DisposeAsync();
                gateway = await GatewayProcess.StartAsync(Settings());
            }

            foreach (var name in Recovering)
            {
                receiver.Set(name, HookBehaviour.Healthy);
            }

            await Eventually.WaitAsync(
                () => Healthy.Concat(Recovering).All(h => receiver.Acknowledged(h).Count == invoices.Count),
                "every endpoint that recovered has caught up on every event",
                TimeSpan.FromSeconds(60));

            using var final = gateway.Client(GatewayHost.AdminKey);
            var gone = await (await final.GetAsync($"/v1/webhooks/{ids["gone"]}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("disabled", gone["status"]!.GetValue<string>());
            Assert.Single(receiver.For("gone"));
            Assert.All(receiver.All, r => Assert.True(r.SignatureValid, $"{r.Name} got {r.EventId} with a bad signature"));
            Assert.All(receiver.All, r => Assert.Contains($"\"id\":\"{r.EventId}\"", r.Body, StringComparison.Ordinal));
            var eventsPerInvoice = receiver.Acknowledged("healthy-a");
            foreach (var name in Healthy.Concat(Recovering))
            {
                Assert.Equal(eventsPerInvoice.Order(), receiver.Acknowledged(name).Order());
                Assert.All(receiver.For(name).GroupBy(r => r.EventId), g => Assert.Single(g.Select(r => r.Body).Distinct()));
            }

            Assert.True(receiver.For("hanging").Count(r => r.Outcome == HookOutcome.Abandoned) >= 2, "the hanging endpoint was tried again after timing out");
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
        ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
        ["AlatauPay:Chains:BTC:Network"] = "regtest",
        ["AlatauPay:Chains:LTC:Network"] = "regtest",
        ["AlatauPay:Webhooks:InitialBackoff"] = "00:00:00.200",
        ["AlatauPay:Webhooks:MaxBackoff"] = "00:00:01",
        ["AlatauPay:Webhooks:Timeout"] = "00:00:01",
        ["AlatauPay:Webhooks:PollInterval"] = "00:00:00.050",
        ["AlatauPay:ShutdownTimeout"] = "00:00:05",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
