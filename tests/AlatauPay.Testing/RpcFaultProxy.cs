using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AlatauPay.Testing;

/// <summary>What <see cref="RpcFaultProxy"/> does to the traffic passing through it.</summary>
public enum RpcFault
{
    /// <summary>Bytes pass both ways untouched.</summary>
    None,

    /// <summary>Answers reach the caller only after <see cref="RpcFaultProxy.AnswerDelay"/> (for a share of them, <see cref="RpcFaultProxy.FaultRate"/>).</summary>
    DelayAnswers,

    /// <summary>Connections are accepted and requests read, but nothing is forwarded or answered: a node that hangs.</summary>
    Hang,

    /// <summary>Every open connection is reset and new ones are reset on accept: a node that is down.</summary>
    Refuse,
}

/// <summary>
/// A TCP proxy on a loopback port that a drill puts between the gateway and a node (litecoind, anvil, or
/// anything else spoken to over TCP). It passes bytes through, and on demand delays the node's answers
/// past the caller's timeout, swallows requests, or resets connections. The fault, the delay and even the
/// upstream can be changed while traffic flows; each connection reads them per chunk, so a change applies
/// at once. Counters say how much harm was done, so a drill can report it.
/// </summary>
public sealed class RpcFaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<long, Connection> connections = new();
    private readonly Task accepting;
    private long nextConnection;
    private long delayedAnswers;
    private long resetConnections;
    private long swallowedRequests;
    private volatile RpcFault fault;

    private RpcFaultProxy(DnsEndPoint upstream)
    {
        Upstream = upstream;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>The proxy's address with the upstream's path, to give the gateway instead of the node's.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Where new connections go; changing it leaves open connections on the old node.</summary>
    public DnsEndPoint Upstream { get; set; }

    public RpcFault Fault
    {
        get => fault;
        set
        {
            fault = value;
            if (value == RpcFault.Refuse)
            {
                ResetAll();
            }
        }
    }

    /// <summary>How long a delayed answer is held back; make it longer than the caller's RPC timeout.</summary>
    public TimeSpan AnswerDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The share (0 to 1) of answers that <see cref="RpcFault.DelayAnswers"/> delays; the rest pass at once.</summary>
    public double FaultRate { get; set; } = 1;

    public long ConnectionsAccepted => Interlocked.Read(ref nextConnection);

    public long DelayedAnswers => Interlocked.Read(ref delayedAnswers);

    public long ResetConnections => Interlocked.Read(ref resetConnections);

    public long SwallowedRequests => Interlocked.Read(ref swallowedRequests);

    /// <summary>Starts a proxy in front of the node at <paramref name="upstream"/> (an http URL, whose path is kept).</summary>
    public static RpcFaultProxy Start(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var proxy = new RpcFaultProxy(new DnsEndPoint(upstream.Host, upstream.Port));
        proxy.Url = new UriBuilder(upstream) { Host = "127.0.0.1", Port = proxy.Port }.Uri;
        return proxy;
    }

    /// <summary>Resets every open connection now, as a node that restarts or a network that drops does.</summary>
    public void ResetAll()
    {
        foreach (var connection in connections.Values)
        {
            connection.Reset();
            Interlocked.Increment(ref resetConnections);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        ResetAll();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref nextConnection);
            var connection = new Connection(client);
            connections[id] = connection;
            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(connection);
                }
                finally
                {
                    connections.TryRemove(id, out _);
                    connection.Reset();
                }
            });
        }
    }

    private async Task ServeAsync(Connection connection)
    {
        if (fault == RpcFault.Refuse)
        {
            Interlocked.Increment(ref resetConnections);
            return;
        }

        try
        {
            await connection.Node.ConnectAsync(Upstream, stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The node is down: the caller sees its connection reset, as it would without the proxy.
            return;
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        var requests = PumpAsync(connection.Client, connection.Node, towardsNode: true, done.Token);
        var answers = PumpAsync(connection.Node, connection.Client, towardsNode: false, done.Token);
        await Task.WhenAny(requests, answers);
        await done.CancelAsync();
        connection.Reset();
        await Task.WhenAll(requests, answers).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task PumpAsync(Socket from, Socket to, bool towardsNode, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                if (!await ApplyFaultAsync(towardsNode, cancellationToken))
                {
                    continue;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away, or the proxy reset the connection: the pump ends with it.
        }
    }

    /// <returns>False when the chunk is to be swallowed.</returns>
    private async Task<bool> ApplyFaultAsync(bool towardsNode, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case RpcFault.Hang when towardsNode:
                Interlocked.Increment(ref swallowedRequests);
                return false;
            case RpcFault.DelayAnswers when !towardsNode && Random.Shared.NextDouble() < FaultRate:
                Interlocked.Increment(ref delayedAnswers);
                await Task.Delay(AnswerDelay, cancellationToken);
                return true;
            case RpcFault.Refuse:
                throw new OperationCanceledException("The proxy refuses traffic.");
            default:
                return true;
        }
    }

    private sealed class Connection(Socket client)
    {
        private int reset;

        public Socket Client { get; } = client;

        public Socket Node { get; } = new(SocketType.Stream, ProtocolType.Tcp);

        /// <summary>Closes both sides with RST rather than FIN, so the caller sees a failure rather than a clean end.</summary>
        public void Reset()
        {
            if (Interlocked.Exchange(ref reset, 1) == 1)
            {
                return;
            }

            foreach (var socket in new[] { Client, Node })
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            }
        }
    }
}
