using System.Text.Json;
using AlatauPay.Domain.Amounts;

namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>
/// Reading node replies strictly: a missing field or a wrong type is a <see cref="FormatException"/> that
/// names the field, which the client turns into <see cref="Application.Chains.ChainUnavailableException"/>.
/// </summary>
internal static class RpcJson
{
    public static JsonElement Required(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"expected an object holding '{name}', found {element.ValueKind}");
        }

        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new FormatException($"'{name}' is missing");
    }

    public static string RequiredString(this JsonElement element, string name)
    {
        var value = element.Required(name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"'{name}' is {value.ValueKind}, not a string");
    }

    /// <summary>A transaction hash: hex digits (64 from a real node). Anything else is a broken reply, never a payment's key.</summary>
    public static string RequiredHash(this JsonElement element, string name) => Hash(element.RequiredString(name), name);

    public static string Hash(string? value, string name) =>
        value is { Length: > 0 and <= 64 } && value.All(char.IsAsciiHexDigit) ? value : throw new FormatException($"'{name}' is not a hash in hex");

    public static JsonElement RequiredArray(this JsonElement element, string name)
    {
        var value = element.Required(name);
        return value.ValueKind == JsonValueKind.Array ? value : throw new FormatException($"'{name}' is {value.ValueKind}, not an array");
    }

    public static long RequiredInt64(this JsonElement element, string name)
    {
        var value = element.Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new FormatException($"'{name}' is not an integer");
    }

    public static bool RequiredBoolean(this JsonElement element, string name)
    {
        var value = element.Required(name);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new FormatException($"'{name}' is {value.ValueKind}, not a boolean");
    }

    /// <summary>
    /// An amount such as <c>50.00000000</c> or <c>12.4999447</c>, parsed from the number's own text so no
    /// binary floating point ever touches it.
    /// </summary>
    public static Money RequiredAmount(this JsonElement element, string name, Currency currency)
    {
        var value = element.Required(name);
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"'{name}' is {value.ValueKind}, not a number");
        }

        var text = value.GetRawText();
        return Money.TryParse(text, currency, out var money, out var error)
            ? money
            : throw new FormatException($"'{name}' is not a {currency.Code} amount ({error}): {text}");
    }
}
