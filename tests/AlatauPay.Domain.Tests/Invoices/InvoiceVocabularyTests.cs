using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceVocabularyTests
{
    [Theory]
    [InlineData(InvoiceStatus.New, "new")]
    [InlineData(InvoiceStatus.Processing, "processing")]
    [InlineData(InvoiceStatus.Settled, "settled")]
    [InlineData(InvoiceStatus.Expired, "expired")]
    [InlineData(InvoiceStatus.Invalid, "invalid")]
    [InlineData(InvoiceStatus.Cancelled, "cancelled")]
    public void NamesEachStatusAsTheApiDoes(InvoiceStatus status, string name)
    {
        Assert.Equal(name, status.ToName());
        Assert.Equal(status, InvoiceVocabulary.ParseStatus(name));
    }

    [Fact]
    public void NamesEveryStatus() =>
        Assert.Equal(
            ["new", "processing", "settled", "expired", "invalid", "cancelled"],
            Enum.GetValues<InvoiceStatus>().Select(s => s.ToName()));

    [Theory]
    [InlineData("New")]
    [InlineData("canceled")]
    [InlineData("")]
    [InlineData(null)]
    public void RefusesUnknownStatusNames(string? name) =>
        Assert.False(InvoiceVocabulary.TryParseStatus(name, out _));

    [Theory]
    [InlineData(AdditionalStatus.PaidPartial, "paid_partial")]
    [InlineData(AdditionalStatus.PaidOver, "paid_over")]
    [InlineData(AdditionalStatus.PaidLate, "paid_late")]
    [InlineData(AdditionalStatus.Marked, "marked")]
    public void NamesEachFlagAsTheApiDoes(AdditionalStatus flag, string name) =>
        Assert.Equal([name], flag.ToNames());

    [Fact]
    public void NamesEveryFlagThatIsSet()
    {
        var all = AdditionalStatus.PaidPartial | AdditionalStatus.PaidOver | AdditionalStatus.PaidLate | AdditionalStatus.Marked;

        Assert.Equal(["paid_partial", "paid_over", "paid_late", "marked"], all.ToNames());
        Assert.Empty(AdditionalStatus.None.ToNames());
    }
}
