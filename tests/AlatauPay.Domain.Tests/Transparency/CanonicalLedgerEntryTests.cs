using System.Text;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Domain.Tests.Transparency;

public sealed class CanonicalLedgerEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(5));

    [Fact]
    public void TheCanonicalFormIsTheDocumentedOne()
    {
        var entry = LedgerEntry.Create("settle:inv_1", "settle \"inv_1\"\n", "inv_1", At, At.AddTicks(1), [
            Posting.Debit("assets:crypto:BTC:water", new Money(Currency.BTC, 25991)),
            Posting.Credit("trading:BTC", new Money(Currency.BTC, 25991)),
        ]);

        var text = Encoding.UTF8.GetString(CanonicalLedgerEntry.Bytes(42, entry));

        Assert.Equal(
            """{"description":"settle \"inv_1\"\n","effectiveAt":"2026-11-29T05:00:00.0000000Z","entryId":42,"format":"alatau-ledger-entry/1","invoiceId":"inv_1","key":"settle:inv_1","postings":[{"account":"assets:crypto:BTC:water","amount":"0.00025991","currency":"BTC","side":"debit"},{"account":"trading:BTC","amount":"0.00025991","currency":"BTC","side":"credit"}],"recordedAt":"2026-11-29T05:00:00.0000001Z"}""",
            text);
    }

    [Fact]
    public void AnEntryWithoutInvoiceCarriesNull()
    {
        var entry = LedgerEntry.Create("manual:1", "Ä opening", null, At, At, [
            Posting.Debit("assets:crypto:BTC:water", new Money(Currency.BTC, 1)),
            Posting.Credit("trading:BTC", new Money(Currency.BTC, 1)),
        ]);

        var text = Encoding.UTF8.GetString(CanonicalLedgerEntry.Bytes(1, entry));

        Assert.Contains("\"invoiceId\":null", text, StringComparison.Ordinal);
        Assert.Contains("\"description\":\"Ä opening\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlCharactersAreEscapedAsJcsDoes()
    {
        var bytes = CanonicalJson.Serialize(new System.Text.Json.Nodes.JsonObject { ["b"] = "\u0001\t/<", ["a"] = 1 });

        Assert.Equal("""{"a":1,"b":"\u0001\t/<"}""", Encoding.UTF8.GetString(bytes));
    }
}

public sealed class CanonicalLedgerEntryAgreesWithJcsTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ slash / tab \t newline \n nul \0 unit \u001f")]
    [InlineData("Алатау — 城市 😀 \u2028")]
    public void TheDirectWriterIsTheGenericJcsSerialisation(string description)
    {
        var at = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
        var entry = LedgerEntry.Create("k", description, null, at, at.AddTicks(123), [
            Posting.Debit("assets:crypto:ETH:water", new Money(Currency.ETH, Int128.Parse("123456789012345678901234", System.Globalization.CultureInfo.InvariantCulture))),
            Posting.Credit("trading:ETH", new Money(Currency.ETH, Int128.Parse("123456789012345678901234", System.Globalization.CultureInfo.InvariantCulture))),
        ]);
        var tree = new System.Text.Json.Nodes.JsonObject
        {
            ["recordedAt"] = CanonicalTime.ToText(entry.RecordedAt),
            ["postings"] = new System.Text.Json.Nodes.JsonArray([.. entry.Postings.Select(p => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["side"] = p.Side == PostingSide.Debit ? "debit" : "credit",
                ["currency"] = p.Amount.Currency.Code,
                ["amount"] = p.Amount.ToDecimalString(),
                ["account"] = p.Account,
            })]),
            ["key"] = entry.Key,
            ["invoiceId"] = null,
            ["format"] = CanonicalLedgerEntry.Format,
            ["entryId"] = 7,
            ["effectiveAt"] = CanonicalTime.ToText(entry.EffectiveAt),
            ["description"] = description,
        };

        Assert.Equal(CanonicalJson.Serialize(tree), CanonicalLedgerEntry.Bytes(7, entry));
    }
}
