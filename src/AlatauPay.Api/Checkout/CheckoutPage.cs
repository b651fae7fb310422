using System.Globalization;
using System.Text;
using AlatauPay.Application.Invoices.Checkout;
using static AlatauPay.Api.Checkout.CheckoutLayout;

namespace AlatauPay.Api.Checkout;

/// <summary>
/// The resident's page for one invoice: the bill, the status in plain words, and while it accepts payment a tab
/// per payment method with amount, address, QR code and copy buttons. The script only enhances it: without
/// script every method is shown and the page still reads correctly.
/// </summary>
internal static class CheckoutPage
{
    public static string Render(CheckoutView invoice, CheckoutText text)
    {
        var state = CheckoutState.Of(invoice, text);
        var body = new StringBuilder(16 * 1024);
        body.Append("<h1>").Append(Encode(text["page-title"])).Append("</h1>\n");
        Bill(body, invoice, text);
        Status(body, invoice, state, text);
        if (state.AcceptsPayment)
        {
            Methods(body, invoice, text);
        }

        var attributes =
            $" data-state=\"{state.Status}\" data-events=\"/pay/{Encode(invoice.Id)}/events?lang={text.Language}\""
            + $" data-poll=\"/pay/{Encode(invoice.Id)}/status?lang={text.Language}\" data-copied=\"{Encode(text["copied"])}\""
            + $" data-paused=\"{Encode(text["live-paused"])}\"";
        return Page(text, text["page-title"], body.ToString(), attributes);
    }

    private static void Bill(StringBuilder body, CheckoutView invoice, CheckoutText text)
    {
        body.Append("<section class=\"bill\" aria-labelledby=\"bill-heading\"><h2 id=\"bill-heading\">").Append(Encode(text["bill"])).Append("</h2><dl>");
        Row(body, text["department"], Encode(invoice.DepartmentName), "department");
        Row(body, text["service"], Encode(invoice.ServiceName), "service");
        Row(body, text["account"], Encode(invoice.PayerAccount), "account");
        Row(body, text["invoice"], Encode(invoice.Id), "invoice-id");
        if (!string.IsNullOrWhiteSpace(invoice.Description))
        {
            Row(body, text["description"], Encode(invoice.Description), "description");
        }

        Row(body, text["amount"], $"<strong>{Encode(CheckoutState.Money(invoice.Amount))}</strong>", "amount");
        body.Append("</dl></section>\n");
    }

    private static void Status(StringBuilder body, CheckoutView invoice, CheckoutState state, CheckoutText text)
    {
        body.Append("<section class=\"status\" id=\"status\" aria-labelledby=\"status-title\">")
            .Append("<h2 id=\"status-title\">").Append(Encode(state.Title)).Append("</h2>")
            .Append("<p id=\"status-message\" role=\"status\" aria-live=\"polite\">").Append(Encode(state.Message)).Append("</p>")
            .Append("<p id=\"receipt\"").Append(state.HasReceipt ? "" : " hidden").Append("><a id=\"receipt-link\" href=\"/pay/")
            .Append(Encode(invoice.Id)).Append("/receipt\">").Append(Encode(text["receipt-link"])).Append("</a></p>")
            .Append("<p id=\"live-paused\" class=\"quiet\" hidden></p>");
        if (state.AcceptsPayment)
        {
            var expires = invoice.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            body.Append("<p class=\"countdown\" id=\"countdown-row\">").Append(Encode(text["time-left"])).Append(": ")
                .Append("<time id=\"countdown\" datetime=\"").Append(expires).Append("\">")
                .Append(expires.Replace('T', ' ').TrimEnd('Z')).Append(" UTC</time></p>");
        }

        body.Append("</section>\n");
    }

    private static void Methods(StringBuilder body, CheckoutView invoice, CheckoutText text)
    {
        body.Append("<section class=\"methods\" id=\"methods\" aria-labelledby=\"methods-heading\"><h2 id=\"methods-heading\">")
            .Append(Encode(text["choose-method"])).Append("</h2>")
            .Append("<div class=\"tabs\" role=\"tablist\" aria-labelledby=\"methods-heading\" hidden>");
        foreach (var (method, index) in invoice.Methods.Select((m, i) => (m, i)))
        {
            var code = Encode(method.Method);
            body.Append("<button type=\"button\" role=\"tab\" id=\"tab-").Append(code).Append("\" aria-controls=\"panel-").Append(code)
                .Append("\" aria-selected=\"").Append(index == 0 ? "true" : "false").Append("\" tabindex=\"").Append(index == 0 ? "0" : "-1")
                .Append("\">").Append(code).Append("</button>");
        }

        body.Append("</div>");
        foreach (var method in invoice.Methods)
        {
            Panel(body, invoice, method, text);
        }

        body.Append("</section>\n");
    }

    private static void Panel(StringBuilder body, CheckoutView invoice, CheckoutMethodView method, CheckoutText text)
    {
        var code = Encode(method.Method);
        var due = Encode(CheckoutPaymentUri.AmountToSend(method));
        var uri = CheckoutPaymentUri.For(method);
        body.Append("<div class=\"panel\" role=\"tabpanel\" id=\"panel-").Append(code).Append("\" aria-labelledby=\"tab-").Append(code)
            .Append("\" data-method=\"").Append(code).Append("\" data-uri=\"").Append(Encode(uri)).Append("\">")
            .Append("<h3>").Append(code).Append("</h3>")
            .Append("<img class=\"qr\" width=\"240\" height=\"240\" src=\"").Append(CheckoutQrCode.DataUri(uri))
            .Append("\" alt=\"").Append(Encode(text.Format("qr-alt", method.Method))).Append("\">")
            .Append("<p class=\"quiet\">").Append(Encode(text["scan"])).Append("</p><dl>");
        Row(
            body,
            text["due"],
            $"<span class=\"value\" id=\"due-{code}\" data-field=\"due\">{due}</span>\u00A0{code} "
            + $"<button type=\"button\" class=\"copy\" id=\"copy-due-{code}\" data-copy=\"{due}\">{Encode(text["copy"])}</button>",
            $"due-row-{code}");
        Row(
            body,
            text["address"],
            $"<code class=\"value address\" id=\"address-{code}\">{Encode(method.Destination)}</code> "
            + $"<button type=\"button\" class=\"copy\" data-copy=\"{Encode(method.Destination)}\">{Encode(text["copy"])}</button>",
            $"address-row-{code}");
        var received = method.Paid.Value.All(c => c is '0' or '.') ? text["no-payment-yet"] : CheckoutState.Money(method.Paid);
        Row(body, text["received"], $"<span data-field=\"received\">{Encode(received)}</span>", $"received-row-{code}");
        Row(body, text["remaining"], $"<span data-field=\"remaining\">{Encode(CheckoutState.Money(method.Remaining))}</span>", $"remaining-row-{code}");
        body.Append("</dl><p class=\"confirmations\" data-field=\"confirmations\">")
            .Append(Encode(CheckoutState.Confirmations(invoice, method, text))).Append("</p>")
            .Append("<p><a class=\"wallet\" href=\"").Append(Encode(uri)).Append("\">").Append(Encode(text["open-wallet"])).Append("</a></p>")
            .Append("</div>");
    }

    private static void Row(StringBuilder body, string term, string definitionHtml, string id) =>
        body.Append("<div class=\"row\" id=\"").Append(id).Append("\"><dt>").Append(Encode(term)).Append("</dt><dd>").Append(definitionHtml).Append("</dd></div>");
}
