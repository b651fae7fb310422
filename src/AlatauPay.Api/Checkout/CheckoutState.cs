using System.Text.Json.Nodes;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Checkout;

namespace AlatauPay.Api.Checkout;

/// <summary>
/// What the status box says about an invoice, in plain words: the same for the first render and for every live
/// update, so the page never disagrees with itself.
/// </summary>
public sealed record CheckoutState(string Status, string Title, string Message, bool AcceptsPayment, bool HasReceipt)
{
    public static CheckoutState Of(CheckoutView invoice, CheckoutText text)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(text);
        var remaining = Remaining(invoice);
        var paidSoFar = invoice.Methods.Where(m => !IsZero(m.Paid)).Select(m => Money(m.Paid)).FirstOrDefault();
        var late = invoice.Has("paid_late") ? " " + text["paid-late-text"] : "";
        return invoice.Status switch
        {
            "new" => new("new", text["new-title"], text["new-text"], true, false),
            "processing" when invoice.Has("paid_partial") =>
                new("partial", text["partial-title"], text.Format("partial-text", remaining), true, false),
            "processing" => new("processing", text["processing-title"], text.Format("processing-text", Required(invoice, PaidOrFirst(invoice))), true, false),
            "settled" => new(
                "settled", text["settled-title"], text["settled-text"] + (invoice.Has("paid_over") ? " " + text["paid-over-text"] : "") + late, false, true),
            "expired" when invoice.Has("paid_late") => new("expired", text["expired-title"], text["paid-late-text"], false, false),
            "expired" when invoice.Has("paid_partial") && paidSoFar is not null =>
                new("expired", text["expired-title"], text.Format("expired-partial-text", paidSoFar), false, false),
            "expired" => new("expired", text["expired-title"], text["expired-text"], false, false),
            "invalid" => new("invalid", text["invalid-title"], text["invalid-text"] + late, false, false),
            _ => new("cancelled", text["cancelled-title"], text["cancelled-text"] + late, false, false),
        };
    }

    /// <summary>The live update the page applies: state, words, and per method what arrived and how deep.</summary>
    public static JsonObject Update(CheckoutView invoice, CheckoutText text)
    {
        var state = Of(invoice, text);
        return new JsonObject
        {
            ["state"] = state.Status,
            ["title"] = state.Title,
            ["message"] = state.Message,
            ["acceptsPayment"] = state.AcceptsPayment,
            ["receipt"] = state.HasReceipt ? $"/pay/{invoice.Id}/receipt" : null,
            ["methods"] = new JsonArray([.. invoice.Methods.Select(m => (JsonNode)new JsonObject
            {
                ["method"] = m.Method,
                ["due"] = CheckoutPaymentUri.AmountToSend(m),
                ["uri"] = CheckoutPaymentUri.For(m),
                ["qr"] = CheckoutQrCode.DataUri(CheckoutPaymentUri.For(m)),
                ["received"] = IsZero(m.Paid) ? text["no-payment-yet"] : Money(m.Paid),
                ["remaining"] = Money(m.Remaining),
                ["confirmations"] = Confirmations(invoice, m, text),
            })]),
        };
    }

    public static string Confirmations(CheckoutView invoice, CheckoutMethodView method, CheckoutText text) =>
        method.Confirmations is { } depth
            ? text.Format("confirmations", Math.Min(depth, Required(invoice, method)), Required(invoice, method))
            : "";

    /// <summary>What a payment in <paramref name="method"/> needs: Ethereum counts block depth, so its methods need more.</summary>
    private static int Required(CheckoutView invoice, CheckoutMethodView method) => method.RequiredConfirmations ?? invoice.RequiredConfirmations;

    /// <summary>An amount as people read it: digits grouped by thin spaces, then the currency (₸ for tenge).</summary>
    public static string Money(AmountView amount)
    {
        ArgumentNullException.ThrowIfNull(amount);
        var parts = amount.Value.Split('.', 2);
        var whole = parts[0];
        var grouped = new System.Text.StringBuilder();
        for (var i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0)
            {
                grouped.Append('\u202F');
            }

            grouped.Append(whole[i]);
        }

        var number = parts.Length > 1 ? $"{grouped}.{parts[1]}" : grouped.ToString();
        return amount.Currency == "KZT" ? $"{number}\u00A0₸" : $"{number}\u00A0{amount.Currency}";
    }

    private static bool IsZero(AmountView amount) => amount.Value.All(c => c is '0' or '.');

    /// <summary>What is still owed in the method paid so far (or the first method when none is).</summary>
    private static string Remaining(CheckoutView invoice) => Money(PaidOrFirst(invoice).Remaining);

    private static CheckoutMethodView PaidOrFirst(CheckoutView invoice) => invoice.Methods.FirstOrDefault(m => !IsZero(m.Paid)) ?? invoice.Methods[0];
}
