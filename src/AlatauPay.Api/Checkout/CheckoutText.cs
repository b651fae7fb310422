using System.Collections.Frozen;

namespace AlatauPay.Api.Checkout;

/// <summary>The checkout page's words in one language. A missing key is a build-time gap the tests catch, shown as the key.</summary>
public sealed class CheckoutText
{
    private readonly FrozenDictionary<string, string> words;

    private CheckoutText(string language, string name, Dictionary<string, string> words)
    {
        Language = language;
        Name = name;
        this.words = words.ToFrozenDictionary();
    }

    /// <summary>The BCP 47 tag: <c>kk</c>, <c>ru</c> or <c>en</c>.</summary>
    public string Language { get; }

    /// <summary>The language's own name, for the switcher.</summary>
    public string Name { get; }

    public static IReadOnlyList<CheckoutText> All { get; } =
        [new("kk", "Қазақша", CheckoutWords.Kazakh), new("ru", "Русский", CheckoutWords.Russian), new("en", "English", CheckoutWords.English)];

    public static CheckoutText For(string language) => All.FirstOrDefault(t => t.Language == language) ?? All[^1];

    public IEnumerable<string> Keys => words.Keys;

    public string this[string key] => words.TryGetValue(key, out var text) ? text : key;

    public string Format(string key, params object[] values) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], values);
}
