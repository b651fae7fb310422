using System.Globalization;
using AlatauPay.Domain.Amounts;
using Microsoft.Extensions.Configuration;

namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// Reads <see cref="EvmChainOptions"/> key by key so a bad value fails naming its setting. Tokens are under
/// <c>…:Tokens:{USDT|USDC}:Contract</c> and <c>…:Decimals</c>; on mainnet (chain id 1) the Tether and Circle
/// contracts are filled in unless configured otherwise, and on any other chain a token is accepted only when
/// its contract is configured.
/// </summary>
public static class EvmConfiguration
{
    public static IReadOnlyDictionary<Currency, string> MainnetTokens { get; } = new Dictionary<Currency, string>
    {
        [Currency.USDT] = "0xdAC17F958D2ee523a2206206994597C13D831ec7",
        [Currency.USDC] = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
    };

    public static IReadOnlyList<Currency> TokenCurrencies { get; } = [Currency.USDT, Currency.USDC];

    public static EvmChainOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        const string section = EvmChainOptions.Section;
        var chainId = ReadChainId(configuration[$"{section}:ChainId"], $"{section}:ChainId");
        var factory = NullIfEmpty(configuration[$"{section}:ForwarderFactory"]) is { } text
            ? EthereumAddress.ReadSetting(text, $"{section}:ForwarderFactory")
            : null;
        return new EvmChainOptions
        {
            ChainId = chainId,
            ForwarderFactory = factory,
            RpcUrl = ReadUrl(configuration[$"{section}:Rpc:Url"], $"{section}:Rpc:Url"),
            RpcTimeout = ReadTimeout(configuration[$"{section}:Rpc:Timeout"], $"{section}:Rpc:Timeout"),
            Tracing = ReadTracing(configuration[$"{section}:Rpc:Tracing"], $"{section}:Rpc:Tracing"),
            Tokens = [.. TokenCurrencies.Select(c => ReadToken(configuration, c, chainId)).OfType<EvmToken>()],
        };
    }

    private static EvmToken? ReadToken(IConfiguration configuration, Currency currency, long? chainId)
    {
        var key = $"{EvmChainOptions.Section}:Tokens:{currency.Code}";
        var contract = NullIfEmpty(configuration[$"{key}:Contract"]) ?? (chainId == 1 ? MainnetTokens[currency] : null);
        if (contract is null)
        {
            return null;
        }

        var decimalsText = NullIfEmpty(configuration[$"{key}:Decimals"]);
        var decimals = decimalsText is null ? currency.Scale
            : int.TryParse(decimalsText, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : -1;
        if (decimals != currency.Scale)
        {
            throw new InvalidOperationException(
                $"{key}:Decimals is '{decimalsText}', but {currency.Code} amounts have {currency.Scale} decimals; configure the {currency.Code} contract whose token has {currency.Scale}.");
        }

        return new EvmToken(currency, EthereumAddress.ReadSetting(contract, $"{key}:Contract"), decimals);
    }

    private static long? ReadChainId(string? text, string key)
    {
        var trimmed = NullIfEmpty(text);
        if (trimmed is null)
        {
            return null;
        }

        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new InvalidOperationException($"{key} must be a positive whole number such as 1 (mainnet) or 31337 (anvil).");
    }

    private static Uri? ReadUrl(string? text, string key)
    {
        var trimmed = NullIfEmpty(text);
        if (trimmed is null)
        {
            return null;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new InvalidOperationException($"{key} must be an http(s) URL such as http://127.0.0.1:8545/.");
    }

    /// <summary>Seconds (<c>10</c>) or a time span (<c>00:00:10</c>, as the README writes it and the Bitcoin family reads it).</summary>
    private static TimeSpan ReadTimeout(string? text, string key)
    {
        var trimmed = NullIfEmpty(text);
        if (trimmed is null)
        {
            return EvmChainOptions.DefaultTimeout;
        }

        var timeout = int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) ? span : TimeSpan.Zero;
        return timeout > TimeSpan.Zero
            ? timeout
            : throw new InvalidOperationException($"{key} must be a positive number of seconds or a time span such as 00:00:10.");
    }

    private static EvmTracing ReadTracing(string? text, string key) => NullIfEmpty(text)?.ToLowerInvariant() switch
    {
        null or "auto" => EvmTracing.Auto,
        "off" => EvmTracing.Off,
        _ => throw new InvalidOperationException($"{key} must be 'auto' (call traces when the node serves them) or 'off' (top-level transactions and a balance check)."),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
