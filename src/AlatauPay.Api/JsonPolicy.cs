using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlatauPay.Api;

/// <summary>
/// JSON in and out: camelCase, and strict on input — unknown or duplicated fields, fields spelled in another
/// case (<c>Department</c>) and numbers sent as strings are refused, so an integrator's typo is an error, not a
/// silently ignored or silently accepted field.
/// </summary>
public static class JsonPolicy
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.MaxDepth = 16;
    }
}
