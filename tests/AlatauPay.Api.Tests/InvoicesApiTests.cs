using System.Net;

namespace AlatauPay.Api.Tests;

public sealed class InvoicesApiTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        foreach (var code in new[] { "water", "parking" })
        {
            var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department(code).ToJsonString());
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreatesAnInvoiceWithALockedQuoteAndADepositAddressPerMethod()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/invoices", Requests.Invoice("water").ToJsonString());

        var invoice = await response.ExpectAsync(HttpStatusCode.Created);
        var id = invoice["id"]!.GetValue<string>();
        Assert.Equal($"/v1/invoices/{id}", response.Headers.Location?.ToString());
        Assert.Equal("new", invoice["status"]!.GetValue<string>());
        Assert.Empty(invoice["additionalStatus"]!.AsArray());
        Assert.Equal("water", invoice["department"]!.GetValue<string>());
        Assert.Equal("cold-water", invoice["service"]!.GetValue<string>());
        Assert.Equal("ACC-1001", invoice["payer"]!["account"]!.GetValue<string>());
        Assert.Equal("12345.67", invoice["amount"]!["value"]!.GetValue<string>());
        Assert.Equal("2026-11-0042", invoice["metadata"]!["bill"]!.GetValue<string>());
        Assert.EndsWith($"/pay/{id}", invoice["checkoutUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        var expiresIn = invoice["expiresAt"]!.GetValue<DateTimeOffset>() - invoice["createdAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(TimeSpan.FromMinutes(60), expiresIn);

        var btc = invoice["paymentMethods"]![0]!;
        Assert.Equal("BTC", btc["method"]!.GetValue<string>());
        Assert.Equal("47500000", btc["rate"]!.GetValue<string>());
        Assert.Equal("fixed", btc["rateSource"]!.GetValue<string>());
        Assert.Equal("0.00025991", btc["due"]!["value"]!.GetValue<string>());
        Assert.Equal("0.00000000", btc["paid"]!["value"]!.GetValue<string>());
        var address = btc["destination"]!.GetValue<string>();
        Assert.StartsWith("bcrt1q", address, StringComparison.Ordinal);
        Assert.Equal($"bitcoin:{address}?amount=0.00025991", btc["paymentUri"]!.GetValue<string>());

        var ltc = invoice["paymentMethods"]![1]!;
        Assert.Equal("0.27434823", ltc["due"]!["value"]!.GetValue<string>());
        Assert.StartsWith("rltc1q", ltc["destination"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("litecoin:rltc1q", ltc["paymentUri"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DerivesTheDepartmentsReceiveAddressesInOrder()
    {
        await gateway.Client.CreateDepartmentAsync("derivation");

        var first = await gateway.Client.CreateInvoiceAsync("derivation");
        var second = await gateway.Client.CreateInvoiceAsync("derivation");

        Assert.Equal(TestKeys.ExpectedRegtestAddress("derivation", 0), first["paymentMethods"]![0]!["destination"]!.GetValue<string>());
        Assert.Equal(TestKeys.ExpectedRegtestAddress("derivation", 1), second["paymentMethods"]![0]!["destination"]!.GetValue<string>());
        var department = await (await gateway.Client.GetAsync("/v1/departments/derivation")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, department["wallets"]!["BTC"]!["addressesIssued"]!.GetValue<long>());
    }

    [Fact]
    public async Task GetsAnInvoiceAsItWasCreated()
    {
        var created = await gateway.Client.CreateInvoiceAsync("water");

        var fetched = await (await gateway.Client.GetAsync($"/v1/invoices/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(created.ToJsonString(), fetched.ToJsonString());
    }

    [Theory]
    [InlineData("inv_00000000000000000000000000")]
    [InlineData("not-an-id")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task AnUnknownInvoiceIsNotFound(string id)
    {
        await (await gateway.Client.GetAsync($"/v1/invoices/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound, "invoice-not-found");
        await (await gateway.Client.PostAsync($"/v1/invoices/{id}/cancel", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "invoice-not-found");
    }

    [Fact]
    public async Task CancelsANewInvoiceOnce()
    {
        var invoice = await gateway.Client.CreateInvoiceAsync("water");

        var cancelled = await (await gateway.Client.PostAsync($"/v1/invoices/{invoice["id"]}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        var again = await gateway.Client.PostAsync($"/v1/invoices/{invoice["id"]}/cancel", null);

        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        await again.ExpectProblemAsync(HttpStatusCode.Conflict, "invoice-not-cancellable");
    }

    [Fact]
    public async Task ListsEveryInvoiceOnceNewestFirstAcrossPages()
    {
        await gateway.Client.CreateDepartmentAsync("listing");
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await gateway.Client.CreateInvoiceAsync("listing"))["id"]!.GetValue<string>());
        }

        var seen = new List<string>();
        var hasMore = new List<bool>();
        var query = "/v1/invoices?department=listing&limit=3";
        while (query is not null)
        {
            var page = await (await gateway.Client.GetAsync(query)).ExpectAsync(HttpStatusCode.OK);
            var ids = page["data"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
            seen.AddRange(ids);
            hasMore.Add(page["hasMore"]!.GetValue<bool>());
            query = hasMore[^1] ? $"/v1/invoices?department=listing&limit=3&startingAfter={ids[^1]}" : null;
        }

        Assert.Equal(Enumerable.Reverse(created), seen);
        Assert.Equal([true, true, false], hasMore);
    }

    [Fact]
    public async Task FiltersByStatus()
    {
        await gateway.Client.CreateDepartmentAsync("filtering");
        var kept = await gateway.Client.CreateInvoiceAsync("filtering");
        var cancelled = await gateway.Client.CreateInvoiceAsync("filtering");
        await gateway.Client.PostAsync($"/v1/invoices/{cancelled["id"]}/cancel", null);

        var page = await (await gateway.Client.GetAsync("/v1/invoices?department=filtering&status=cancelled")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([cancelled["id"]!.GetValue<string>()], page["data"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.NotEqual(kept["id"]!.GetValue<string>(), cancelled["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("limit=0", "limit-out-of-range", "limit")]
    [InlineData("limit=101", "limit-out-of-range", "limit")]
    [InlineData("limit=1.5", "limit-out-of-range", "limit")]
    [InlineData("status=paid", "status-invalid", "status")]
    [InlineData("department=Water%20Dept", "department-code-invalid", "department")]
    [InlineData("startingAfter=inv_zzzzzzzzzzzzzzzzzzzzzzzzzz", "cursor-not-found", "startingAfter")]
    [InlineData("startingAfter=%27%20OR%201%3D1", "cursor-invalid", "startingAfter")]
    public async Task RefusesABadListQuery(string query, string code, string field)
    {
        var response = await gateway.Client.GetAsync($"/v1/invoices?{query}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code, field);
    }
}
