using System.Text;
using System.Text.Json.Nodes;

namespace AlatauPay.Fuzz;

/// <summary>Turns a valid JSON body into a hostile one: a different value, type or shape, or broken bytes.</summary>
public static class BodyMutator
{
    private static readonly string[] UnknownFields = ["extra", "__proto__", "constructor", "Department", "id", "status", "$type", "amount ", "AMOUNT"];

    public static byte[] Mutate(string valid, Random random, List<string> kinds)
    {
        var roll = random.Next(100);
        if (roll < 12)
        {
            return Encoding.UTF8.GetBytes(valid);
        }

        var node = JsonNode.Parse(valid)!;
        switch (roll)
        {
            case < 40:
                kinds.Add("value");
                return Substitute(node, random, 1);
            case < 47:
                kinds.Add("missing-field");
                Remove(node, random);
                return Encoding.UTF8.GetBytes(node.ToJsonString());
            case < 53:
                kinds.Add("unknown-field");
                var parent = Containers(node).Where(c => c is JsonObject).Cast<JsonObject>().ToList();
                parent[random.Next(parent.Count)][UnknownFields[random.Next(UnknownFields.Length)]] = Placeholder(0);
                return Encoding.UTF8.GetBytes(node.ToJsonString().Replace("\"" + Placeholder(0) + "\"", HostileJson(random), StringComparison.Ordinal));
            case < 59:
                kinds.Add("duplicate-key");
                return Encoding.UTF8.GetBytes(DuplicateKey(valid, random));
            case < 68:
                kinds.Add("truncated");
                var bytes = Encoding.UTF8.GetBytes(valid);
                return bytes[..random.Next(bytes.Length)];
            case < 76:
                kinds.Add("invalid-utf8");
                return SpliceBytes(Encoding.UTF8.GetBytes(valid), HostileValues.InvalidUtf8[random.Next(HostileValues.InvalidUtf8.Length)], random);
            case < 81:
                kinds.Add("byte-flip");
                var flipped = Encoding.UTF8.GetBytes(valid);
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                }

                return flipped;
            case < 86:
                kinds.Add("not-an-object");
                return Encoding.UTF8.GetBytes(Pick(
                    ["", " ", "null", "[]", "[" + valid + "]", "\"text\"", "42", "true", "{", "}", "{}", "\uFEFF" + valid, valid + valid, valid + " trailing", "{'single':'quotes'}", "{\"a\":1,}", "/* comment */" + valid, "\0"],
                    random));
            case < 90:
                kinds.Add("deep");
                var depth = 20 + random.Next(20_000);
                return Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
            case < 94:
                kinds.Add("oversized");
                var size = Pick([64 * 1024 - 10, 64 * 1024 + 1, 200_000, 1_500_000], random);
                return Encoding.UTF8.GetBytes(valid[..^1] + ",\"pad\":\"" + new string('p', size) + "\"}");
            default:
                kinds.Add("several");
                return Substitute(node, random, 3);
        }
    }

    private static string HostileJson(Random random) => Pick(HostileValues.JsonValues, random);

    private static string Placeholder(int n) => "@@fuzz-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@@";

    /// <summary>
    /// Replaces <paramref name="count"/> values with hostile JSON text, spliced in as text after
    /// serialising, since a JSON node cannot hold what a hostile client sends (lone surrogates).
    /// </summary>
    private static byte[] Substitute(JsonNode node, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Replace(node, random, Placeholder(i));
        }

        var text = node.ToJsonString();
        for (var i = 0; i < count; i++)
        {
            text = text.Replace("\"" + Placeholder(i) + "\"", HostileJson(random), StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Replaces one value anywhere in the document (the root's children, or deeper) with <paramref name="placeholder"/>.</summary>
    private static void Replace(JsonNode root, Random random, string placeholder)
    {
        var containers = Containers(root).ToList();
        var container = containers[random.Next(containers.Count)];
        var value = JsonValue.Create(placeholder);
        switch (container)
        {
            case JsonObject o when o.Count > 0:
                o[o.ElementAt(random.Next(o.Count)).Key] = value;
                break;
            case JsonArray a when a.Count > 0:
                a[random.Next(a.Count)] = value;
                break;
            case JsonArray a:
                a.Add(value);
                break;
        }
    }

    private static void Remove(JsonNode root, Random random)
    {
        var objects = Containers(root).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        var target = objects[random.Next(objects.Count)];
        target.Remove(target.ElementAt(random.Next(target.Count)).Key);
    }

    private static IEnumerable<JsonNode> Containers(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is JsonObject or JsonArray)
            {
                foreach (var inner in Containers(child))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string DuplicateKey(string valid, Random random)
    {
        // Repeat the first member of the top object, with the same or another value.
        var node = JsonNode.Parse(valid)!.AsObject();
        var (name, value) = node.ElementAt(random.Next(node.Count));
        var again = random.Next(2) == 0 ? value?.ToJsonString() ?? "null" : HostileJson(random);
        var names = random.Next(3) == 0 ? name.ToUpperInvariant() : name;
        return "{\"" + names + "\":" + again + "," + valid.TrimStart()[1..];
    }

    private static byte[] SpliceBytes(byte[] bytes, byte[] insert, Random random)
    {
        // Into a string value when there is one, so the parser reads the bytes as text.
        var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == '"').ToList();
        var at = quotes.Count > 0 ? quotes[random.Next(quotes.Count)] + 1 : random.Next(bytes.Length);
        return [.. bytes[..at], .. insert, .. bytes[at..]];
    }

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];
}
