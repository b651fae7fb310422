namespace AlatauPay.Testing;

/// <summary>Every POST needs an Idempotency-Key; tests that are not about it get a fresh one per request.</summary>
public sealed class FreshIdempotencyKeys : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && !request.Headers.Contains("Idempotency-Key"))
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
