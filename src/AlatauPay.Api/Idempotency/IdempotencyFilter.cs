using AlatauPay.Application.Access;
using AlatauPay.Application.Behaviors;
using AlatauPay.Application.Common;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Idempotency;

/// <summary>
/// Makes every POST idempotent under its <c>Idempotency-Key</c>, scoped to the API key. The endpoint runs
/// inside a transaction this filter opens, and its response is stored in that same transaction, so the
/// record commits exactly when the effect does. A running request's key is marked in the gate, so a
/// concurrent retry is told 409 at once instead of queueing behind it.
/// </summary>
internal sealed class IdempotencyFilter(
    IIdempotencyGate gate,
    IOptions<IdempotencyOptions> options,
    AlatauPayMetrics metrics,
    TimeProvider clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || (!options.Value.RequireKey && !http.Request.Headers.ContainsKey(IdempotencyRequest.Header)))
        {
            return await next(context);
        }

        var key = IdempotencyRequest.ReadKey(http.Request);
        var services = http.RequestServices;
        var owner = services.GetRequiredService<Caller>().KeyId;
        var scopedKey = $"{owner}:{key}";
        var fingerprint = await IdempotencyRequest.FingerprintAsync(http.Request, http.RequestAborted);
        var records = services.GetRequiredService<IIdempotencyRecords>();

        // A response the gate remembers (Redis) is replayed without the store; the store's record is read once
        // the key is claimed, below, so a replay and a first attempt each cost one read.
        if (await gate.FindAsync(scopedKey, http.RequestAborted) is { } remembered)
        {
            return Replay(remembered, fingerprint);
        }

        var claim = await gate.TryClaimAsync(scopedKey, fingerprint, http.RequestAborted);
        if (!claim.Acquired)
        {
            throw claim.HolderFingerprint == fingerprint ? InFlight() : Reused();
        }

        try
        {
            // This filter owns the request's transaction, so a transient store failure reruns the endpoint
            // here, whole, in a fresh transaction: the effect and its record still commit together.
            var unitOfWork = services.GetRequiredService<IUnitOfWork>();
            return await TransientRetry.RunAsync(
                unitOfWork, async () => await RunOnceAsync(context, next, records, owner, key, fingerprint, scopedKey), http.RequestAborted);
        }
        finally
        {
            await gate.ReleaseAsync(scopedKey, claim.Token!);
        }
    }

    private async Task<IResult> RunOnceAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next,
        IIdempotencyRecords records,
        string owner,
        string key,
        string fingerprint,
        string scopedKey)
    {
        var http = context.HttpContext;
        var unitOfWork = http.RequestServices.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(http.RequestAborted);
        IdempotentResponse response;
        try
        {
            // Read under the claim: a twin that committed before the claim is replayed here, and one that commits
            // after it cannot, since it would need the claim. Were the gate's marks ever lost (a Redis timeout), the
            // record's key still keeps the effect to one: AddAsync below says so.
            if (await records.FindAsync(owner, key, clock.GetUtcNow(), http.RequestAborted) is { } committed)
            {
                await unitOfWork.RollbackAsync(CancellationToken.None);
                return Replay(committed, fingerprint);
            }

            response = await ResponseCapture.RunAsync(http, await next(context), fingerprint);
            var now = clock.GetUtcNow();
            if (response.Status is >= 200 and < 300
                && !await records.AddAsync(owner, key, response, now, now + options.Value.Retention, http.RequestAborted))
            {
                // The gate's marks failed us (a Redis timeout, say) and a twin request committed first: undo this
                // one's effect and answer as the twin did.
                await unitOfWork.RollbackAsync(CancellationToken.None);
                var twin = await records.FindAsync(owner, key, now, http.RequestAborted);
                return twin is not null ? Replay(twin, fingerprint) : throw InFlight();
            }

            await unitOfWork.CommitAsync(http.RequestAborted);
        }
        catch
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
            throw;
        }

        await gate.RememberAsync(scopedKey, response, options.Value.Retention, CancellationToken.None);
        return new StoredResponseResult(response, replayed: false);
    }

    private StoredResponseResult Replay(IdempotentResponse stored, string fingerprint)
    {
        if (stored.Fingerprint != fingerprint)
        {
            throw Reused();
        }

        metrics.IdempotentReplay();
        return new StoredResponseResult(stored, replayed: true);
    }

    private static StateConflictException InFlight() =>
        new("idempotency-key-in-flight", "A request with this Idempotency-Key is still running; retry it shortly.");

    private static UnprocessableRequestException Reused() =>
        new("idempotency-key-reused", "This Idempotency-Key was used for a different request (method, path or body); use a new key.");
}
