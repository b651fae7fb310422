using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Domain.Invoices;

/// <summary>
/// A bill for one city service, priced in KZT, payable by one or more payment methods whose quotes
/// were locked when it was created. Status changes go through <see cref="InvoiceLifecycle"/>.
/// </summary>
public sealed class Invoice
{
    private readonly PaymentMethodDue[] methods;

    private Invoice(InvoiceData data)
    {
        Id = data.Id;
        Department = data.Department;
        Service = data.Service;
        Payer = data.Payer;
        Amount = data.Amount;
        Description = data.Description;
        Metadata = data.Metadata;
        CreatedAt = data.CreatedAt;
        ExpiresAt = data.ExpiresAt;
        methods = [.. data.Methods];
        Status = data.Status;
        Flags = data.Flags;
        Version = data.Version;
        SpeedPolicy = data.SpeedPolicy;
    }

    public InvoiceId Id { get; }

    public DepartmentCode Department { get; }

    public ServiceCode Service { get; }

    public Payer Payer { get; }

    public Money Amount { get; }

    public string? Description { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public IReadOnlyList<PaymentMethodDue> PaymentMethods => methods;

    /// <summary>This invoice's own confirmation policy; null follows the department's.</summary>
    public SpeedPolicy? SpeedPolicy { get; }

    public InvoiceStatus Status { get; private set; }

    public AdditionalStatus Flags { get; private set; }

    /// <summary>The stored version this object was read at; stores use it to refuse lost updates.</summary>
    public int Version { get; }

    public static Invoice Create(InvoiceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Amount.Currency != Currency.KZT || !data.Amount.IsPositive)
        {
            throw new DomainException("amount-invalid", "An invoice is priced in a positive KZT amount.");
        }

        if (data.Methods.Count == 0 || data.Methods.DistinctBy(m => m.Method).Count() != data.Methods.Count)
        {
            throw new DomainException("methods-invalid", "An invoice offers at least one payment method, each once.");
        }

        if (data.ExpiresAt <= data.CreatedAt)
        {
            throw new DomainException("expiry-invalid", "An invoice expires after it is created.");
        }

        return new Invoice(data with { Status = InvoiceStatus.New, Flags = AdditionalStatus.None, Version = 0 });
    }

    /// <summary>Rebuilds a stored invoice as it was saved; no rule is re-run.</summary>
    public static Invoice Restore(InvoiceData data) => new(data);

    public PaymentMethodDue Method(Currency method) =>
        methods.FirstOrDefault(m => m.Method == method)
        ?? throw new DomainException("payment-method-not-offered", $"The invoice cannot be paid in {method.Code}.");

    public void Cancel()
    {
        if (Status != InvoiceStatus.New)
        {
            throw new InvalidTransitionException("invoice-not-cancellable", Status, InvoiceStatus.Cancelled);
        }

        Status = InvoiceStatus.Cancelled;
    }

    /// <summary>
    /// Time has run out and no method is paid enough to settle, the department's tolerance counted. Every
    /// payment seen before the expiry time and not gone counts, final or not: a resident whose payment is on its
    /// way paid in time; one first seen after it is late, however soon the expiry pass runs. Judged from
    /// <paramref name="payments"/>, the invoice's payments as the chain store holds them now, not from the
    /// invoice's paid figures, which trail them until the next reconciliation.
    /// </summary>
    public bool IsDue(DateTimeOffset now, PaymentTolerance tolerance, IReadOnlyList<PaymentObservation> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var inTime = InTime(payments);
        return now >= ExpiresAt && !methods.Any(m => SeenPaid(m.Method, inTime) is { IsPositive: true } paid && paid >= tolerance.Minimum(m.Due));
    }

    /// <summary>Expires the invoice (see <see cref="IsDue"/>); what was paid, too little, is recorded and flagged.</summary>
    public void Expire(DateTimeOffset now, PaymentTolerance tolerance, IReadOnlyList<PaymentObservation> payments)
    {
        if (!IsDue(now, tolerance, payments))
        {
            throw new DomainException("invoice-not-due", "An invoice expires only once its time has run out.");
        }

        MoveTo(InvoiceStatus.Expired, "invoice-not-expirable");
        foreach (var method in methods.Select(m => m.Method).ToList())
        {
            RecordPaid(method, SeenPaid(method, payments));
        }

        // Paid too little in time; money first seen later is flagged paid_late when it becomes final.
        var inTime = InTime(payments);
        if (methods.Any(m => SeenPaid(m.Method, inTime).IsPositive))
        {
            Flags |= AdditionalStatus.PaidPartial;
        }
    }

    private List<PaymentObservation> InTime(IReadOnlyList<PaymentObservation> payments) => [.. payments.Where(p => p.FirstSeenAt <= ExpiresAt)];

    private static Money SeenPaid(Currency method, IReadOnlyList<PaymentObservation> payments) =>
        payments.Where(p => p.IsAlive && p.Method == method).Aggregate(Money.Zero(method), (total, p) => total + p.Amount);

    /// <summary>
    /// Records that <paramref name="paid"/> in <paramref name="method"/> made the invoice final. Paying more
    /// than due flags <c>paid_over</c>; the posting rules decide where the excess goes.
    /// </summary>
    public void Settle(Currency method, Money paid)
    {
        var index = Array.FindIndex(methods, m => m.Method == method);
        if (index < 0)
        {
            throw new DomainException("payment-method-not-offered", $"The invoice cannot be paid in {method.Code}.");
        }

        if (paid.Currency != method)
        {
            throw new DomainException("currency-mismatch", $"A settlement in {method.Code} cannot be paid in {paid.Currency.Code}.");
        }

        if (!paid.IsPositive)
        {
            throw new DomainException("payment-invalid", $"A settlement is a positive amount, not {paid}.");
        }

        MoveTo(InvoiceStatus.Settled, "invoice-not-settleable");
        methods[index] = methods[index] with { Paid = paid };
        Flags &= ~AdditionalStatus.PaidPartial;
        if (paid > methods[index].Due)
        {
            Flags |= AdditionalStatus.PaidOver;
        }
    }

    /// <summary>Records what is seen paid per method (final or not); the reconciliation decides what it means.</summary>
    internal void RecordPaid(Currency method, Money paid)
    {
        var index = Array.FindIndex(methods, m => m.Method == method);
        methods[index] = methods[index] with { Paid = paid };
    }

    internal void Flag(AdditionalStatus flags, bool on) => Flags = on ? Flags | flags : Flags & ~flags;

    internal void Become(InvoiceStatus next) => MoveTo(next, "invoice-transition-invalid");

    private void MoveTo(InvoiceStatus next, string code)
    {
        if (!InvoiceLifecycle.CanMove(Status, next))
        {
            throw new InvalidTransitionException(code, Status, next);
        }

        Status = next;
    }
}

/// <summary>The fields of an invoice, as created or as stored.</summary>
public sealed record InvoiceData(
    InvoiceId Id,
    DepartmentCode Department,
    ServiceCode Service,
    Payer Payer,
    Money Amount,
    string? Description,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<PaymentMethodDue> Methods,
    InvoiceStatus Status = InvoiceStatus.New,
    AdditionalStatus Flags = AdditionalStatus.None,
    int Version = 0,
    SpeedPolicy? SpeedPolicy = null);
