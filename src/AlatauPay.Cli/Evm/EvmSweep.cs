using System.Numerics;
using AlatauPay.Application.Ports;
using AlatauPay.Chains.Ethereum;
using AlatauPay.Chains.Ethereum.Sweeping;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AlatauPay.Cli.Evm;

/// <summary>One sweep: every settled invoice with an Ethereum method, one forwarder each, reported as it goes.</summary>
internal sealed class EvmSweep(IServiceProvider services, EvmChainOptions options, string operatorKey, IAnsiConsole console)
{
    private const int PageSize = 100;

    private static readonly HashSet<Currency> EvmMethods = [Currency.ETH, Currency.USDT, Currency.USDC];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sweeper = new ForwarderSweeper(options, operatorKey);
        console.MarkupLineInterpolated($"sweeping with operator {sweeper.Operator}");
        var targets = await TargetsAsync(sweeper, cancellationToken);
        var swept = 0;
        var totals = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var result = await sweeper.SweepAsync(target, cancellationToken);
            if (result.TransactionHash is null)
            {
                continue;
            }

            swept++;
            var moved = string.Join(", ", result.Moved.Select(m => $"{Format(m.Key, m.Value)} {m.Key}"));
            console.MarkupLineInterpolated($"{target.Invoice}\t{target.Forwarder} → {target.Treasury}\t{moved}\ttx {result.TransactionHash}");
            foreach (var (currency, amount) in result.Moved)
            {
                totals[currency] = totals.GetValueOrDefault(currency) + amount;
            }
        }

        var summary = totals.Count == 0 ? "nothing" : string.Join(", ", totals.Select(t => $"{Format(t.Key, t.Value)} {t.Key}"));
        console.MarkupLineInterpolated($"swept {swept} of {targets.Count} forwarders of settled invoices; moved {summary}");
        return AlatauCli.Verified;
    }

    private async Task<IReadOnlyList<SweepTarget>> TargetsAsync(ForwarderSweeper sweeper, CancellationToken cancellationToken)
    {
        var invoices = services.GetRequiredService<IInvoiceRepository>();
        var departments = services.GetRequiredService<IDepartmentRepository>();
        var treasuries = new Dictionary<DepartmentCode, string?>();
        var targets = new List<SweepTarget>();
        InvoiceId? after = null;
        IReadOnlyList<Invoice> page;
        do
        {
            page = await invoices.ListAsync(new InvoiceFilter(null, InvoiceStatus.Settled), PageSize, after, cancellationToken);
            foreach (var invoice in page)
            {
                var method = invoice.PaymentMethods.FirstOrDefault(m => EvmMethods.Contains(m.Method));
                if (method is null)
                {
                    continue;
                }

                if (!treasuries.TryGetValue(invoice.Department, out var treasury))
                {
                    var department = await departments.FindAsync(invoice.Department, cancellationToken);
                    treasury = department?.Wallets.GetValueOrDefault(Currency.ETH.Code)?.ExtendedKey;
                    treasuries[invoice.Department] = treasury;
                }

                if (treasury is not null)
                {
                    targets.Add(sweeper.TargetFor(invoice.Id, treasury, method.Destination));
                }
            }

            after = page.Count > 0 ? page[^1].Id : null;
        }
        while (page.Count == PageSize);

        return targets;
    }

    private static string Format(string currency, BigInteger units) =>
        new Money(Currency.Parse(currency), (Int128)units).ToDecimalString();
}
