using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AlatauPay.Cli.Audit;

/// <summary>The gateway's ledger endpoints over HTTP, with the auditor's bearer key.</summary>
public sealed class LedgerClient : IDisposable
{
    private readonly HttpClient http;

    public LedgerClient(Uri server, string key, HttpMessageHandler? handler = null)
    {
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = server;
        http.Timeout = Timeout.InfiniteTimeSpan;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public async Task<SignedHeadFile> SignedHeadAsync(CancellationToken cancellationToken)
    {
        var head = await GetJsonAsync("/v1/ledger/tree-head", cancellationToken);
        var key = await GetJsonAsync("/v1/ledger/signing-key", cancellationToken);
        return new SignedHeadFile(
            head["treeSize"]!.GetValue<long>(),
            head["rootHash"]!.GetValue<string>(),
            head["timestamp"]!.GetValue<DateTimeOffset>(),
            head["signature"]!.GetValue<string>(),
            head["keyId"]!.GetValue<string>(),
            key["publicKey"]!.GetValue<string>());
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyAsync(long from, long to, CancellationToken cancellationToken) =>
        Hashes((await GetJsonAsync($"/v1/ledger/consistency?from={from}&to={to}", cancellationToken))["proof"]!);

    public async Task<(long LeafIndex, byte[] Canonical, IReadOnlyList<byte[]> Path)> InclusionAsync(long entryId, long treeSize, CancellationToken cancellationToken)
    {
        var entry = await GetJsonAsync($"/v1/ledger/entries/{entryId}", cancellationToken);
        var proof = await GetJsonAsync($"/v1/ledger/entries/{entryId}/proof?treeSize={treeSize}", cancellationToken);
        return (proof["leafIndex"]!.GetValue<long>(), Convert.FromBase64String(entry["canonical"]!.GetValue<string>()), Hashes(proof["auditPath"]!));
    }

    /// <summary>Opens an export as a stream: nothing is buffered beyond the socket's own.</summary>
    public async Task<(Stream Body, long? Length)> OpenExportAsync(string query, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync($"/v1/ledger/export?{query}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadAsStreamAsync(cancellationToken), response.Content.Headers.ContentLength);
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) ?? throw new InvalidDataException($"{path} answered an empty body.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {body}");
        }
    }

    private static byte[][] Hashes(JsonNode array) => [.. array.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>()))];
}
