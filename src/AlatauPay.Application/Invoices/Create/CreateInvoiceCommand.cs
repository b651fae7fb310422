using AlatauPay.Application.Common;
using Mediator;

namespace AlatauPay.Application.Invoices.Create;

public sealed record CreateInvoiceCommand(
    string? Department,
    string? Service,
    PayerInput? Payer,
    AmountInput? Amount,
    IReadOnlyList<string>? Methods,
    string? Description = null,
    int? ExpiresInMinutes = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    string? SpeedPolicy = null) : ICommand<InvoiceView>;

public sealed record PayerInput(string? Account, string? Name);
