using AlatauPay.Application.Access;
using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Application.Departments;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Invoices.Create;

/// <summary>
/// Locks a quote per payment method, takes each method's next deposit address, and stores the invoice
/// with its <c>invoice.created</c> event — all in the request's one transaction.
/// </summary>
public sealed class CreateInvoiceHandler(
    IDepartmentRepository departments,
    DepartmentCache departmentCache,
    IInvoiceRepository invoices,
    IOutbox outbox,
    IRateSource rates,
    IEnumerable<IPaymentMethodProvider> providers,
    Caller caller,
    AlatauPayMetrics metrics,
    TimeProvider clock) : ICommandHandler<CreateInvoiceCommand, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(CreateInvoiceCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureMayAccess(command.Department!, "department");
        var department = await departmentCache.FindAsync(new DepartmentCode(command.Department!), departments, cancellationToken)
            ?? throw new RequestInvalidException("department", "department-not-found", $"There is no department '{command.Department}'.");
        var service = department.FindService(command.Service!)
            ?? throw new RequestInvalidException("service", "service-not-found", $"Department '{department.Code}' has no service '{command.Service}'.");

        PrepareAddresses(department, command.Methods!);
        var amount = Money.Parse(command.Amount!.Value!, Currency.KZT);
        var now = clock.GetUtcNow();
        var id = InvoiceId.New(now);
        var methods = new List<PaymentMethodDue>(command.Methods!.Count);
        for (var i = 0; i < command.Methods.Count; i++)
        {
            methods.Add(await OfferAsync(department, id, command.Methods[i], $"methods[{i}]", amount, now, cancellationToken));
        }

        var invoice = Invoice.Create(new InvoiceData(
            id,
            department.Code,
            service.Code,
            new Payer(command.Payer!.Account!, command.Payer.Name),
            amount,
            command.Description,
            command.Metadata ?? new Dictionary<string, string>(),
            now,
            now.AddMinutes(command.ExpiresInMinutes ?? InvoicePolicy.DefaultExpiresInMinutes),
            methods,
            SpeedPolicy: command.SpeedPolicy is null ? null : SpeedPolicies.Parse(command.SpeedPolicy)));

        await invoices.AddAsync(invoice, cancellationToken);
        await outbox.AddAsync(InvoiceEvents.For("invoice.created", invoice, now), cancellationToken);
        metrics.InvoiceCreated();
        return InvoiceView.From(invoice);
    }

    /// <summary>
    /// Derives the next few addresses of each wallet before the write transaction: the index is taken inside it,
    /// and concurrent requests will take the ones just after the last we read.
    /// </summary>
    private void PrepareAddresses(Department department, IReadOnlyList<string> methodCodes)
    {
        foreach (var provider in providers.Where(p => methodCodes.Contains(p.Method.Code)))
        {
            if (department.Wallets.TryGetValue(provider.WalletChain, out var wallet) && wallet.Network == provider.Network)
            {
                provider.DeriveAhead(new WatchOnlyKey(wallet.ExtendedKey, wallet.Fingerprint), departmentCache.NextIndexHint(department, wallet), AddressesPreparedAhead);
            }
        }
    }

    private const int AddressesPreparedAhead = 16;

    private async Task<PaymentMethodDue> OfferAsync(
        Department department, InvoiceId invoice, string methodCode, string field, Money amount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var provider = providers.First(p => p.Method.Code == methodCode);
        if (!department.Wallets.TryGetValue(provider.WalletChain, out var wallet) || wallet.Network != provider.Network)
        {
            throw new RequestInvalidException(field, "payment-method-unavailable",
                $"Department '{department.Code}' has no {provider.WalletChain} wallet on the {provider.Network} network.");
        }

        var rate = await rates.GetKztRateAsync(provider.Method, cancellationToken)
            ?? throw new RequestInvalidException(field, "payment-method-unavailable", $"No KZT rate is available for {provider.Method}.");
        var quote = Quote.Lock(rate, rates.Name, now, amount);
        var index = await departments.TakeNextAddressIndexAsync(department.Code, provider.WalletChain, cancellationToken);
        departmentCache.NoteIssued(department.Code, provider.WalletChain, index);
        var target = provider.Derive(new WatchOnlyKey(wallet.ExtendedKey, wallet.Fingerprint), new DepositContext(invoice, index), quote.Due);
        return new PaymentMethodDue(quote, target.Address, target.PaymentUri, target.DerivationIndex, Money.Zero(provider.Method));
    }
}
