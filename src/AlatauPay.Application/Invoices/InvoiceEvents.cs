using System.Text.Json;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Application.Invoices;

/// <summary>Builds the outbox events an invoice's changes produce; the payload is the event as receivers get it.</summary>
public static class InvoiceEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxEvent For(string type, Invoice invoice, DateTimeOffset at)
    {
        var id = "evt_" + Guid.CreateVersion7().ToString("N");
        var payload = JsonSerializer.Serialize(new { id, type, createdAt = at, data = InvoiceView.From(invoice) }, Json);
        return new OutboxEvent(id, type, invoice.Id.Value, payload, at);
    }
}
