using System.Globalization;
using System.Net;

namespace AlatauPay.Testing;

/// <summary>Reads the gateway's <c>/metrics</c> in Prometheus text format.</summary>
public static class Prometheus
{
    public static async Task<Scrape> ScrapeAsync(this HttpClient anonymous)
    {
        var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {text}");
        return new Scrape(text);
    }
}

public sealed class Scrape(string text)
{
    public string Text => text;

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include each of <paramref name="labels"/> (<c>chain="LTC"</c>).</summary>
    public double Value(string name, params string[] labels) =>
        Samples(name).Where(s => labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);

    public bool Has(string name, params string[] labels) =>
        Samples(name).Any(s => labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal)));

    private IEnumerable<(string Labels, double Value)> Samples(string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[name.Length..];
            if (rest.StartsWith('{'))
            {
                var close = rest.IndexOf('}', StringComparison.Ordinal);
                yield return (rest[..(close + 1)], ParseValue(rest[(close + 1)..]));
            }
            else if (rest.StartsWith(' '))
            {
                yield return ("", ParseValue(rest));
            }
        }
    }

    private static double ParseValue(string tail) =>
        double.Parse(tail.Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
}
