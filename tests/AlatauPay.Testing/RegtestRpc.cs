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
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(120) };
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
