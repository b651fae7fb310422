namespace AlatauPay.Domain.Departments;

/// <summary>How many confirmations make a payment final, in BTCPay Server's vocabulary.</summary>
public enum SpeedPolicy
{
    High,
    Medium,
    LowMedium,
    Low,
}

public static class SpeedPolicies
{
    private static readonly Dictionary<string, SpeedPolicy> ByName = new()
    {
        ["high"] = SpeedPolicy.High,
        ["medium"] = SpeedPolicy.Medium,
        ["low-medium"] = SpeedPolicy.LowMedium,
        ["low"] = SpeedPolicy.Low,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static SpeedPolicy Parse(string name) =>
        TryParse(name, out var policy) ? policy : throw new DomainException("speed-policy-invalid", $"'{name}' is not a speed policy.");

    public static bool TryParse(string? name, out SpeedPolicy policy) =>
        ByName.TryGetValue(name ?? "", out policy);

    public static string ToName(this SpeedPolicy policy) => ByName.First(pair => pair.Value == policy).Key;

    /// <summary>Confirmations required on Bitcoin-family chains.</summary>
    public static int Confirmations(this SpeedPolicy policy) => policy switch
    {
        SpeedPolicy.High => 0,
        SpeedPolicy.Medium => 1,
        SpeedPolicy.LowMedium => 2,
        _ => 6,
    };
}
