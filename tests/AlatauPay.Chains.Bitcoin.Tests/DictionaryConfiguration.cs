using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace AlatauPay.Chains.Bitcoin.Tests;

/// <summary>Flat key-value configuration; the configuration implementation package is not a dependency of this project.</summary>
internal sealed class DictionaryConfiguration(IReadOnlyDictionary<string, string?> values) : IConfiguration
{
    public string? this[string key]
    {
        get => values.TryGetValue(key, out var value) ? value : null;
        set => throw new NotSupportedException();
    }

    public IEnumerable<IConfigurationSection> GetChildren() => [];

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
}
