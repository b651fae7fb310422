namespace AlatauPay.Api.Tests;

/// <summary>The committed contract files under <c>contracts/api</c>, found from the test's output directory.</summary>
internal static class Contracts
{
    /// <summary>Set to 1 to rewrite the committed OpenAPI document from the running code instead of comparing.</summary>
    public const string UpdateVariable = "ALATAU_UPDATE_CONTRACTS";

    public static string Root { get; } = FindRoot();

    public static string OpenApiPath => Path.Combine(Root, "contracts", "api", "openapi.v1.json");

    public static string EventSchemaPath(string type) => Path.Combine(Root, "contracts", "api", "events", $"{type}.json");

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
