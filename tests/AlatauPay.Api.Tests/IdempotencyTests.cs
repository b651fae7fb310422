using System.Net;
using System.Text;

namespace AlatauPay.Api.Tests;

public sealed class IdempotencyTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("idem").ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ARetryReplaysTheStoredResponse()
    {
        var key = Guid.NewGuid().ToString();
        var body = Requests.Invoice("idem").ToJsonString();

        var first = await PostAsync("/v1/invoices", body, key);
        var second = await PostAsync("/v1/invoices", body, key);

        var created = await first.ExpectAsync(HttpStatusCode.Created);
        var replayed = await second.ExpectAsync(HttpStatusCode.Created);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task TheSameKeyForADifferentRequestIsRefused()
    {
        var key = Guid.NewGuid().ToString();
        await (await PostAsync("/v1/invoices", Requests.Invoice("idem").ToJsonString(), key)).ExpectAsync(HttpStatusCode.Created);

        var response = await PostAsync("/v1/invoices", Requests.Invoice("idem", "1.00").ToJsonString(), key);

        await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
    }

    [Fact]
    public async Task KeysAreScopedToTheApiKey()
    {
        var key = Guid.NewGuid().ToString();
        var body = Requests.Invoice("idem").ToJsonString();
        var (_, secret) = await gateway.CreateKeyAsync(["invoices:write"]);
        using var other = gateway.ClientWithKey(secret);
        await (await PostAsync("/v1/invoices", body, key)).ExpectAsync(HttpStatusCode.Created);

        var response = await PostAsync("/v1/invoices", body, key, other);

        await response.ExpectAsync(HttpStatusCode.Created);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task AFailedRequestIsNotRemembered()
    {
        var key = Guid.NewGuid().ToString();
        var body = Requests.Invoice("idem-later").ToJsonString();
        var failed = await PostAsync("/v1/invoices", body, key);
        await failed.ExpectProblemAsync(HttpStatusCode.BadRequest, "department-not-found");
        await gateway.Client.CreateDepartmentAsync("idem-later");

        var retried = await PostAsync("/v1/invoices", body, key);

        await retried.ExpectAsync(HttpStatusCode.Created);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData(null, "idempotency-key-required")]
    [InlineData("", "idempotency-key-invalid")]
    [InlineData("has space", "idempotency-key-invalid")]
    [InlineData("LONG", "idempotency-key-invalid")]
    public async Task RefusesAMissingOrMalformedKey(string? key, string code)
    {
        var response = await PostAsync("/v1/invoices", Requests.Invoice("idem").ToJsonString(), key == "LONG" ? new string('k', 256) : key);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code, "Idempotency-Key");
    }

    [Fact]
    public async Task AKeyOf255CharactersIsAccepted()
    {
        var response = await PostAsync("/v1/invoices", Requests.Invoice("idem").ToJsonString(), new string('k', 254) + Guid.NewGuid().ToString("N")[..1]);

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body, string? key, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return (client ?? gateway.RawClient).SendAsync(request);
    }
}
