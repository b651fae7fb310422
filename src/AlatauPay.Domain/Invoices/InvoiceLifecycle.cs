namespace AlatauPay.Domain.Invoices;

/// <summary>
/// Every legal status change, and nothing else. A payment can be final the moment it is seen (0-conf),
/// so <c>new → settled</c> is legal; reorgs send <c>processing → new</c> and <c>settled → processing|invalid</c>.
/// </summary>
public static class InvoiceLifecycle
{
    private static readonly Dictionary<InvoiceStatus, InvoiceStatus[]> Allowed = new()
    {
        [InvoiceStatus.New] = [InvoiceStatus.Processing, InvoiceStatus.Settled, InvoiceStatus.Expired, InvoiceStatus.Cancelled],
        [InvoiceStatus.Processing] = [InvoiceStatus.New, InvoiceStatus.Settled, InvoiceStatus.Expired, InvoiceStatus.Invalid],
        [InvoiceStatus.Settled] = [InvoiceStatus.Processing, InvoiceStatus.Invalid],
        [InvoiceStatus.Expired] = [],
        [InvoiceStatus.Invalid] = [],
        [InvoiceStatus.Cancelled] = [],
    };

    public static bool CanMove(InvoiceStatus from, InvoiceStatus to) => Allowed[from].Contains(to);

    public static bool IsTerminal(InvoiceStatus status) => Allowed[status].Length == 0;
}

/// <summary>A status change the lifecycle does not allow.</summary>
public sealed class InvalidTransitionException(string code, InvoiceStatus from, InvoiceStatus to)
    : DomainException(code, $"An invoice that is {from.ToName()} cannot become {to.ToName()}.")
{
    public InvoiceStatus From { get; } = from;

    public InvoiceStatus To { get; } = to;
}
