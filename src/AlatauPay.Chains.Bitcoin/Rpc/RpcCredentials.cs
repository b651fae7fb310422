using System.Net.Http.Headers;
using System.Text;
using AlatauPay.Application.Chains;

namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>
/// The Basic authorization for the node: configured user and password, or the node's cookie file, which
/// the node rewrites with a new password on every start and deletes on shutdown.
/// </summary>
internal sealed class RpcCredentials(BitcoinRpcOptions options, string settings)
{
    private readonly Lock gate = new();
    private AuthenticationHeaderValue? cookie;

    /// <summary>True when a refusal may be cured by reading the cookie file again.</summary>
    public bool UsesCookie => string.IsNullOrEmpty(options.User) && !string.IsNullOrEmpty(options.CookieFile);

    public string Describe() => UsesCookie
        ? $"check {settings}:CookieFile (the node's .cookie file)"
        : $"check {settings}:User and {settings}:Password, or set {settings}:CookieFile";

    public async Task<AuthenticationHeaderValue?> GetAsync(bool reload, CancellationToken cancellationToken)
    {
        if (!UsesCookie)
        {
            return string.IsNullOrEmpty(options.User) ? null : Basic($"{options.User}:{options.Password}");
        }

        lock (gate)
        {
            if (cookie is not null && !reload)
            {
                return cookie;
            }
        }

        var read = Basic(await ReadCookieAsync(cancellationToken).ConfigureAwait(false));
        lock (gate)
        {
            cookie = read;
        }

        return read;
    }

    private static AuthenticationHeaderValue Basic(string userAndPassword) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword)));

    private async Task<string> ReadCookieAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = (await File.ReadAllTextAsync(options.CookieFile!, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The node deletes its cookie while it is down, so a missing file usually means "not running yet".
            throw new ChainUnavailableException(
                $"The RPC cookie file set at {settings}:CookieFile cannot be read ({e.GetType().Name}); is the node running?", e);
        }

        return text.Contains(':', StringComparison.Ordinal)
            ? text
            : throw new ChainUnavailableException($"The RPC cookie file set at {settings}:CookieFile does not hold 'user:password'.");
    }
}
