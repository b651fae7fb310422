using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlatauPay.Api.Auth;
using AlatauPay.Signing;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Issue 9's security checks: configured secrets never reach a log line or a response body; API keys
/// are compared in constant time; the checkout and the API send strict security headers.
/// </summary>
public sealed partial class SecurityTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    private static readonly string[] LeakyComparisons = ["==", "!=", ".Equals(", "SequenceEqual", "CompareTo(", "StartsWith(", "string.Compare"];

    [Fact]
    public async Task NoConfiguredSecretAppearsInAnyLogLineOrResponseBody()
    {
        var directory = Directory.CreateTempSubdirectory("alataupay-secrets-").FullName;
        await using var node = await RegtestNode.StartAsync(RegtestDaemon.Litecoin);
        await using var receiver = await WebhookReceiver.StartAsync();
        var bootstrap = "bootstrap-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var keyFile = Path.Combine(directory, "ledger-signing-key.pem");
        SigningKeyFile.LoadOrCreate(keyFile);
        var ltcKey = TestKeys.RegtestTpubFor("secrets-ltc");
        var btcKey = TestKeys.RegtestTpubFor("secrets-btc");
        var scanner = new SecretScanner()
            .Add("bootstrap API key", bootstrap)
            .Add("LTC account key", ltcKey)
            .Add("BTC account key", btcKey)
            .Add("LTC RPC password", node.RpcPassword)
            .Add("ledger signing key", SigningKeyFile.Read(keyFile).GetEncoded())
            .Add("ledger signing key PEM", PemBody(keyFile));
        var settings = new Dictionary<string, string>
        {
            ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
            ["AlatauPay:Auth:BootstrapKey"] = bootstrap,
            ["AlatauPay:Logging:Format"] = "json",
            ["Logging:LogLevel:Default"] = "Debug",
            ["AlatauPay:Ledger:SigningKeyFile"] = keyFile,
            ["AlatauPay:Chains:BTC:Network"] = "regtest",
            ["AlatauPay:Chains:LTC:Watch:PollInterval"] = "00:00:00.200",
            ["AlatauPay:Webhooks:PollInterval"] = "00:00:00.100",
            ["AlatauPay:Webhooks:AllowPrivateNetworks"] = "true", // receivers listen on loopback
        };
        foreach (var (name, value) in node.Configuration)
        {
            settings[name] = value!;
        }

        var process = await GatewayProcess.StartAsync(settings);
        var responses = new Responses();
        var issued = new List<string>();
        try
        {
            using var admin = responses.Client(process.Address, bootstrap);
            await admin.PostJsonAsync("/v1/departments", DepartmentWith("water", btcKey, ltcKey));
            await admin.PostJsonAsync("/v1/departments", DepartmentWith("sewer", btcKey, ltcKey)); // the keys are taken: 409

            var createdKey = await responses.IssuingAsync(admin.PostJsonAsync("/v1/api-keys", ApiKeyRequests.Key(["invoices:read", "invoices:write"], ["water"]).ToJsonString()));
            var scopedKey = createdKey["key"]!.GetValue<string>();
            scanner.Add("scoped API key", scopedKey);
            issued.Add(scopedKey);
            var createdHook = await responses.IssuingAsync(admin.PostJsonAsync("/v1/webhooks", WebhookRequests.Endpoint(receiver.UrlFor("town"), "water", "invoice.created", "invoice.settled").ToJsonString()));
            var webhookSecret = createdHook["secret"]!.GetValue<string>();
            scanner.Add("webhook secret", webhookSecret);
            issued.Add(webhookSecret);

            using var scoped = responses.Client(process.Address, scopedKey);
            var invoice = JsonNode.Parse(await (await scoped.PostJsonAsync("/v1/invoices", Requests.Invoice("water", "12345.67", "LTC").ToJsonString())).Content.ReadAsStringAsync())!;
            var id = invoice["id"]!.GetValue<string>();
            var method = invoice["paymentMethods"]![0]!;
            await node.SendAsync(method["destination"]!.GetValue<string>(), decimal.Parse(method["due"]!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            await node.MineAsync(6);
            await Eventually.WaitAsync(
                async () => JsonNode.Parse(await (await admin.GetAsync($"/v1/invoices/{id}")).Content.ReadAsStringAsync())!["status"]!.GetValue<string>() == "settled",
                "the invoice is settled by its LTC payment",
                TimeSpan.FromSeconds(60));
            await Eventually.WaitAsync(() => receiver.For("town").Count >= 2, "both events are delivered, signed with the webhook secret", TimeSpan.FromSeconds(30));

            var rotated = await responses.IssuingAsync(admin.PostAsync($"/v1/webhooks/{createdHook["id"]!.GetValue<string>()}/rotate-secret", null));
            scanner.Add("rotated webhook secret", rotated["secret"]!.GetValue<string>());
            issued.Add(rotated["secret"]!.GetValue<string>());

            foreach (var path in new[]
            {
                $"/v1/invoices/{id}", $"/v1/invoices/{id}/trail", $"/v1/invoices/{id}/receipt", "/v1/ledger/entries", "/v1/ledger/tree-head",
                "/v1/ledger/signing-key", "/v1/departments/water", "/v1/api-keys", "/v1/webhooks", "/v1/events", "/v1/chains",
                $"/pay/{id}", $"/pay/{id}/status", $"/pay/{id}/receipt", $"/pay/{id}/receipt.json", "/health/ready", "/metrics",
                "/v1/invoices/inv_doesnotexist", "/v1/ledger/entries/999999",
            })
            {
                await admin.GetAsync(path);
            }

            // Error paths: a broken body, a forbidden call, keys that almost match the real ones.
            await admin.PostJsonAsync("/v1/invoices", "{\"department\": \"water\", ");
            await scoped.PostJsonAsync("/v1/departments", Requests.Department("forbidden").ToJsonString());
            using var nearMiss = responses.Client(process.Address, bootstrap[..^1] + "0");
            await nearMiss.GetAsync("/v1/invoices");
            using var scopedNearMiss = responses.Client(process.Address, scopedKey + "x");
            await scopedNearMiss.GetAsync("/v1/invoices");
            await admin.DeleteAsync($"/v1/api-keys/{createdKey["id"]!.GetValue<string>()}");
            await scoped.GetAsync("/v1/invoices"); // revoked: 401
        }
        finally
        {
            await process.TerminateAsync();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await process.DisposeAsync();
        }

        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 50, $"the workload is logged at Debug ({lines.Length} lines)");
        // The scanner finds what it looks for: each issued secret is in the one answer that hands it out.
        Assert.All(issued, secret => Assert.Contains(responses.Issuing, body => scanner.Find("issuing answer", body).Count > 0 && body.Contains(secret, StringComparison.Ordinal)));
        scanner.AssertNoneIn(lines.Select((line, n) => ($"log line {n + 1}", line)).Concat(responses.Scanned.Select((body, n) => ($"response {n + 1}", body))));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void ApiKeysMatchOnlyWhenEveryByteOfTheirDigestMatches()
    {
        var known = ApiKeyComparison.Digest("ak_live_0123456789abcdef");

        Assert.True(ApiKeyComparison.Matches(known, ApiKeyComparison.Digest("ak_live_0123456789abcdef")));
        Assert.False(ApiKeyComparison.Matches(known, ApiKeyComparison.Digest("ak_live_0123456789abcdee")));
        Assert.False(ApiKeyComparison.Matches(known, ApiKeyComparison.Digest("ak_live_0123456789abcdef ")));
        Assert.False(ApiKeyComparison.Matches(known, ApiKeyComparison.Digest("")));
        Assert.False(ApiKeyComparison.Matches([], []));
        Assert.False(ApiKeyComparison.Matches(known, known.AsSpan(0, 31)));
        Assert.True(ApiKeyComparison.MatchesStored(Convert.ToHexStringLower(known), known));
        Assert.False(ApiKeyComparison.MatchesStored(Convert.ToHexStringLower(known)[..^1] + "0", known));
    }

    [Fact]
    public void EveryApiKeyComparisonGoesThroughTheFixedTimeComparer()
    {
        var handler = File.ReadAllText(Path.Combine(Contracts.Root, "src", "AlatauPay.Api", "Auth", "ApiKeyAuthenticationHandler.cs"));
        var comparison = File.ReadAllText(Path.Combine(Contracts.Root, "src", "AlatauPay.Api", "Auth", "ApiKeyComparison.cs"));

        Assert.Contains("CryptographicOperations.FixedTimeEquals(knownDigest, presentedDigest)", comparison, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(handler, @"ApiKeyComparison\.Matches(Stored)?\("));
        Assert.DoesNotContain("FixedTimeEquals", handler, StringComparison.Ordinal);
        var secretLines = handler.Split('\n').Where(l => SecretOperand().IsMatch(l) && !l.TrimStart().StartsWith("///", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(secretLines);
        Assert.All(secretLines, line => Assert.DoesNotContain(LeakyComparisons, op => line.Contains(op, StringComparison.Ordinal) && !IsHarmless(line, op)));
    }

    [Fact]
    public async Task TheCheckoutPageSetsAStrictContentSecurityPolicy()
    {
        await gateway.Client.CreateDepartmentAsync("csp");
        var id = (await (await gateway.Client.PostJsonAsync("/v1/invoices", Requests.Invoice("csp").ToJsonString())).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        foreach (var path in new[] { $"/pay/{id}", $"/pay/{id}/status", $"/pay/{id}/receipt", "/pay/inv_missing", "/pay/assets/checkout.js" })
        {
            var response = await gateway.Anonymous.GetAsync(path);
            var policy = Directives(Header(response, "Content-Security-Policy"));

            Assert.Equal(["'none'"], policy["default-src"]);
            Assert.Equal(["'self'"], policy["script-src"]);
            Assert.DoesNotContain(policy.Values.SelectMany(v => v), source => source is "'unsafe-inline'" or "'unsafe-eval'" or "*" or "data:" && !(source == "data:" && policy["img-src"].Contains(source)));
            Assert.Equal(["'none'"], policy["frame-ancestors"]);
            Assert.Equal(["'none'"], policy["base-uri"]);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        }

        var page = await gateway.Anonymous.GetStringAsync($"/pay/{id}");
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.DoesNotContain("<style", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EventHandlerAttribute(), page);
    }

    [Fact]
    public async Task ApiAnswersCarrySecurityHeadersAndAreNeverCached()
    {
        var created = await gateway.Client.PostJsonAsync("/v1/api-keys", ApiKeyRequests.Key(["invoices:read"]).ToJsonString());
        var refused = await gateway.Anonymous.GetAsync("/v1/invoices");
        var missing = await gateway.Client.GetAsync("/v1/nothing-here");
        var health = await gateway.Anonymous.GetAsync("/health/live");

        foreach (var response in new[] { created, refused, missing })
        {
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("nosniff", Header(health, "X-Content-Type-Options"));
        Assert.False(created.Headers.Contains("Server"), "the server does not name itself");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header");

    private static Dictionary<string, string[]> Directives(string policy) => policy
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(d => d[0], d => d[1..]);

    private static string DepartmentWith(string code, string btcKey, string ltcKey)
    {
        var department = Requests.Department(code);
        department["wallets"] = new JsonObject
        {
            ["BTC"] = new JsonObject { ["xpub"] = btcKey },
            ["LTC"] = new JsonObject { ["xpub"] = ltcKey },
        };
        return department.ToJsonString();
    }

    private static string PemBody(string path) =>
        string.Concat(File.ReadAllLines(path).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));

    /// <summary>`key is { RevokedAt: null }` and similar null tests are not comparisons of the secret.</summary>
    private static bool IsHarmless(string line, string op) => op is "==" or "!=" && Regex.IsMatch(line, @"(==|!=)\s*null|is (not )?null|Length\s*(==|!=|>)\s*0");

    [GeneratedRegex(@"\b(presented|digest|bootstrapDigest|SecretHash|hash)\b")]
    private static partial Regex SecretOperand();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    /// <summary>Clients whose every answer body is kept for scanning, except the answers that issue a secret.</summary>
    private sealed class Responses
    {
        private readonly List<string> scanned = [];
        private readonly List<string> issuing = [];

        public IReadOnlyList<string> Scanned
        {
            get
            {
                lock (scanned)
                {
                    return [.. scanned.Except(issuing)];
                }
            }
        }

        public IReadOnlyList<string> Issuing => issuing;

        public HttpClient Client(Uri address, string key)
        {
            var client = new HttpClient(new FreshIdempotencyKeys { InnerHandler = new Recording(this) }) { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        /// <summary>The one answer that hands a secret out: kept apart from the scan, and checked to hold it.</summary>
        public async Task<JsonNode> IssuingAsync(Task<HttpResponseMessage> request)
        {
            var response = await request;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            lock (scanned)
            {
                issuing.Add(body);
            }

            return JsonNode.Parse(body)!;
        }

        private void Add(string body)
        {
            lock (scanned)
            {
                scanned.Add(body);
            }
        }

        private sealed class Recording(Responses responses) : DelegatingHandler(new HttpClientHandler())
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                responses.Add(string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")));
                responses.Add(body);
                return response;
            }
        }
    }
}
