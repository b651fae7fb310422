using System.Net;

namespace AlatauPay.Api.Tests;

public sealed class ConcurrentCreationTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task FiftyConcurrentInvoicesGetFiftyDistinctAddressesPerChain()
    {
        await gateway.Client.CreateDepartmentAsync("busy");

        var invoices = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => gateway.Client.CreateInvoiceAsync("busy"))));

        var btc = invoices.Select(i => i["paymentMethods"]![0]!["destination"]!.GetValue<string>()).ToHashSet();
        var ltc = invoices.Select(i => i["paymentMethods"]![1]!["destination"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(50, btc.Count);
        Assert.Equal(50, ltc.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => TestKeys.ExpectedRegtestAddress("busy", (uint)i)).ToHashSet(), btc);
        var department = await (await gateway.Client.GetAsync("/v1/departments/busy")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(50, department["wallets"]!["BTC"]!["addressesIssued"]!.GetValue<long>());
        Assert.Equal(50, department["wallets"]!["LTC"]!["addressesIssued"]!.GetValue<long>());
    }
}
