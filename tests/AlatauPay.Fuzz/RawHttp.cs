using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AlatauPay.Fuzz;

/// <summary>An HTTP/1.1 answer as read off the socket.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool ServerClosed)
{
    /// <summary>The head arrived, then the connection broke inside the body.</summary>
    public bool CutOff { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public string ContentType => Header("content-type") ?? "";

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// One keep-alive connection that writes requests as raw bytes — so a request can carry what HttpClient
/// refuses to send (CRLF or NUL in the target, invalid UTF-8, lying framing) — and reads the answer.
/// </summary>
public sealed class RawConnection(Uri address) : IDisposable
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private TcpClient? client;
    private Stream? stream;
    private readonly byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    /// <summary>Sends <paramref name="request"/> and reads one answer; null when the server closed without one.</summary>
    public async Task<RawResponse?> ExchangeAsync(byte[] request, bool headOnly, bool streams, CancellationToken cancellationToken)
    {
        var reused = stream is not null;
        var response = await ExchangeOnceAsync(request, headOnly, streams, cancellationToken);
        if (response is null && reused)
        {
            // A kept-alive connection the server had already closed (after refusing a body it would not
            // read, say): as any HTTP client does, send again once on a fresh connection.
            response = await ExchangeOnceAsync(request, headOnly, streams, cancellationToken);
        }

        return response;
    }

    private async Task<RawResponse?> ExchangeOnceAsync(byte[] request, bool headOnly, bool streams, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        try
        {
            await connection.WriteAsync(request, cancellationToken);
            await connection.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // The server may refuse part-way (a header too large) and still have answered: read on.
        }

        var response = await ReadResponseAsync(connection, headOnly, streams, cancellationToken);
        if (response is null || response.ServerClosed || streams
            || string.Equals(response.Header("connection"), "close", StringComparison.OrdinalIgnoreCase))
        {
            Reset();
        }

        return response;
    }

    public void Reset()
    {
        stream?.Dispose();
        client?.Dispose();
        stream = null;
        client = null;
        start = end = 0;
    }

    public void Dispose() => Reset();

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        if (stream is not null)
        {
            return stream;
        }

        client = new TcpClient { NoDelay = true, LingerState = new LingerOption(true, 0) };
        await client.ConnectAsync(address.Host, address.Port, cancellationToken);
        stream = client.GetStream();
        return stream;
    }

    private async Task<RawResponse?> ReadResponseAsync(Stream connection, bool headOnly, bool streams, CancellationToken cancellationToken)
    {
        string? head;
        try
        {
            head = await ReadHeadAsync(connection, cancellationToken);
        }
        catch (IOException)
        {
            return null;
        }

        if (head is null)
        {
            return null;
        }

        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"Not an HTTP status line: '{lines[0]}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim().ToLowerInvariant();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
        }

        if (status == 100)
        {
            return await ReadResponseAsync(connection, headOnly, streams, cancellationToken);
        }

        var closed = false;
        byte[] body;
        try
        {
            (body, closed) = await ReadBodyAsync(connection, status, headers, headOnly, streams, cancellationToken);
        }
        catch (IOException)
        {
            return new RawResponse(status, headers, [], true) { CutOff = true };
        }

        return new RawResponse(status, headers, body, closed);
    }

    private async Task<(byte[] Body, bool Closed)> ReadBodyAsync(
        Stream connection, int status, Dictionary<string, string> headers, bool headOnly, bool streams, CancellationToken cancellationToken)
    {
        var closed = false;
        byte[] body;
        if (headOnly || status is 204 or 304 || (streams && status is >= 200 and < 300))
        {
            body = [];
        }
        else if (headers.TryGetValue("content-length", out var length))
        {
            body = await ReadExactlyAsync(connection, int.Parse(length, CultureInfo.InvariantCulture), cancellationToken);
        }
        else if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(connection, cancellationToken);
        }
        else
        {
            body = await ReadToEndAsync(connection, cancellationToken);
            closed = true;
        }

        return (body, closed);
    }

    private async Task<string?> ReadHeadAsync(Stream connection, CancellationToken cancellationToken)
    {
        var head = new MemoryStream();
        while (true)
        {
            for (var i = start; i < end; i++)
            {
                head.WriteByte(buffer[i]);
                var bytes = head.GetBuffer();
                var n = (int)head.Length;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
                {
                    start = i + 1;
                    return Encoding.Latin1.GetString(bytes, 0, n - 4);
                }
            }

            start = end = 0;
            if (!await FillAsync(connection, cancellationToken))
            {
                return null;
            }
        }
    }

    private async Task<byte[]> ReadExactlyAsync(Stream connection, int count, CancellationToken cancellationToken)
    {
        if (count > MaxBodyBytes)
        {
            throw new InvalidDataException($"An answer of {count} bytes");
        }

        var body = new byte[count];
        var read = 0;
        while (read < count)
        {
            if (start == end && !await FillAsync(connection, cancellationToken))
            {
                throw new InvalidDataException($"The server closed after {read} of {count} body bytes (a partial write).");
            }

            var take = Math.Min(count - read, end - start);
            Array.Copy(buffer, start, body, read, take);
            start += take;
            read += take;
        }

        return body;
    }

    private async Task<byte[]> ReadChunkedAsync(Stream connection, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(connection, cancellationToken);
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while ((await ReadLineAsync(connection, cancellationToken)).Length > 0)
                {
                    // Trailers, if any.
                }

                return body.ToArray();
            }

            body.Write(await ReadExactlyAsync(connection, size, cancellationToken));
            await ReadLineAsync(connection, cancellationToken);
            if (body.Length > MaxBodyBytes)
            {
                throw new InvalidDataException("A chunked answer over 16 MiB");
            }
        }
    }

    private async Task<string> ReadLineAsync(Stream connection, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (start == end && !await FillAsync(connection, cancellationToken))
            {
                throw new InvalidDataException("The server closed inside a chunked answer (a partial write).");
            }

            var c = (char)buffer[start++];
            if (c == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append(c);
        }
    }

    private async Task<byte[]> ReadToEndAsync(Stream connection, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        body.Write(buffer, start, end - start);
        start = end = 0;
        try
        {
            while (await FillAsync(connection, cancellationToken))
            {
                body.Write(buffer, 0, end);
                start = end = 0;
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what was read is the body.
        }

        return body.ToArray();
    }

    private async Task<bool> FillAsync(Stream connection, CancellationToken cancellationToken)
    {
        var read = await connection.ReadAsync(buffer, cancellationToken);
        start = 0;
        end = read;
        return read > 0;
    }
}
