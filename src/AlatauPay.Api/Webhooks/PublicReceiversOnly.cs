using System.Net;
using System.Net.Sockets;
using AlatauPay.Application.Webhooks;

namespace AlatauPay.Api.Webhooks;

/// <summary>
/// The webhook client's connect step when receivers must be public (<see cref="WebhookOptions.AllowPrivateNetworks"/>
/// off): the receiver's name is resolved here and only its public addresses are dialled. Checking the name when the
/// webhook was registered is not enough: what a name resolves to can change afterwards (DNS rebinding).
/// </summary>
internal static class PublicReceiversOnly
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var reachable = addresses.Where(ReceiverAddresses.IsPublic).ToList();
        if (reachable.Count == 0)
        {
            throw new NonPublicReceiverException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. reachable], context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The receiver's name resolves to no public address; the attempt is refused before it connects.</summary>
internal sealed class NonPublicReceiverException() : Exception("The receiver resolves to no public address.");
