using System.Net;
using System.Net.Sockets;

namespace AlatauPay.Application.Webhooks;

/// <summary>
/// Which addresses a webhook may be sent to. A webhook is a request the gateway makes on a merchant's word, so
/// unless <see cref="WebhookOptions.AllowPrivateNetworks"/> says the receivers live on a private network, only
/// public addresses are reached: not the gateway's own host (loopback), not a cloud's metadata service
/// (link-local, <c>169.254.169.254</c>), not the operator's private networks.
/// </summary>
public static class ReceiverAddresses
{
    /// <summary>True for an address on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224                   // "this network", private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and <= 127)             // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                          // link-local, cloud metadata
                || (b[0] == 172 && b[1] is >= 16 and <= 31)              // private
                || (b[0] == 192 && b[1] == 168)                          // private
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)          // protocol assignments, documentation
                || (b[0] == 198 && b[1] is 18 or 19)                     // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)            // documentation
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));           // documentation
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            && !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal || address.IsIPv6Teredo);
    }

    /// <summary>
    /// True when <paramref name="url"/> names a host that is not public by its very name: an IP literal outside the
    /// public internet, or <c>localhost</c>. Other names are checked when the request connects, against the addresses
    /// they resolve to then.
    /// </summary>
    public static bool NamesNonPublicHost(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.IdnHost.TrimEnd('.');
        return IPAddress.TryParse(host, out var address)
            ? !IsPublic(address)
            : host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }
}
