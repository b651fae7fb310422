namespace AlatauPay.Fuzz;

/// <summary>
/// One generated request. <paramref name="BreaksHttp"/> marks requests that are not valid HTTP/1.1
/// (CRLF or raw bytes in the target, lying framing, oversized heads): Kestrel refuses those before any
/// application code runs, with a bare 4xx and no body.
/// </summary>
public sealed record HostileRequest(
    int Index,
    string Kind,
    Endpoint Endpoint,
    string Method,
    byte[] Bytes,
    bool BreaksHttp,
    string? IdempotencyKey,
    bool ReusedKey)
{
    public bool HeadOnly => Method == "HEAD";
}
