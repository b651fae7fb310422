using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>Settings by full key, all the Ethereum configuration reader asks of <see cref="IConfiguration"/>.</summary>
internal sealed class FlatConfiguration(IReadOnlyDictionary<string, string?> values) : IConfiguration
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
