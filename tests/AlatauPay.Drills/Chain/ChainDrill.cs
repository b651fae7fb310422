using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using AlatauPay.Cli.Audit;
using AlatauPay.Persistence;
using AlatauPay.Testing;

namespace AlatauPay.Drills.Chain;

/// <summary>How long and how hard the chain drill runs.</summary>
/// <param name="Rounds">Rounds of payments and faults.</param>
/// <param name="Seed">Seeds every random choice, so a run that found something can be repeated.</param>
public sealed record ChainDrillOptions(int Rounds, int Seed, int MaxInvoicesPerRound = 3)
{
    /// <summary>Litecoin coins set aside: more than the rounds' payments, counting those made during proxy faults.</summary>
    public int Payments => 20 + (Rounds * (MaxInvoicesPerRound + 6));
}

/// <summary>
/// The chain drill: invoices are created and paid on regtest and anvil while the chains reorganise at random
/// depths from 1 to 6 (the competing branch carrying the payments again, holding them back, or
/// double-spending them), nodes stop and restart, and the proxies between gateway and nodes delay answers
/// past the gateway's RPC timeout, swallow requests or reset connections. Then the faults stop, both chains
/// are mined past every confirmation policy, and each invoice is held to what the nodes say: paid by a
/// transaction on the canonical chain means settled exactly once; otherwise not settled, any settlement
/// reversed. Every ledger entry must balance.
/// </summary>
public sealed class ChainDrill(ChainDrillRig rig, ChainDrillOptions options, Action<string> log)
{
    private static readonly string[] LitecoinPolicies = ["high", "medium", "low-medium", "low"];
    private static readonly string[] EthereumPolicies = ["high", "medium"];
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private readonly HashSet<string> faults = [.. (Environment.GetEnvironmentVariable("ALATAU_CHAIN_DRILL_FAULTS") ?? "reorg,restart,proxy").Split(',')];

    private readonly Random random = new(options.Seed);
    private readonly List<DrillInvoice> invoices = [];
    private readonly List<ReorgRecord> reorgs = [];
    private readonly ChainDrillReport report = new();

    public async Task<ChainDrillReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= options.Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RoundAsync();
            if (round % 5 == 0)
            {
                log($"round {round}/{options.Rounds}: {invoices.Count} invoices, {reorgs.Count} reorgs, {report.NodeRestarts} node restarts, {report.ProxyFaults} proxy faults");
            }
        }

        report.FaultPhase = clock.Elapsed;
        await SettleDownAsync();
        log($"faults stopped after {report.FaultPhase.TotalSeconds:F0} s; watchers at the tips {clock.Elapsed.TotalSeconds:F0} s in");
        await JudgeAsync();
        var invariants = await CheckCommand.RunAsync(
            new StorageOptions { Provider = "sqlite", ConnectionString = rig.StorageConnectionString }, [], rig.ChainSettings, CancellationToken.None);
        report.InvariantVerdict = invariants.Verdict;
        report.Violations.AddRange(invariants.Results.Where(r => !r.Holds).SelectMany(r => r.Violations.Select(v => $"{r.Name}: {v}")));
        report.Invoices = invoices.Count;
        report.Payments = invoices.Count(i => i.Payment is not null);
        report.Reorgs = reorgs;
        report.DelayedAnswers = rig.LitecoinProxy.DelayedAnswers + rig.EthereumProxy.DelayedAnswers;
        report.ResetConnections = rig.LitecoinProxy.ResetConnections + rig.EthereumProxy.ResetConnections;
        report.SwallowedRequests = rig.LitecoinProxy.SwallowedRequests + rig.EthereumProxy.SwallowedRequests;
        report.Duration = clock.Elapsed;
        log(report.Summary());
        return report;
    }

    private async Task RoundAsync()
    {
        for (var i = random.Next(1, options.MaxInvoicesPerRound + 1); i > 0; i--)
        {
            await CreateAndPayAsync();
        }

        await rig.Litecoin.Node.MineAsync(random.Next(0, 3));
        await rig.Devnet.Anvil.MineAsync(random.Next(1, 3));
        if (random.NextDouble() < 0.5)
        {
            // Let the gateway catch up now and then, so the next reorg takes back blocks it has processed.
            await CatchUpAsync(TimeSpan.FromSeconds(3));
        }

        if (random.NextDouble() < 0.6 && faults.Contains("reorg"))
        {
            reorgs.Add(await rig.Litecoin.ReorgAsync(random.Next(1, 7), RandomKind()));
        }

        if (random.NextDouble() < 0.6 && faults.Contains("reorg"))
        {
            reorgs.Add(await rig.Ethereum.ReorgAsync(random.Next(1, 7), RandomKind()));
        }

        if (random.NextDouble() < 0.35 && faults.Contains("proxy"))
        {
            await ProxyFaultAsync();
        }

        if (random.NextDouble() < 0.12 && faults.Contains("restart"))
        {
            report.NodeRestarts++;
            if (random.NextDouble() < 0.5)
            {
                await rig.Litecoin.RestartAsync();
            }
            else
            {
                await rig.Ethereum.RestartAsync();
                log($"anvil restarted; USDT has {await rig.Ethereum.CodeSizeAsync(rig.Devnet.Usdt)} bytes of code");
            }
        }

        if (random.NextDouble() < 0.3)
        {
            await rig.Litecoin.ReleaseHeldAsync();
            await rig.Ethereum.ReleaseHeldAsync();
        }
    }

    private async Task CreateAndPayAsync()
    {
        var method = random.Next(3) switch { 0 => "ETH", 1 => "USDT", _ => "LTC" };
        var policies = method == "LTC" ? LitecoinPolicies : EthereumPolicies;
        var invoice = await rig.CreateInvoiceAsync(method, policies[random.Next(policies.Length)]);
        invoices.Add(invoice);
        if (random.NextDouble() < 0.15)
        {
            return;
        }

        invoice.Payment = method switch
        {
            "LTC" => await rig.Litecoin.PayAsync(invoice.Address, decimal.Parse(invoice.Due, CultureInfo.InvariantCulture)),
            "ETH" => await rig.Ethereum.PayEtherAsync(invoice.Address, MinorUnits(invoice.Due, 18)),
            _ => await rig.Ethereum.PayTokenAsync(rig.Devnet.Usdt, invoice.Address, MinorUnits(invoice.Due, 6)),
        };
    }

    private async Task ProxyFaultAsync()
    {
        var proxy = random.NextDouble() < 0.5 ? rig.LitecoinProxy : rig.EthereumProxy;
        proxy.AnswerDelay = ChainDrillRig.RpcTimeout * 2;
        proxy.FaultRate = random.NextDouble() < 0.5 ? 1 : 0.3;
        proxy.Fault = random.Next(3) switch { 0 => RpcFault.DelayAnswers, 1 => RpcFault.Hang, _ => RpcFault.Refuse };
        report.ProxyFaults++;

        // The fault's duration, not a synchronisation: payments and blocks keep coming meanwhile.
        var until = Stopwatch.StartNew();
        var window = TimeSpan.FromMilliseconds(random.Next(1_000, 4_000));
        while (until.Elapsed < window)
        {
            await CreateAndPayAsync();
            await rig.Devnet.Anvil.MineAsync(1);
            await Task.Delay(400);
        }

        proxy.Fault = RpcFault.None;
    }

    /// <summary>Faults off, held payments back, both chains mined past every confirmation policy, watchers at the tips.</summary>
    private async Task SettleDownAsync()
    {
        rig.LitecoinProxy.Fault = RpcFault.None;
        rig.EthereumProxy.Fault = RpcFault.None;
        await rig.Litecoin.ReleaseHeldAsync();
        await rig.Ethereum.ReleaseHeldAsync();
        await rig.Litecoin.Node.MineAsync(7);
        await rig.Devnet.Anvil.MineAsync(13);
        if (!await CatchUpAsync(SettleTimeout))
        {
            report.Violations.Add("the watchers did not reach the nodes' tips after the faults stopped");
        }
    }

    /// <returns>Whether both watchers reached their node's tip within <paramref name="within"/>.</returns>
    private Task<bool> CatchUpAsync(TimeSpan within) => Wait.ForAsync(
        async () =>
        {
            var litecoinTip = await rig.Litecoin.Node.GetBestBlockHashAsync();
            var ethereumTip = (await rig.Devnet.Anvil.CallAsync("eth_getBlockByNumber", "latest", false)).GetProperty("hash").GetString();
            return await rig.ProcessedHashAsync("LTC") == litecoinTip && await rig.ProcessedHashAsync("ETH") == ethereumTip;
        },
        within);

    /// <summary>Holds every invoice to what the nodes say, waiting (bounded) for the gateway to get there.</summary>
    private async Task JudgeAsync()
    {
        var expectations = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var invoice in invoices)
        {
            expectations[invoice.Id] = await IsPaidOnChainAsync(invoice);
        }

        report.CanonicalPayments = expectations.Values.Count(v => v == true);
        report.LostPayments = expectations.Values.Count(v => v == false) - invoices.Count(i => i.Payment is null);
        IReadOnlyList<string> wrong = [];
        await Wait.ForAsync(async () => (wrong = await MismatchesAsync(expectations)).Count == 0, SettleTimeout);

        report.Violations.AddRange(wrong);
        report.Violations.AddRange(await new ChainDrillLedger(rig).CheckAsync(invoices, expectations));
        foreach (var invoice in invoices.Where(i => i.Payment is not null && report.Violations.Any(v => v.Contains(i.Id, StringComparison.Ordinal))))
        {
            var history = reorgs.Where(r => r.Payments.Contains(invoice.Payment!, StringComparer.OrdinalIgnoreCase)).Select(r => $"{r.Kind} depth {r.Depth}");
            log($"{invoice.Id} payment {invoice.Payment} went through: {string.Join(", ", history)}");
        }

        report.Settled = expectations.Values.Count(v => v == true);
    }

    /// <returns>True: paid by a canonical transaction past every policy; false: not paid; null: still in the mempool.</returns>
    private async Task<bool?> IsPaidOnChainAsync(DrillInvoice invoice)
    {
        if (invoice.Payment is null)
        {
            return false;
        }

        if (invoice.Method == "LTC")
        {
            var confirmations = await rig.Litecoin.ConfirmationsAsync(invoice.Payment);
            return confirmations switch { >= 6 => true, < 0 => false, _ => null };
        }

        return await rig.Ethereum.ConfirmationsAsync(invoice.Payment, invoice.Method == "USDT" ? rig.Devnet.Usdt : null) >= 13;
    }

    private async Task<IReadOnlyList<string>> MismatchesAsync(Dictionary<string, bool?> expectations)
    {
        var wrong = new List<string>();
        foreach (var invoice in invoices)
        {
            if (expectations[invoice.Id] is not { } paid)
            {
                continue;
            }

            // Decision 5: money that becomes final on an invoice already invalid (or expired) is not settled
            // but posted to the payer's credit; the ledger check makes sure it is.
            var status = (await rig.GetInvoiceAsync(invoice.Id))["status"]!.GetValue<string>();
            var expected = paid ? ["settled", "invalid", "expired"] : new[] { "new", "processing", "invalid" };
            if (!expected.Contains(status))
            {
                wrong.Add($"{invoice.Id} ({invoice.Method}, {invoice.SpeedPolicy}, payment {invoice.Payment ?? "none"}) is {status}, but the node says it is {(paid ? "" : "not ")}paid");
            }
        }

        return wrong;
    }

    private ReorgKind RandomKind() => random.Next(10) switch
    {
        < 5 => ReorgKind.Remine,
        < 8 => ReorgKind.HoldOut,
        _ => ReorgKind.DoubleSpend,
    };

    private static BigInteger MinorUnits(string decimalText, int scale)
    {
        var parts = decimalText.Split('.');
        var fraction = parts.Length > 1 ? parts[1] : "";
        return BigInteger.Parse(parts[0] + fraction.PadRight(scale, '0'), CultureInfo.InvariantCulture);
    }
}
