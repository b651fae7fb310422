using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlatauPay.Api;

/// <summary>
/// JSON in and out: camelCase, and strict on input — unknown or duplicated fields and numbers sent as
/// strings are refused, so an integrator's typo is an error, not a silently ignored field.
/// </summary>
public static class JsonPolicy
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.MaxDepth = 16;
    }
}
