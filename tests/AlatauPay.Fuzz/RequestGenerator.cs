using System.Globalization;
using System.Text;

namespace AlatauPay.Fuzz;

/// <summary>
/// Makes request <c>i</c> of run <c>seed</c> from a random source seeded by both alone, so a run is the
/// same sequence of bytes whatever the concurrency, and any one request can be made again by its index.
/// </summary>
public sealed class RequestGenerator(int seed, KnownIds known, Uri address)
{
    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "CONNECT", "FOO", "get"];

    private static readonly string[] ContentTypes =
    [
        "text/plain",
        "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/xml",
        "application/json; charset=\"\u00ff\"",
        "",
        "*/*",
        "application/problem+json",
        "APPLICATION/JSON",
    ];

    public HostileRequest Make(int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var kinds = new List<string>();
        var endpoint = Endpoint.All[random.Next(Endpoint.All.Length)];
        var method = endpoint.Method;
        if (random.Next(100) < 4)
        {
            method = OtherMethods[random.Next(OtherMethods.Length)];
            kinds.Add("method");
        }

        var breaksHttp = false;
        var target = new StringBuilder();
        target.Append(FillPath(endpoint.Template, random, kinds, ref breaksHttp));
        target.Append(Query(endpoint, random, kinds, ref breaksHttp));

        // Kestrel answers a request line over 8 KiB with a bare 414 before any application code runs.
        breaksHttp |= target.Length > 8 * 1024 - 32;

        var headers = new List<string> { "Host: " + address.Authority };
        var idempotencyKey = (string?)null;
        var reused = false;
        AddAuthorization(headers, random, kinds);
        if (method == "POST")
        {
            (idempotencyKey, reused) = AddIdempotencyKey(headers, endpoint, index, random, kinds);
        }

        AddCheckoutLanguage(headers, endpoint, random, kinds);
        byte[]? body = null;
        if (endpoint.Body is not null && method is "POST" or "PUT" or "PATCH")
        {
            body = BodyMutator.Mutate(endpoint.Body == "department" ? RequestBodies.Department("fz" + index.ToString(CultureInfo.InvariantCulture)) : endpoint.Body, random, kinds);
        }
        else if (random.Next(100) < 3)
        {
            body = BodyMutator.Mutate(RequestBodies.Invoice, random, kinds);
            kinds.Add("unexpected-body");
        }

        if (body is not null && random.Next(100) < 88)
        {
            headers.Add("Content-Type: application/json");
        }
        else if (body is not null)
        {
            headers.Add("Content-Type: " + ContentTypes[random.Next(ContentTypes.Length)]);
            kinds.Add("content-type");
        }

        var trailingHead = new List<byte[]>();
        if (random.Next(100) < 3)
        {
            breaksHttp |= AddHostileHeaders(headers, trailingHead, random, kinds);
        }

        var request = new MemoryStream();
        Write(request, method + " ");
        if (breaksHttp)
        {
            // Raw bytes in the target: written as they are, invalid UTF-8 included.
            request.Write(Encoding.UTF8.GetBytes(target.ToString()));
        }
        else
        {
            Write(request, target.ToString());
        }

        Write(request, " HTTP/1.1\r\n");
        foreach (var header in headers)
        {
            request.Write(Encoding.UTF8.GetBytes(header));
            Write(request, "\r\n");
        }

        foreach (var raw in trailingHead)
        {
            request.Write(raw);
            Write(request, "\r\n");
        }

        // Kestrel answers a head over 32 KiB with a bare 431 before any application code runs.
        breaksHttp |= request.Length > 32 * 1024 - 256;
        breaksHttp |= Frame(request, body, random, kinds);
        return new HostileRequest(index, kinds.Count == 0 ? "valid" : string.Join('+', kinds.Distinct()), endpoint, method, request.ToArray(), breaksHttp, idempotencyKey, reused);
    }

    private string FillPath(string template, Random random, List<string> kinds, ref bool breaksHttp)
    {
        if (random.Next(100) < 2)
        {
            kinds.Add("unknown-path");
            var unknown = template.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal) + "/" + Pick(HostileValues.Encoded, random);
            breaksHttp |= unknown.Contains("%00", StringComparison.Ordinal);
            return unknown;
        }

        var path = new StringBuilder();
        var rest = template;
        while (rest.IndexOf('{', StringComparison.Ordinal) is var open and >= 0)
        {
            var close = rest.IndexOf('}', open);
            path.Append(rest[..open]);
            var name = rest[(open + 1)..close];
            var roll = random.Next(100);
            string? segment = null;
            if (roll < 55)
            {
                segment = Uri.EscapeDataString(Valid(template, name, random));
            }
            else if (roll < 85)
            {
                kinds.Add("hostile-id");
                segment = Uri.EscapeDataString(Pick(HostileValues.Strings, random));
            }
            else if (roll < 97)
            {
                kinds.Add("encoded-id");
                segment = Pick(HostileValues.Encoded, random);
            }

            if (segment is not null)
            {
                // Kestrel refuses a path with an encoded NUL while parsing the request line (a bare 400).
                breaksHttp |= segment.Contains("%00", StringComparison.Ordinal);
                path.Append(segment);
            }
            else
            {
                kinds.Add("raw-id");
                breaksHttp = true;
                path.Append(Pick(HostileValues.Strings, random));
            }

            rest = rest[(close + 1)..];
        }

        path.Append(rest);
        return path.ToString();
    }

    private string Valid(string template, string name, Random random) => name switch
    {
        "code" => known.Department,
        "chain" => Pick(["BTC", "LTC", "ETH", "btc"], random),
        "account" => Pick(["assets:water:BTC", "revenue:water", "liabilities:water:KZT", "unknown"], random),
        "deliveryId" => "dlv_0000000000000000",
        "name" => Pick(["checkout.js", "checkout.css", "missing.js", "..%2fappsettings.json"], random),
        "id" when template.StartsWith("/v1/webhooks", StringComparison.Ordinal) => known.Webhook,
        "id" when template.StartsWith("/v1/api-keys", StringComparison.Ordinal) => known.ApiKey,
        "id" when template.StartsWith("/v1/events", StringComparison.Ordinal) => "evt_0000000000000000",
        "id" when template.StartsWith("/v1/ledger", StringComparison.Ordinal) => Pick(["1", "0", "2"], random),
        _ => known.Invoice,
    };

    private static string Query(Endpoint endpoint, Random random, List<string> kinds, ref bool breaksHttp)
    {
        var pairs = new List<string>();
        foreach (var name in endpoint.Query)
        {
            if (random.Next(100) >= 40)
            {
                continue;
            }

            var roll = random.Next(100);
            if (roll < 40)
            {
                pairs.Add(name + "=" + Uri.EscapeDataString(ValidQuery(name, random)));
            }
            else if (roll < 75)
            {
                kinds.Add("hostile-query");
                pairs.Add(name + "=" + Uri.EscapeDataString(Pick(HostileValues.Strings, random)));
            }
            else if (roll < 95)
            {
                kinds.Add("encoded-query");
                pairs.Add(name + "=" + Pick(HostileValues.Encoded, random));
            }
            else
            {
                kinds.Add("repeated-query");
                pairs.Add(name + "=1&" + name + "=2");
            }
        }

        if (random.Next(100) < 5)
        {
            kinds.Add("unknown-query");
            pairs.Add(Pick(["debug", "__proto__", "constructor", "a[]", "%00", "x"], random) + "=" + Uri.EscapeDataString(Pick(HostileValues.Strings, random)));
        }

        if (random.Next(1000) < 5)
        {
            kinds.Add("raw-query");
            breaksHttp = true;
            pairs.Add("q=" + Pick(HostileValues.Strings, random));
        }

        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    private static string ValidQuery(string name, Random random) => name switch
    {
        "limit" => Pick(["1", "10", "100", "101", "0", "-5"], random),
        "basis" => Pick(["recorded", "effective", "posted"], random),
        "format" => Pick(["jsonl", "csv", "json", "xml"], random),
        "status" => Pick(["new", "paid", "expired", "canceled", "processing"], random),
        "type" => Pick(["invoice.created", "invoice.settled", "nope"], random),
        "department" => "water",
        "from" or "to" or "asOf" => Pick(["2026-01-01T00:00:00Z", "0", "1", "3", "2026-13-45"], random),
        "treeSize" => Pick(["0", "1", "2", "1000000"], random),
        "lang" => Pick(["kk", "ru", "en", "zz"], random),
        _ => Pick(["1", "inv_x", "assets:water:BTC"], random),
    };

    private static void AddAuthorization(List<string> headers, Random random, List<string> kinds)
    {
        var roll = random.Next(100);
        if (roll < 88)
        {
            headers.Add("Authorization: Bearer " + FuzzGateway.AdminKey);
            return;
        }

        kinds.Add("auth");
        headers.Add(roll switch
        {
            < 91 => "X-No-Authorization: 1",
            < 93 => "Authorization: Bearer wrong-key",
            < 95 => "Authorization: Bearer ak_" + new string('0', 64),
            < 97 => "Authorization: Basic YWRtaW46YWRtaW4=",
            < 98 => "Authorization: Bearer " + new string('k', 20_000),
            _ => "Authorization: Bearer " + Uri.EscapeDataString(Pick(HostileValues.Strings, random)),
        });
    }

    private static (string? Key, bool Reused) AddIdempotencyKey(List<string> headers, Endpoint endpoint, int index, Random random, List<string> kinds)
    {
        var roll = random.Next(100);
        if (roll < 88)
        {
            var key = "fz-" + index.ToString(CultureInfo.InvariantCulture);
            headers.Add("Idempotency-Key: " + key);
            return (key, false);
        }

        kinds.Add("idempotency-key");
        if (roll < 92)
        {
            var key = "fz-reused" + endpoint.Template.Replace('/', '-');
            headers.Add("Idempotency-Key: " + key);
            return (key, true);
        }

        if (roll < 95)
        {
            return (null, false);
        }

        // Hostile keys repeat across the run, so a 2xx under one may be a replay: counted like a reused key.
        var hostile = Pick(["", " ", new string('k', 300), new string('k', 20_000), "%00", "key\twith\ttabs", "\u00e9\u00e8"], random);
        headers.Add("Idempotency-Key: " + hostile);
        return (hostile, true);
    }

    private static void AddCheckoutLanguage(List<string> headers, Endpoint endpoint, Random random, List<string> kinds)
    {
        if (!endpoint.Template.StartsWith("/pay", StringComparison.Ordinal) || random.Next(100) >= 30)
        {
            return;
        }

        kinds.Add("language");
        var value = Uri.EscapeDataString(Pick(HostileValues.Strings, random));
        headers.Add(random.Next(2) == 0
            ? "Accept-Language: " + Pick(["kk-KZ,ru;q=0.9", "*", "zz;q=2", "ru;q=abc", new string(',', 3000), value], random)
            : "Cookie: alatau_lang=" + value);
    }

    private static bool AddHostileHeaders(List<string> headers, List<byte[]> trailing, Random random, List<string> kinds)
    {
        kinds.Add("hostile-header");
        switch (random.Next(7))
        {
            case 0:
                headers.Add("X-Big: " + new string('h', 40_000));
                return true;
            case 1:
                for (var i = 0; i < 150; i++)
                {
                    headers.Add($"X-Many-{i}: {i}");
                }

                return true;
            case 2:
                trailing.Add([.. "X-Bad: "u8, .. HostileValues.InvalidUtf8[random.Next(HostileValues.InvalidUtf8.Length)]]);
                return true;
            case 3:
                trailing.Add("Bad Header Name: 1"u8.ToArray());
                return true;
            case 4:
                // Kestrel refuses header values with control or non-ASCII characters before any application code.
                var forwarded = Pick(HostileValues.Strings, random).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
                headers.Add("X-Forwarded-For: " + forwarded);
                return forwarded.Any(c => c is < ' ' or > '~');
            case 5:
                headers.Add("Traceparent: " + Pick(["00-zzzz-yyyy-01", "", "00-" + new string('0', 32) + "-" + new string('0', 16) + "-00", new string('f', 600)], random));
                return false;
            default:
                headers.Add("Host: second.example");
                return true;
        }
    }

    /// <summary>Writes the body with its framing; true when the framing itself is invalid.</summary>
    private static bool Frame(MemoryStream request, byte[]? body, Random random, List<string> kinds)
    {
        if (body is null)
        {
            Write(request, "\r\n");
            return false;
        }

        var roll = random.Next(100);
        if (roll < 90)
        {
            Write(request, "Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
            request.Write(body);
            return false;
        }

        if (roll < 95)
        {
            kinds.Add("chunked");
            Write(request, "Transfer-Encoding: chunked\r\n\r\n");
            var offset = 0;
            while (offset < body.Length)
            {
                var size = Math.Min(body.Length - offset, 1 + random.Next(64));
                Write(request, size.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
                request.Write(body, offset, size);
                Write(request, "\r\n");
                offset += size;
            }

            Write(request, "0\r\n\r\n");
            return false;
        }

        kinds.Add("bad-framing");
        switch (random.Next(4))
        {
            case 0:
                // Says less than it sends: the rest would be read as a next request, so close after this one.
                Write(request, "Connection: close\r\nContent-Length: " + (body.Length / 2).ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
                request.Write(body);
                break;
            case 1:
                Write(request, "Transfer-Encoding: chunked\r\n\r\nzz\r\n");
                request.Write(body);
                Write(request, "\r\n0\r\n\r\n");
                break;
            case 2:
                Write(request, "Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
                break;
            default:
                Write(request, "Content-Length: -1\r\n\r\n");
                request.Write(body);
                break;
        }

        return true;
    }

    private static void Write(MemoryStream stream, string ascii) => stream.Write(Encoding.Latin1.GetBytes(ascii));

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];
}
