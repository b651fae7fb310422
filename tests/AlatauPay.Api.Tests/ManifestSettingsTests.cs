using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Every setting the deployment manifests hand the gateway is one the README's configuration reference documents:
/// a misspelt key would otherwise be ignored in silence and the default used in production.
/// </summary>
public sealed partial class ManifestSettingsTests
{
    private static readonly string Root = FindRoot();
    private static readonly ConfigurationReference Reference = ConfigurationReference.Read(Path.Combine(Root, "README.md"));

    public static TheoryData<string> Manifests() =>
    [
        .. Directory.GetFiles(Path.Combine(Root, "ops", "k8s"), "*.yaml").Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(Root, f)),
        Path.Combine("ops", "compose", "compose.yaml"),
    ];

    [Theory]
    [MemberData(nameof(Manifests))]
    public void EverySettingAManifestPassesIsInTheConfigurationReference(string manifest)
    {
        var settings = ManifestSettings.Read(Path.Combine(Root, manifest));

        var unknown = settings.Where(s => !Reference.Documents(s)).ToList();
        Assert.True(unknown.Count == 0, $"{manifest} passes settings the README does not document: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void TheSystemdEnvironmentFilePassesOnlyDocumentedSettings()
    {
        var settings = File.ReadAllLines(Path.Combine(Root, "ops", "systemd", "alataupay.env.example"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => ManifestSettings.SettingOf(line.Split('=', 2)[0]))
            .ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, s => Assert.True(Reference.Documents(s), $"alataupay.env.example passes {s}, which the README does not document"));
    }

    [Fact]
    public void TheManifestsPassTheProductionSettingsAndTheCheckRefusesAnUnknownOne()
    {
        var deployment = ManifestSettings.Read(Path.Combine(Root, "ops", "k8s", "deployment.yaml"))
            .Concat(ManifestSettings.Read(Path.Combine(Root, "ops", "k8s", "configmap.yaml")))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var compose = ManifestSettings.Read(Path.Combine(Root, "ops", "compose", "compose.yaml")).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var required in new[] { "AlatauPay:Storage:Provider", "AlatauPay:Storage:ConnectionString", "AlatauPay:Redis:Configuration", "AlatauPay:Auth:BootstrapKey", "AlatauPay:ShutdownTimeout" })
        {
            Assert.Contains(required, deployment);
            Assert.Contains(required, compose);
        }

        Assert.True(Reference.Documents("AlatauPay:Chains:LTC:Watch:PollInterval"));
        Assert.True(Reference.Documents("AlatauPay:Webhooks:MaxBackoff"));
        Assert.False(Reference.Documents("AlatauPay:Storage:ConnectionStrng"));
        Assert.False(Reference.Documents("AlatauPay:Chains:BTC:Rpc:Pasword"));
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AlatauPay.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AlatauPay.sln) is not above the test's directory.");
    }

    /// <summary>The settings a manifest passes the gateway: its containers' environment variables, and ConfigMap keys.</summary>
    private static class ManifestSettings
    {
        public static IReadOnlyList<string> Read(string path)
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            var names = new List<string>();
            foreach (var document in stream.Documents)
            {
                Collect(document.RootNode, names);
            }

            return [.. names.Select(SettingOf)];
        }

        /// <summary><c>AlatauPay__Chains__BTC__Network</c> → <c>AlatauPay:Chains:BTC:Network</c>, as .NET configuration reads it.</summary>
        public static string SettingOf(string variable) => variable.Trim().Replace("__", ":", StringComparison.Ordinal);

        private static void Collect(YamlNode node, List<string> names)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    if (Scalar(mapping, "kind") == "ConfigMap" && mapping.Children.TryGetValue(new YamlScalarNode("data"), out var data) && data is YamlMappingNode keys)
                    {
                        names.AddRange(keys.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!));
                    }

                    var gateway = Scalar(mapping, "image")?.StartsWith("alataupay/gateway", StringComparison.Ordinal) == true;
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (gateway && key is YamlScalarNode { Value: "env" or "environment" })
                        {
                            names.AddRange(Variables(value));
                        }

                        Collect(value, names);
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children)
                    {
                        Collect(child, names);
                    }

                    break;
            }
        }

        /// <summary>k8s <c>env: [{name: …}]</c>, compose <c>environment: {NAME: …}</c> or <c>environment: [NAME=…]</c>.</summary>
        private static IEnumerable<string> Variables(YamlNode value) => value switch
        {
            YamlMappingNode map => map.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!),
            YamlSequenceNode list => list.Children.Select(item => item switch
            {
                YamlMappingNode entry => Scalar(entry, "name") ?? throw new InvalidOperationException("An env entry has no name."),
                YamlScalarNode line => line.Value!.Split('=', 2)[0],
                _ => throw new InvalidOperationException($"An env entry of an unexpected form: {item}"),
            }),
            _ => [],
        };

        private static string? Scalar(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
    }

    /// <summary>The first column of the README's configuration table, with <c>&lt;CHAIN&gt;</c>-style placeholders as wildcards.</summary>
    private sealed partial class ConfigurationReference(IReadOnlyList<Regex> settings)
    {
        public static ConfigurationReference Read(string readme)
        {
            var lines = File.ReadAllLines(readme);
            var start = Array.FindIndex(lines, l => l.Trim() == "## Configuration");
            Assert.True(start >= 0, "README.md has no '## Configuration' section");
            var keys = new List<string>();
            foreach (var row in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
            {
                string? previous = null;
                foreach (Match token in CodeSpan().Matches(row.Split('|')[1]))
                {
                    previous = Expand(token.Groups[1].Value, previous);
                    keys.Add(previous);
                }
            }

            Assert.True(keys.Count >= 20, $"README.md's configuration table has only {keys.Count} settings");
            return new ConfigurationReference([.. keys.Select(Pattern)]);
        }

        public bool Documents(string setting) => settings.Any(s => s.IsMatch(setting));

        /// <summary><c>… / `MaxBackoff`</c> names a sibling of the previous key; <c>`…:Rpc:Password`</c> replaces its tail.</summary>
        private static string Expand(string token, string? previous)
        {
            if (previous is null)
            {
                return token;
            }

            if (token.StartsWith('…'))
            {
                var tail = token.TrimStart('…').TrimStart(':');
                var head = tail.Split(':')[0];
                var at = previous.LastIndexOf(":" + head + ":", StringComparison.Ordinal);
                return at < 0 ? tail : previous[..(at + 1)] + tail;
            }

            if (!token.Contains(':', StringComparison.Ordinal))
            {
                var cut = previous.LastIndexOf(':');
                return cut < 0 ? token : previous[..(cut + 1)] + token;
            }

            return token;
        }

        private static Regex Pattern(string key) =>
            new("^" + Placeholder().Replace(Regex.Escape(key), "[^:]+") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        [GeneratedRegex("`([^`]+)`")]
        private static partial Regex CodeSpan();

        [GeneratedRegex("<[A-Z]+>")]
        private static partial Regex Placeholder();
    }
}
