using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace AlatauPay.Testing;

/// <summary>The committed contract files under <c>contracts/api</c>, found from the test's output directory.</summary>
public static class Contracts
{
    /// <summary>Set to 1 to rewrite the committed OpenAPI document from the running code instead of comparing.</summary>
    public const string UpdateVariable = "ALATAU_UPDATE_CONTRACTS";

    public static string Root { get; } = FindRoot();

    public static string OpenApiPath => Path.Combine(Root, "contracts", "api", "openapi.v1.json");

    public static string EventSchemaPath(string type) => Path.Combine(Root, "contracts", "api", "events", $"{type}.json");

    // Schemas register their $id globally, so each is built once per test run: GetOrAdd may run its factory
    // twice when two test classes race, so the factory only makes a Lazy, and the Lazy builds the schema once.
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

    /// <summary>Asserts that an event payload, as webhooks carry it, matches its type's committed JSON Schema.</summary>
    public static void AssertMatchesEventSchema(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var type = document.RootElement.GetProperty("type").GetString()!;
        var schema = Schemas.GetOrAdd(type, t => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(EventSchemaPath(t))))).Value;
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{type} does not match its schema: {JsonSerializer.Serialize(result)}\n{payload}");
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
}
