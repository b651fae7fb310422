using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceIdTests
{
    private const string Valid = "inv_0123456789abcdefghjkmnpqrs";

    [Fact]
    public void NewIdsAreThirtyCharactersStartingWithInv()
    {
        var id = InvoiceId.New();

        Assert.Equal(30, id.Value.Length);
        Assert.StartsWith("inv_", id.Value, StringComparison.Ordinal);
        Assert.Equal(id.Value, id.ToString());
    }

    [Fact]
    public void NewIdsParseBack()
    {
        var id = InvoiceId.New();

        Assert.Equal(id, InvoiceId.Parse(id.Value));
    }

    [Fact]
    public void TenThousandNewIdsAreDistinctAndParse()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => InvoiceId.New().Value).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(InvoiceId.TryParse(id, out _)));
    }

    [Fact]
    public void IdsSortByTheirCreationTime()
    {
        var start = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 1_000).Select(i => InvoiceId.New(start.AddMilliseconds(i * 7)).Value).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IdsOfTheSameMillisecondShareTheirTimeAndDifferInTheirRandomPart()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 1_000).Select(_ => InvoiceId.New(now).Value).ToList();

        // 48 bits of time fill the first 9 characters and 3 bits of the 10th; the rest is random.
        Assert.Single(ids.Select(id => id[4..13]).Distinct(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Select(id => id[14..]).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void AcceptsTheWholeCrockfordAlphabet()
    {
        Assert.True(InvoiceId.TryParse(Valid, out var id));
        Assert.True(InvoiceId.TryParse("inv_tvwxyz00000000000000000000", out _));
        Assert.Equal(Valid, id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("inv_")]
    [InlineData("INV_0123456789abcdefghjkmnpqrs")]
    [InlineData("ord_0123456789abcdefghjkmnpqrs")]
    [InlineData("inv-0123456789abcdefghjkmnpqrs")]
    [InlineData("inv_0123456789abcdefghjkmnpqr")]
    [InlineData("inv_0123456789abcdefghjkmnpqrst")]
    [InlineData("inv_0123456789ABCDEFGHJKMNPQRS")]
    [InlineData("inv_i123456789abcdefghjkmnpqrs")]
    [InlineData("inv_l123456789abcdefghjkmnpqrs")]
    [InlineData("inv_o123456789abcdefghjkmnpqrs")]
    [InlineData("inv_u123456789abcdefghjkmnpqrs")]
    [InlineData("inv_0123456789abcdefghjkmnpqr-")]
    [InlineData(" inv_0123456789abcdefghjkmnpqr")]
    public void RejectsAnythingElse(string? text)
    {
        Assert.False(InvoiceId.TryParse(text, out _));
        if (text is not null)
        {
            Assert.Equal("invoice-id-invalid", Assert.Throws<DomainException>(() => InvoiceId.Parse(text)).Code);
        }
    }
}
