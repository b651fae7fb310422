using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlatauPay.Application.Chains;

namespace AlatauPay.Chains.Ethereum.Rpc;

/// <summary>
/// Ethereum JSON-RPC over HTTP, with batching. Every transport or format failure leaves as
/// <see cref="ChainUnavailableException"/>, which the watcher retries with backoff.
/// </summary>
internal sealed class EvmRpcClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Uri url;
    private readonly TimeSpan timeout;

    public EvmRpcClient(Uri url, TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        this.url = url;
        this.timeout = timeout;
        Endpoint = new UriBuilder(url) { UserName = "", Password = "", Query = "" }.Uri.ToString();
        http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The endpoint without user information or query (an API key may sit there), safe for messages.</summary>
    public string Endpoint { get; }

    /// <summary>HTTP requests sent so far: the round trips the benchmark counts.</summary>
    public long RoundTrips => Interlocked.Read(ref roundTrips);

    private long roundTrips;

    /// <summary>Calls one method; a node error becomes <see cref="ChainUnavailableException"/>.</summary>
    public async Task<JsonElement> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var replies = await BatchAsync([new EvmRpcCall(method, parameters)], cancellationToken).ConfigureAwait(false);
        return replies[0].ResultOrThrow(Endpoint);
    }

    /// <summary>Sends the calls in one HTTP request; replies come back in the order of <paramref name="calls"/>.</summary>
    public async Task<EvmRpcReply[]> BatchAsync(IReadOnlyList<EvmRpcCall> calls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return [];
        }

        var body = new JsonArray();
        for (var i = 0; i < calls.Count; i++)
        {
            body.Add(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = i,
                ["method"] = calls[i].Method,
                ["params"] = calls[i].Parameters.DeepClone(),
            });
        }

        var what = calls.Count == 1 ? calls[0].Method : $"a batch of {calls.Count} calls ({calls[0].Method}, …)";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            Interlocked.Increment(ref roundTrips);
            using var content = new StringContent(body.ToJsonString());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content, deadline.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ChainUnavailableException($"The ETH node at {Endpoint} answered {what} with HTTP {(int)response.StatusCode}.");
            }

            using var document = JsonDocument.Parse(text);
            return Read(document.RootElement, calls);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChainUnavailableException($"The ETH node at {Endpoint} did not answer {what} within {timeout.TotalSeconds:0.#} s.", e);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            // A reset at the wrong moment can surface as a bare socket or I/O error, not only HttpRequestException.
            throw new ChainUnavailableException($"The ETH node at {Endpoint} cannot be reached for {what}: {e.Message}", e);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ChainUnavailableException($"The ETH node at {Endpoint} answered {what} with a malformed reply ({e.Message}).", e);
        }
    }

    public void Dispose() => http.Dispose();

    private static EvmRpcReply[] Read(JsonElement root, IReadOnlyList<EvmRpcCall> calls)
    {
        // A node that refuses batches answers with one error object instead of an array.
        if (root.ValueKind == JsonValueKind.Object)
        {
            var single = ReadOne(root, calls[0].Method);
            if (calls.Count == 1 || single.Error is not null)
            {
                return calls.Count == 1 ? [single] : throw new FormatException($"a batch was refused: {single.Error}");
            }
        }

        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != calls.Count)
        {
            throw new FormatException($"a batch of {calls.Count} calls was answered with {root.ValueKind}");
        }

        var replies = new EvmRpcReply[calls.Count];
        foreach (var element in root.EnumerateArray())
        {
            var id = element.GetProperty("id").GetInt32();
            if (id < 0 || id >= calls.Count || replies[id] is not null)
            {
                throw new FormatException($"a batch reply has the unexpected id {id}");
            }

            replies[id] = ReadOne(element, calls[id].Method);
        }

        return replies;
    }

    private static EvmRpcReply ReadOne(JsonElement element, string method)
    {
        if (element.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt64(out var n) ? n : 0;
            var message = error.TryGetProperty("message", out var m) ? m.ToString() : "";
            return new EvmRpcReply(method, default, new EvmRpcError(code, message));
        }

        return element.TryGetProperty("result", out var result)
            ? new EvmRpcReply(method, result.Clone(), null)
            : throw new FormatException($"the reply to {method} has neither result nor error");
    }
}

internal sealed record EvmRpcCall(string Method, JsonArray Parameters);

internal sealed record EvmRpcError(long Code, string Message)
{
    public const long MethodNotFound = -32601;

    public override string ToString() => $"{Code}: {Message}";
}

internal sealed record EvmRpcReply(string Method, JsonElement Result, EvmRpcError? Error)
{
    public JsonElement ResultOrThrow(string endpoint) =>
        Error is { } error
            ? throw new ChainUnavailableException($"The ETH node at {endpoint} answered {Method} with error {error}.")
            : Result;
}
