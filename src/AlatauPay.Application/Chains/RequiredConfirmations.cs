using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Application.Chains;

/// <summary>
/// The depth a payment of an invoice needs, per method: the department's rule for Bitcoin-family payments
/// under the invoice's policy, which each chain's provider maps onto its own depths or replaces with the
/// department's rule for that chain's wallet.
/// </summary>
public static class RequiredConfirmations
{
    public static Func<Currency, int> For(Department department, Invoice invoice, IEnumerable<IPaymentMethodProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(invoice);
        var policy = invoice.SpeedPolicy ?? department.SpeedPolicy;
        var bitcoinFamily = department.RequiredConfirmations(policy, invoice.Amount);
        var byMethod = providers.GroupBy(p => p.Method).ToDictionary(g => g.Key, g => g.First());
        return method => byMethod.TryGetValue(method, out var provider)
            ? provider.RequiredConfirmations(policy, bitcoinFamily, department.Wallets.GetValueOrDefault(provider.WalletChain)?.Confirmations)
            : bitcoinFamily;
    }
}
