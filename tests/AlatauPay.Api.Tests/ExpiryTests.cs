using System.Net;

namespace AlatauPay.Api.Tests;

public sealed class ExpiryTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task AnUnpaidInvoiceExpiresWhenItsTimeRunsOut()
    {
        await gateway.Client.CreateDepartmentAsync("expiring");
        var request = Requests.Invoice("expiring");
        request["expiresInMinutes"] = 15;
        var invoice = await (await gateway.Client.PostJsonAsync("/v1/invoices", request.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        var kept = await gateway.Client.CreateInvoiceAsync("expiring");

        gateway.Clock.Advance(TimeSpan.FromMinutes(16));

        var status = await WaitForStatusAsync(invoice["id"]!.GetValue<string>(), "expired", TimeSpan.FromSeconds(15));
        Assert.Equal("expired", status);
        var other = await (await gateway.Client.GetAsync($"/v1/invoices/{kept["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", other["status"]!.GetValue<string>());
        var cancel = await gateway.Client.PostAsync($"/v1/invoices/{invoice["id"]}/cancel", null);
        await cancel.ExpectProblemAsync(HttpStatusCode.Conflict, "invoice-not-cancellable");
    }

    private async Task<string> WaitForStatusAsync(string id, string wanted, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string status;
        do
        {
            var invoice = await (await gateway.Client.GetAsync($"/v1/invoices/{id}", deadline.Token)).ExpectAsync(HttpStatusCode.OK);
            status = invoice["status"]!.GetValue<string>();
            if (status == wanted)
            {
                break;
            }

            await Task.Delay(50, deadline.Token);
        }
        while (!deadline.IsCancellationRequested);

        return status;
    }
}
