using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// What a fleet of gateway processes is tested against, shared by a test class: one PostgreSQL server, one
/// redis-server, a Litecoin regtest node past MWEB activation and an anvil devnet with the contracts.
/// Each test takes a database of its own, a Redis key prefix of its own (<see cref="GatewayFleet"/>) and a
/// department with a Litecoin account key of its own, so no test sees another's payments. Tests in the
/// collection run one at a time, so one of them may crash PostgreSQL or kill Redis (and bring it back).
/// </summary>
public sealed class PaymentChains : IAsyncLifetime
{
    public const string Collection = "payment chains";

    public const string Treasury = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public RegtestNode Litecoin { get; private set; } = null!;

    public EvmDevnet Ethereum { get; } = new();

    /// <summary>Gateway settings that watch both chains, polling often.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(Litecoin.Configuration.Concat(Ethereum.Configuration))
    {
        ["AlatauPay:Chains:LTC:Watch:PollInterval"] = "00:00:00.100",
        ["AlatauPay:Chains:ETH:Watch:PollInterval"] = "00:00:00.100",
    };

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        Litecoin = await RegtestNode.StartAsync(RegtestDaemon.Litecoin);
        await Litecoin.EnsureMwebActiveAsync();
        await Ethereum.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Ethereum.DisposeAsync();
        if (Litecoin is not null)
        {
            await Litecoin.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    /// <summary>A department taking LTC (on an account key of its own) and ETH.</summary>
    public static async Task CreateDepartmentAsync(HttpClient client, string code)
    {
        var body = new JsonObject
        {
            ["code"] = code,
            ["name"] = "Alatau Water",
            ["services"] = new JsonArray(new JsonObject { ["code"] = "cold-water", ["name"] = "Cold water" }),
            ["wallets"] = new JsonObject
            {
                ["LTC"] = new JsonObject { ["xpub"] = TestKeys.RegtestTpubFor(code) },
                ["ETH"] = new JsonObject { ["treasury"] = Treasury },
            },
            ["speedPolicy"] = "medium",
        };
        await (await client.PostJsonAsync("/v1/departments", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>An invoice payable in <paramref name="method"/> only: its id, where to pay and how much in the smallest unit.</summary>
    public static async Task<ChainBill> CreateInvoiceAsync(HttpClient client, string department, string method)
    {
        var invoice = await (await client.PostJsonAsync("/v1/invoices", Requests.Invoice(department, "12345.67", method).ToJsonString()))
            .ExpectAsync(HttpStatusCode.Created);
        var payable = invoice["paymentMethods"]![0]!;
        var due = payable["due"]!["value"]!.GetValue<string>();
        return new ChainBill(
            invoice["id"]!.GetValue<string>(),
            method,
            payable["destination"]!.GetValue<string>(),
            BigInteger.Parse(due.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
            due);
    }

    /// <summary>Pays the bill exactly, from the node's wallet (LTC) or a funded account (ETH); returns the transaction id.</summary>
    public async Task<string> PayAsync(ChainBill bill)
    {
        ArgumentNullException.ThrowIfNull(bill);
        if (bill.Method == "LTC")
        {
            return await Litecoin.SendAsync(bill.Address, decimal.Parse(bill.DueText, CultureInfo.InvariantCulture));
        }

        var receipt = await Ethereum.Anvil.SendAsync(Ethereum.Resident, bill.Address, bill.Due);
        return receipt.GetProperty("transactionHash").GetString()!;
    }

    /// <summary>Mines enough on both chains for what was paid to reach the medium policy's depth (LTC 1, ETH 12).</summary>
    public async Task ConfirmAsync()
    {
        await Litecoin.MineAsync(1);
        await Ethereum.Anvil.MineAsync(12);
    }
}

[CollectionDefinition(PaymentChains.Collection)]
public sealed class PaymentChainsCollection : ICollectionFixture<PaymentChains>;

/// <summary>An invoice payable in one method: the due in that method's smallest unit, and as the API writes it.</summary>
public sealed record ChainBill(string Id, string Method, string Address, BigInteger Due, string DueText);
