using System.Globalization;
using AlatauPay.Chains.Bitcoin.Rpc;
using Microsoft.Extensions.Configuration;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>Reads <see cref="BitcoinFamilyOptions"/> key by key, so a bad value fails naming its exact setting.</summary>
internal static class BitcoinFamilyConfiguration
{
    public static BitcoinFamilyOptions Read(IConfiguration configuration, BitcoinFamilyChain chain)
    {
        var section = chain.ConfigurationSection;
        var rpc = $"{section}:Rpc";
        return new BitcoinFamilyOptions
        {
            Network = configuration[$"{section}:Network"],
            Rpc = new BitcoinRpcOptions
            {
                Url = ReadUrl(configuration, $"{rpc}:Url"),
                User = NullIfEmpty(configuration[$"{rpc}:User"]),
                Password = configuration[$"{rpc}:Password"],
                CookieFile = NullIfEmpty(configuration[$"{rpc}:CookieFile"]),
                Timeout = ReadTimeout(configuration, $"{rpc}:Timeout"),
            },
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? ReadUrl(IConfiguration configuration, string key)
    {
        var text = NullIfEmpty(configuration[key]);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new InvalidOperationException($"{key} must be an http(s) URL such as http://127.0.0.1:9332/.");
    }

    /// <summary>Seconds (<c>10</c>) or a time span (<c>00:00:10</c>).</summary>
    private static TimeSpan ReadTimeout(IConfiguration configuration, string key)
    {
        var text = NullIfEmpty(configuration[key]);
        if (text is null)
        {
            return BitcoinRpcOptions.DefaultTimeout;
        }

        var timeout = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : TimeSpan.Zero;
        return timeout > TimeSpan.Zero
            ? timeout
            : throw new InvalidOperationException($"{key} must be a positive number of seconds or a time span such as 00:00:10.");
    }
}
