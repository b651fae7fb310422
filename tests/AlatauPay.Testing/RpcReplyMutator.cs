using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AlatauPay.Testing;

/// <summary>
/// Breaks a valid JSON-RPC reply the ways a faulty node, proxy or network does: wrong types, missing or
/// null fields, huge and negative numbers, truncated or garbled bytes, HTTP errors, cut-off bodies,
/// hang-ups and stalls. Seeded: the same random source gives the same replies.
/// </summary>
public static class RpcReplyMutator
{
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "123456789012345678901234567890123456789012345678901234567890",
        "\"\"", "\"0x\"", "\"0xzz\"", "\"-0x1\"", "\"0x" + new string('f', 80) + "\"", "\"not hex\"", "[]", "{}", "[null]",
        "\"\\ud800\"", "\"" + new string('a', 100_000) + "\"", string.Concat(Enumerable.Repeat("[", 500)) + string.Concat(Enumerable.Repeat("]", 500)),
        "0.000000001", "21000000.000000001", "-0.5", "\"1.0\"", "4294967296", "-2147483649",
    ];

    /// <summary>The reply to send for <paramref name="valid"/> (a whole reply body), and what was done to it.</summary>
    public static (HostileReply Reply, string Mutation) Mutate(string valid, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var roll = random.Next(100);
        switch (roll)
        {
            case < 10:
                return (HostileReply.Json(valid), "valid");
            case < 40:
                return (HostileReply.Json(Substitute(valid, random)), "value");
            case < 48:
                return (HostileReply.Json(Remove(valid, random)), "missing-field");
            case < 55:
                var bytes = Encoding.UTF8.GetBytes(valid);
                return (new HostileReply(200, bytes[..random.Next(bytes.Length)]), "truncated");
            case < 60:
                var flipped = Encoding.UTF8.GetBytes(valid);
                flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                return (new HostileReply(200, flipped), "byte-flip");
            case < 66:
                return (HostileReply.Json(Pick(["", "null", "[]", "{}", "<html>502 Bad Gateway</html>", "{\"result\":null,\"error\":null,\"id\":0}", "{\"jsonrpc\":\"2.0\",\"id\":0,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}", "{\"result\":null,\"error\":{\"code\":-28,\"message\":\"Loading block index...\"},\"id\":0}", "[{\"id\":99,\"result\":1}]"], random)), "not-a-reply");
            case < 74:
                var status = Pick([500, 502, 503, 504, 404, 429, 400, 413, 301], random);
                return (HostileReply.Json(Pick(["", valid, "{\"error\":\"overloaded\"}"], random), status), "http-" + status.ToString(CultureInfo.InvariantCulture));
            case < 80:
                return (new HostileReply(200, Encoding.UTF8.GetBytes(valid), ReplyFraming.CutOff), "cut-off");
            case < 84:
                return (new HostileReply(200, [], ReplyFraming.Hangup), "hang-up");
            case < 86:
                return (new HostileReply(200, [], ReplyFraming.Stall), "stall");
            case < 92:
                return (HostileReply.Json(Substitute(Substitute(Substitute(valid, random), random), random)), "several");
            default:
                return (HostileReply.Json(Duplicate(valid, random)), "huge-or-duplicated");
        }
    }

    private static string Substitute(string json, Random random)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }

        var containers = Containers(root).ToList();
        if (containers.Count == 0)
        {
            return Pick(Values, random);
        }

        const string placeholder = "@@rpc-fuzz@@";
        switch (containers[random.Next(containers.Count)])
        {
            case JsonObject o when o.Count > 0:
                o[o.ElementAt(random.Next(o.Count)).Key] = placeholder;
                break;
            case JsonArray a when a.Count > 0:
                a[random.Next(a.Count)] = placeholder;
                break;
            default:
                return json;
        }

        // Spliced in as text: a JSON node cannot hold every hostile value (lone surrogates).
        return root!.ToJsonString().Replace("\"" + placeholder + "\"", Pick(Values, random), StringComparison.Ordinal);
    }

    private static string Remove(string json, Random random)
    {
        var root = JsonNode.Parse(json);
        var objects = Containers(root).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        if (objects.Count > 0)
        {
            var target = objects[random.Next(objects.Count)];
            target.Remove(target.ElementAt(random.Next(target.Count)).Key);
        }

        return root?.ToJsonString() ?? "null";
    }

    /// <summary>An array element repeated many times, or an object's member given twice.</summary>
    private static string Duplicate(string json, Random random)
    {
        var root = JsonNode.Parse(json);
        var arrays = Containers(root).OfType<JsonArray>().Where(a => a.Count > 0).ToList();
        if (arrays.Count > 0 && random.Next(2) == 0)
        {
            var array = arrays[random.Next(arrays.Count)];
            var item = array[0]?.ToJsonString() ?? "null";
            array.Clear();
            array.Add("@@dup@@");
            return root!.ToJsonString().Replace("\"@@dup@@\"", string.Join(',', Enumerable.Repeat(item, 5_000)), StringComparison.Ordinal);
        }

        var trimmed = json.TrimStart();
        return trimmed.StartsWith('{') ? "{\"result\":null," + trimmed[1..] : json;
    }

    private static IEnumerable<JsonNode> Containers(JsonNode? node)
    {
        if (node is not (JsonObject or JsonArray))
        {
            yield break;
        }

        yield return node;
        var children = node is JsonObject o ? o.Select(p => p.Value) : node.AsArray().AsEnumerable();
        foreach (var child in children)
        {
            foreach (var inner in Containers(child))
            {
                yield return inner;
            }
        }
    }

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];
}
