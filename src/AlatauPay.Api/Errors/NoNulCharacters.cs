using System.Text.Json;
using AlatauPay.Application.Common;

namespace AlatauPay.Api.Errors;

/// <summary>
/// U+0000 is refused wherever a caller can put text: in the path, in a query value, and in any string (or
/// property name) of a JSON body. It is never meaningful in an id, a name or a description, and PostgreSQL's
/// <c>text</c> and <c>jsonb</c> cannot hold it, so letting it through made the store fail and the request a
/// 500 there (found by the fuzzer against PostgreSQL). Refused here, the answer is the same 400
/// <c>nul-character</c> naming the field on both stores, before anything is read or written.
/// </summary>
public static class NoNulCharacters
{
    public const string Code = "nul-character";

    public static IApplicationBuilder UseNoNulCharacters(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Only requests that reached an endpoint: a missing route or method keeps its 404/405.
        if (context.GetEndpoint() is not null)
        {
            var request = context.Request;
            if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                throw Refused("path");
            }

            foreach (var (name, values) in request.Query)
            {
                if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                {
                    throw Refused(name.Replace("\0", "\\u0000", StringComparison.Ordinal));
                }
            }

            if (HttpMethods.IsPost(request.Method) && request.Body.CanSeek && IsJson(request.ContentType))
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, context.RequestAborted);
                request.Body.Position = 0;
                if (FirstNulIn(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } field)
                {
                    throw Refused(field);
                }
            }
        }

        await next(context);
    });

    /// <summary>
    /// The JSON path of the first string or property name holding U+0000, or null. A body that is not
    /// well-formed JSON is left to the endpoint, which refuses it as <c>malformed-json</c>.
    /// </summary>
    public static string? FirstNulIn(ReadOnlySpan<byte> json)
    {
        // Unescaped, U+0000 is not well-formed JSON; escaped, it is the six bytes \u0000.
        if (json.IndexOf("\\u0000"u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();
        var indexes = new Stack<int>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        if (property.Contains('\0', StringComparison.Ordinal))
                        {
                            return Join(path, property.Replace("\0", "\\u0000", StringComparison.Ordinal));
                        }

                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(Segment(property, indexes));
                        indexes.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                        property = null;
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        indexes.Pop();
                        Advance(indexes);
                        continue;
                    case JsonTokenType.String when reader.ValueIsEscaped && reader.GetString()!.Contains('\0', StringComparison.Ordinal):
                        return Join(path, Segment(property, indexes));
                    default:
                        Advance(indexes);
                        property = null;
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name of the value about to be read: its property, or its index in the enclosing array.</summary>
    private static string Segment(string? property, Stack<int> indexes) =>
        property ?? (indexes.TryPeek(out var index) && index >= 0 ? $"[{index}]" : "");

    private static void Advance(Stack<int> indexes)
    {
        if (indexes.TryPeek(out var index) && index >= 0)
        {
            indexes.Pop();
            indexes.Push(index + 1);
        }
    }

    private static string Join(List<string> path, string last)
    {
        var field = string.Concat(path.Skip(1).Append(last).Select(s => s.StartsWith('[') ? s : "." + s)).TrimStart('.');
        return field.Length == 0 ? "$" : field;
    }

    private static RequestInvalidException Refused(string field) =>
        new(field, Code, $"'{field}' holds the character U+0000, which no field accepts.");
}
