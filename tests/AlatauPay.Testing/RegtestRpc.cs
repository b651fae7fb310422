using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AlatauPay.Testing;

/// <summary>
/// A deliberately plain JSON-RPC caller for driving test nodes, independent of the production client it
/// helps to test.
/// </summary>
public sealed class RegtestRpc(Uri url, string user, string password) : IDisposable
{
    // The test nodes close a keep-alive connection after 2 s idle (-rpcservertimeout=2, see RegtestNode). A request
    // sent on a connection at the moment the node closes it fails with "the response ended prematurely". The pool
    // checks a connection's age when it hands it out (its idle timeout only by a periodic sweep), so connections
    // live at most 1 s: one handed out has been idle less than that, and the node is not about to close it.
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) })
    {
        Timeout = TimeSpan.FromSeconds(120),
    };
    private readonly AuthenticationHeaderValue authorization =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>The result of <paramref name="method"/>, cloned so it outlives the reply.</summary>
    /// <exception cref="RegtestRpcException">The node answered with an error.</exception>
    public async Task<JsonElement> CallAsync(string method, params object?[] parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new { jsonrpc = "1.0", id = 1, method, @params = parameters }),
        };
        request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0)
        {
            throw new HttpRequestException($"{method}: HTTP {(int)response.StatusCode} with an empty body");
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            throw new RegtestRpcException(method, error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString() ?? "");
        }

        return root.GetProperty("result").Clone();
    }

    public void Dispose() => http.Dispose();
}

public sealed class RegtestRpcException(string method, int code, string message)
    : Exception($"{method} failed with {code}: {message}")
{
    public int Code { get; } = code;
}
