using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AlatauPay.Application.Chains;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>
/// Bitcoin Core JSON-RPC over HTTP. Every failure leaves as one of the chain port's two exceptions:
/// <see cref="ChainConfigurationException"/> when the node refuses the credentials, otherwise
/// <see cref="ChainUnavailableException"/>; retrying is the watcher's business, except for one immediate
/// retry of a failed connection, which cures a pooled connection the node closed when it restarted.
/// </summary>
internal sealed partial class BitcoinRpcClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Uri url;
    private readonly TimeSpan timeout;
    private readonly RpcCredentials credentials;
    private readonly string chain;
    private readonly string settings;
    private readonly ILogger logger;

    /// <summary>
    /// <paramref name="chain"/> (the chain code) and <paramref name="settings"/> (the section of the RPC
    /// settings, <c>AlatauPay:Chains:LTC:Rpc</c>) only name things in messages.
    /// </summary>
    public BitcoinRpcClient(BitcoinRpcOptions options, string chain, string settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        url = options.Url ?? throw new ArgumentException($"{settings}:Url is not set.", nameof(options));
        Endpoint = new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();
        timeout = options.Timeout;
        credentials = new RpcCredentials(options, settings);
        this.chain = chain;
        this.settings = settings;
        this.logger = logger;
        // Idle connections are dropped before Core's server closes them (-rpcservertimeout, 30 s by default),
        // so a call rarely lands on a connection the node is closing; a node restarting waits for them too.
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
        };
        http = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The endpoint without any user information, safe for messages and logs.</summary>
    public string Endpoint { get; }

    public Task<T> CallAsync<T>(RpcRequest request, Func<RpcReply, T> read, CancellationToken cancellationToken) =>
        SendAsync(
            [request],
            batch: false,
            root => read(RpcReply.Read(request.Method, root)),
            cancellationToken);

    /// <summary>Calls <paramref name="request"/> and reads its result; a node error becomes <see cref="ChainUnavailableException"/>.</summary>
    public Task<T> CallAsync<T>(RpcRequest request, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        CallAsync(request, reply => read(reply.ResultOrThrow(chain)), cancellationToken);

    /// <summary>Sends the calls as one HTTP request; the replies come back in the order of <paramref name="requests"/>.</summary>
    public Task<T[]> BatchAsync<T>(IReadOnlyList<RpcRequest> requests, Func<RpcReply, T> read, CancellationToken cancellationToken) =>
        requests.Count == 0
            ? Task.FromResult(Array.Empty<T>())
            : SendAsync(requests, batch: true, root => ReadBatch(requests, root, read), cancellationToken);

    public void Dispose() => http.Dispose();

    private static T[] ReadBatch<T>(IReadOnlyList<RpcRequest> requests, JsonElement root, Func<RpcReply, T> read)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != requests.Count)
        {
            throw new FormatException($"a batch of {requests.Count} calls was answered with {root.ValueKind}");
        }

        var results = new T[requests.Count];
        var seen = new bool[requests.Count];
        foreach (var reply in root.EnumerateArray())
        {
            var id = reply.RequiredInt64("id");
            if (id < 0 || id >= requests.Count || seen[id])
            {
                throw new FormatException($"a batch reply has the unexpected id {id}");
            }

            seen[id] = true;
            results[id] = read(RpcReply.Read(requests[(int)id].Method, reply));
        }

        return results;
    }

    private async Task<T> SendAsync<T>(IReadOnlyList<RpcRequest> requests, bool batch, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var body = RpcRequest.Serialize(requests, batch);
        var method = batch ? $"a batch of {requests.Count} {requests[0].Method} calls" : requests[0].Method;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await SendWithRetriesAsync(body, method, read, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChainUnavailableException($"The {chain} node at {Endpoint} did not answer {method} within {timeout.TotalSeconds:0.#} s ({settings}:Timeout).", e);
        }
    }

    private async Task<T> SendWithRetriesAsync<T>(byte[] body, string method, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var reloadCookie = false;
        var reconnected = false;
        while (true)
        {
            var authorization = await credentials.GetAsync(reloadCookie, cancellationToken).ConfigureAwait(false);
            using var response = await PostAsync(body, authorization, method, !reconnected, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                reconnected = true;
                continue;
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && credentials.UsesCookie && !reloadCookie)
                {
                    LogCookieRefused(logger, chain);
                    reloadCookie = true;
                    continue;
                }

                throw new ChainConfigurationException(
                    $"The {chain} node at {Endpoint} refused the RPC credentials (HTTP {(int)response.StatusCode}): {credentials.Describe()}.");
            }

            return await ReadAsync(response, method, read, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>Null when the connection failed and <paramref name="mayRetry"/> allows one more attempt.</returns>
    private async Task<HttpResponseMessage?> PostAsync(
        byte[] body, AuthenticationHeaderValue? authorization, string method, bool mayRetry, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = authorization;
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e) && mayRetry)
        {
            LogRetrying(logger, chain, method, e.Message);
            return null;
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw new ChainUnavailableException($"The {chain} node at {Endpoint} cannot be reached for {method}: {e.Message}", e);
        }
    }

    /// <summary>
    /// A connection reset at the wrong moment can surface from <see cref="HttpClient"/> as a bare socket or I/O error
    /// (seen here: <c>SocketException</c> 107 from the connection pool reading the remote end point), not only as
    /// <see cref="HttpRequestException"/>; each is the node being unreachable, never a reason to crash.
    /// </summary>
    private static bool IsConnectionFailure(Exception e) => e is HttpRequestException or System.Net.Sockets.SocketException or IOException;

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string method, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        // Bitcoin Core answers a refused call with HTTP 500 (404 for an unknown method) and a JSON-RPC error body.
        var mayCarryReply = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.InternalServerError or HttpStatusCode.NotFound;
        if (!mayCarryReply)
        {
            throw Unavailable($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", method);
        }

        JsonDocument document;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException e)
        {
            throw Unavailable($"HTTP {(int)response.StatusCode} with a body that is not JSON ({e.Message})", method, e);
        }
        catch (IOException e)
        {
            throw Unavailable($"the connection failed while reading the reply ({e.Message})", method, e);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable($"the connection failed while reading the reply ({e.Message})", method, e);
        }

        using (document)
        {
            if (response.StatusCode != HttpStatusCode.OK && !CarriesError(document.RootElement))
            {
                throw Unavailable($"HTTP {(int)response.StatusCode} without a JSON-RPC error", method);
            }

            try
            {
                return read(document.RootElement);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException)
            {
                throw Unavailable($"a malformed reply ({e.Message})", method, e);
            }
        }
    }

    private static bool CarriesError(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object;

    private ChainUnavailableException Unavailable(string what, string method, Exception? inner = null) =>
        new($"The {chain} node at {Endpoint} answered {method} with {what}.", inner);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Chain} node refused the RPC cookie; reading the cookie file again, as the node rewrites it on restart")]
    private static partial void LogCookieRefused(ILogger logger, string chain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calling {Method} on the {Chain} node failed to connect ({Reason}); retrying once")]
    private static partial void LogRetrying(ILogger logger, string chain, string method, string reason);
}
