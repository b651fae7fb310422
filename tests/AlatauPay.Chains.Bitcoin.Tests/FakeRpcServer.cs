using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlatauPay.Chains.Bitcoin.Tests;

/// <summary>
/// A stand-in for a node that misbehaves: answers every POST with what <c>answer</c> returns for the
/// request body. It plays the outside world's broken node, which a real one cannot be made to be.
/// </summary>
internal sealed class FakeRpcServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<string, Task<(int Status, string Body)>> answer;

    public FakeRpcServer(Func<string, (int Status, string Body)> answer)
        : this(body => Task.FromResult(answer(body)))
    {
    }

    public FakeRpcServer(Func<string, Task<(int Status, string Body)>> answer)
    {
        this.answer = answer;
        Url = new Uri($"http://127.0.0.1:{FreePort()}/");
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        _ = ServeAsync();
    }

    public Uri Url { get; }

    public void Dispose() => listener.Close();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = RespondAsync(context);
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var (status, body) = await answer(await reader.ReadToEndAsync());
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up (a timeout test) or the server is closing.
        }
    }
}
