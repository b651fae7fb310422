using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Receipt;
using static AlatauPay.Api.Checkout.CheckoutLayout;

namespace AlatauPay.Api.Checkout;

/// <summary>The signed receipt of a settled invoice, readable by the resident, with the signed document to download.</summary>
internal static class ReceiptPage
{
    public static string Render(ReceiptView view, CheckoutText text)
    {
        var receipt = view.Receipt;
        var id = Encode(Text(receipt["invoiceId"]));
        var body = new StringBuilder(4 * 1024);
        body.Append("<h1>").Append(Encode(text["receipt-title"])).Append("</h1><section class=\"bill receipt\" id=\"receipt-details\"><dl>");
        Row(body, text["invoice"], id);
        Row(body, text["department"], Encode(Text(receipt["department"])));
        Row(body, text["service"], Encode(Text(receipt["service"])));
        Row(body, text["account"], Encode(Text(receipt["payerAccount"])));
        Row(body, text["amount"], Encode(Amount(receipt["amount"])));
        Row(body, text["paid"], string.Join("<br>", (receipt["paid"]?.AsArray() ?? []).Select(p => Encode(Amount(p)))));
        Row(body, text["paid-at"], Encode(Text(receipt["settledAt"])));
        Row(body, text["transactions"], string.Join("<br>", (receipt["chainReferences"]?.AsArray() ?? []).Select(r => $"<code>{Encode(Text(r))}</code>")));
        Row(body, text["ledger-entry"], $"<code>{Encode(Text(receipt["ledgerEntry"]?["id"]))}</code>");
        body.Append("</dl><p class=\"quiet\">").Append(Encode(text["receipt-signed"])).Append("</p>")
            .Append("<p><a id=\"receipt-download\" href=\"/pay/").Append(id).Append("/receipt.json\" download>").Append(Encode(text["receipt-download"])).Append("</a></p>")
            .Append("<p><a href=\"/pay/").Append(id).Append("\">").Append(Encode(text["back-to-bill"])).Append("</a></p></section>\n");
        return Page(text, text["receipt-title"], body.ToString());
    }

    private static string Amount(JsonNode? amount) =>
        amount is null ? "" : CheckoutState.Money(new AmountView(Text(amount["currency"]), Text(amount["value"])));

    private static string Text(JsonNode? node) => node?.ToString() ?? "";

    private static void Row(StringBuilder body, string term, string definitionHtml) =>
        body.Append("<div class=\"row\"><dt>").Append(Encode(term)).Append("</dt><dd>").Append(definitionHtml).Append("</dd></div>");
}
