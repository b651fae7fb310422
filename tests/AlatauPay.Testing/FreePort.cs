using System.Net;
using System.Net.Sockets;

namespace AlatauPay.Testing;

public static class FreePort
{
    /// <summary>A loopback port free right now; the short window before the node binds it is accepted in tests.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
