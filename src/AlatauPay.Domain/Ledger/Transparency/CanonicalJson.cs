using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>
/// RFC 8785 (JCS) serialisation for the values signed or hashed here: objects with members sorted by
/// UTF-16 code units, arrays, strings, booleans, null and integers of at most 2^53. No whitespace; a
/// string escapes only '"', '\' and control characters. Fractional numbers are refused rather than
/// formatted in a way another implementation might not reproduce.
/// </summary>
public static class CanonicalJson
{
    private const long MaxSafeInteger = (1L << 53) - 1;

    public static byte[] Serialize(JsonNode? node)
    {
        var builder = new StringBuilder(512);
        Write(builder, node);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                WriteObject(builder, obj);
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            default:
                WriteValue(builder, node.AsValue());
                break;
        }
    }

    private static void WriteObject(StringBuilder builder, JsonObject obj)
    {
        builder.Append('{');
        var first = true;
        foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append(first ? "" : ",");
            first = false;
            WriteString(builder, name);
            builder.Append(':');
            Write(builder, value);
        }

        builder.Append('}');
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                builder.Append(value.GetValue<bool>() ? "true" : "false");
                break;
            case JsonValueKind.Number when long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                                       && Math.Abs(integer) <= MaxSafeInteger:
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException("Canonical JSON here holds only strings, booleans, null and safe integers.");
        }
    }

    internal static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\b' => builder.Append("\\b"),
                '\f' => builder.Append("\\f"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        builder.Append('"');
    }
}
