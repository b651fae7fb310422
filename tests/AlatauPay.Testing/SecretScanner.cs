using System.Text;

namespace AlatauPay.Testing;

/// <summary>
/// Looks for configured secrets in text a process wrote (log lines, response bodies), in the forms a
/// careless log call or serializer would leave them: as they are, percent-encoded, in base64 (standard and
/// URL-safe) and hex of their UTF-8 bytes, and for a secret given as raw bytes, base64 and hex of those.
/// </summary>
public sealed class SecretScanner
{
    /// <summary>Shorter fragments would match by chance; no form shorter than this is looked for.</summary>
    public const int MinimumLength = 8;

    private readonly List<(string Name, string Form, string Needle)> needles = [];

    public IReadOnlyCollection<string> Names => [.. needles.Select(n => n.Name).Distinct()];

    /// <summary>Adds a secret known as text (an API key, a password, an extended key).</summary>
    public SecretScanner Add(string name, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        AddForm(name, "as is", secret);
        AddForm(name, "percent-encoded", Uri.EscapeDataString(secret));
        AddForms(name, Encoding.UTF8.GetBytes(secret), "UTF-8 ");
        return this;
    }

    /// <summary>Adds a secret known as bytes (a private key), in base64 and hex.</summary>
    public SecretScanner Add(string name, ReadOnlySpan<byte> secret)
    {
        if (secret.Length * 2 < MinimumLength)
        {
            throw new ArgumentException($"A secret of {secret.Length} bytes is too short to look for.", nameof(secret));
        }

        AddForms(name, secret.ToArray(), "");
        return this;
    }

    /// <summary>Every secret found in <paramref name="text"/>, as "name (form) in source".</summary>
    public IReadOnlyList<string> Find(string source, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. needles.Where(n => text.Contains(n.Needle, StringComparison.OrdinalIgnoreCase)).Select(n => $"{n.Name} ({n.Form}) in {source}").Distinct()];
    }

    /// <summary>Fails with every finding when any secret appears in any of <paramref name="texts"/>.</summary>
    public void AssertNoneIn(IEnumerable<(string Source, string Text)> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var findings = texts.SelectMany(t => Find(t.Source, t.Text)).ToList();
        Assert.True(findings.Count == 0, "Secrets leaked:\n" + string.Join('\n', findings.Take(50)));
    }

    private void AddForms(string name, byte[] bytes, string prefix)
    {
        var base64 = Convert.ToBase64String(bytes);
        AddForm(name, prefix + "base64", base64.TrimEnd('='));
        AddForm(name, prefix + "base64url", base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        AddForm(name, prefix + "hex", Convert.ToHexString(bytes));
    }

    private void AddForm(string name, string form, string needle)
    {
        if (needle.Length >= MinimumLength && !needles.Any(n => n.Needle.Equals(needle, StringComparison.OrdinalIgnoreCase)))
        {
            needles.Add((name, form, needle));
        }
    }
}
