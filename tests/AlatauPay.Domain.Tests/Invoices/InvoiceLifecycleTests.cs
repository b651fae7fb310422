using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceLifecycleTests
{
    /// <summary>DESIGN.md "Invoice states", then 0-conf settlement, then the moves a reorg forces.</summary>
    private static readonly HashSet<(InvoiceStatus From, InvoiceStatus To)> Legal =
    [
        (InvoiceStatus.New, InvoiceStatus.Processing),
        (InvoiceStatus.Processing, InvoiceStatus.Settled),
        (InvoiceStatus.New, InvoiceStatus.Expired),
        (InvoiceStatus.Processing, InvoiceStatus.Expired),
        (InvoiceStatus.Processing, InvoiceStatus.Invalid),
        (InvoiceStatus.New, InvoiceStatus.Cancelled),
        (InvoiceStatus.New, InvoiceStatus.Settled),
        (InvoiceStatus.Processing, InvoiceStatus.New),
        (InvoiceStatus.Settled, InvoiceStatus.Processing),
        (InvoiceStatus.Settled, InvoiceStatus.Invalid),
    ];

    public static TheoryData<InvoiceStatus, InvoiceStatus> EveryPair()
    {
        var pairs = new TheoryData<InvoiceStatus, InvoiceStatus>();
        foreach (var from in Enum.GetValues<InvoiceStatus>())
        {
            foreach (var to in Enum.GetValues<InvoiceStatus>())
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void AllowsExactlyTheMovesOfTheDesign(InvoiceStatus from, InvoiceStatus to) =>
        Assert.Equal(Legal.Contains((from, to)), InvoiceLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(InvoiceStatus.Expired)]
    [InlineData(InvoiceStatus.Invalid)]
    [InlineData(InvoiceStatus.Cancelled)]
    public void TerminalStatesAllowNothing(InvoiceStatus terminal)
    {
        Assert.True(InvoiceLifecycle.IsTerminal(terminal));
        Assert.All(Enum.GetValues<InvoiceStatus>(), to => Assert.False(InvoiceLifecycle.CanMove(terminal, to)));
    }

    [Theory]
    [InlineData(InvoiceStatus.New)]
    [InlineData(InvoiceStatus.Processing)]
    [InlineData(InvoiceStatus.Settled)]
    public void LiveStatesAreNotTerminal(InvoiceStatus status) =>
        Assert.False(InvoiceLifecycle.IsTerminal(status));
}
