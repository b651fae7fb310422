namespace AlatauPay.Fuzz;

/// <summary>Valid bodies for each POST: the fuzzer mutates these, and sends some unchanged.</summary>
public static class RequestBodies
{
    public const string Invoice =
        """
        {"department":"water","service":"cold-water","payer":{"account":"ACC-1","name":"Aigerim"},"amount":{"currency":"KZT","value":"12345.67"},"methods":["BTC"],"description":"March","expiresInMinutes":30,"metadata":{"bill":"2026-03"}}
        """;

    public const string Webhook =
        """
        {"url":"http://127.0.0.1:9/hook","eventTypes":["invoice.settled"],"departments":["water"]}
        """;

    public const string ApiKey =
        """
        {"scopes":["invoices:read"],"departments":["water"]}
        """;

    public const string Rescan =
        """
        {"fromHeight":0}
        """;

    /// <summary>A department with <paramref name="code"/>; with no account key it takes no wallet.</summary>
    public static string Department(string code, string? accountKey = null) =>
        "{\"code\":\"" + code + "\",\"name\":\"Alatau Water\",\"services\":[{\"code\":\"cold-water\",\"name\":\"Cold water\"}],\"wallets\":"
        + (accountKey is null ? "{}" : "{\"BTC\":{\"xpub\":\"" + accountKey + "\"}}")
        + ",\"speedPolicy\":\"medium\",\"paymentTolerance\":\"0.5\",\"highSpeedLimit\":{\"currency\":\"KZT\",\"value\":\"50000.00\"}}";
}
