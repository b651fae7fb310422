using System.Security.Cryptography;
using System.Text;

namespace AlatauPay.Testing;

/// <summary>
/// The <c>-rpcauth</c> line for a user and password (what Core's share/rpcauth.py prints). Unlike
/// <c>-rpcpassword</c>, it leaves cookie authentication on, so one node serves both kinds of test.
/// </summary>
internal static class RpcAuth
{
    public static string Line(string user, string password)
    {
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(salt), Encoding.UTF8.GetBytes(password));
        return $"{user}:{salt}${Convert.ToHexStringLower(hash)}";
    }
}
