using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace AlatauPay.Cli.Evm;

/// <summary>Settings by full key, so the command reads chain settings with the gateway's own reader and its messages.</summary>
internal sealed class SettingsConfiguration(IReadOnlyDictionary<string, string?> values) : IConfiguration
{
    public string? this[string key]
    {
        get => values.GetValueOrDefault(key);
        set => throw new NotSupportedException();
    }

    public IEnumerable<IConfigurationSection> GetChildren() => [];

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
}
