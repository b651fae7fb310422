using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AlatauPay.Testing;

/// <summary>How a reply goes on the wire.</summary>
public enum ReplyFraming
{
    Whole,

    /// <summary>Content-Length says more than is sent, then the connection closes: a body cut off.</summary>
    CutOff,

    /// <summary>The connection closes without any answer.</summary>
    Hangup,

    /// <summary>Nothing is sent until the client gives up.</summary>
    Stall,
}

public sealed record HostileReply(int Status, byte[] Body, ReplyFraming Framing = ReplyFraming.Whole)
{
    public static HostileReply Json(string body, int status = 200) => new(status, Encoding.UTF8.GetBytes(body));
}

/// <summary>
/// A JSON-RPC node on loopback that answers whatever <see cref="Answer"/> makes of each request, down to
/// the framing: cut-off bodies, hang-ups and stalls, which a real node cannot be made to produce.
/// </summary>
public sealed class HostileRpcServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();

    public HostileRpcServer()
    {
        listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Makes the reply to one request body (a JSON-RPC call or batch).</summary>
    public Func<JsonNode?, HostileReply> Answer { get; set; } = _ => HostileReply.Json("{}");

    public int Requests { get; private set; }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                while (await ReadRequestAsync(stream) is { } body)
                {
                    Requests++;
                    JsonNode? request;
                    try
                    {
                        request = JsonNode.Parse(body);
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        request = null;
                    }

                    var reply = Answer(request);
                    switch (reply.Framing)
                    {
                        case ReplyFraming.Hangup:
                            return;
                        case ReplyFraming.Stall:
                            await Task.Delay(Timeout.Infinite, stopping.Token);
                            return;
                        case ReplyFraming.CutOff:
                            await WriteAsync(stream, reply.Status, reply.Body, reply.Body.Length * 2 + 10);
                            return;
                        default:
                            await WriteAsync(stream, reply.Status, reply.Body, reply.Body.Length);
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The client gave up or the server is stopping.
            }
        }
    }

    private static async Task WriteAsync(NetworkStream stream, int status, byte[] body, int declaredLength)
    {
        var head = Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {declaredLength}\r\n\r\n"));
        await stream.WriteAsync(head);
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private static async Task<string?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        var length = head.ToString().Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return Encoding.UTF8.GetString(body);
    }
}
