namespace AlatauPay.Cli;

/// <summary>The command line, read without a parsing library: a group, a verb, an optional target and repeated options.</summary>
internal sealed record CliArguments(string Group, string Verb, string? Target, IReadOnlyList<string> Scopes, IReadOnlyList<string>? Departments, string? Storage)
{
    public static CliArguments? Parse(IReadOnlyList<string> args)
    {
        if (args.Count < 2)
        {
            return null;
        }

        var scopes = new List<string>();
        List<string>? departments = null;
        string? storage = null;
        string? target = null;
        for (var i = 2; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--scope" when value is not null:
                    scopes.Add(value);
                    i++;
                    break;
                case "--department" when value is not null:
                    (departments ??= []).Add(value);
                    i++;
                    break;
                case "--storage" when value is not null:
                    storage = value;
                    i++;
                    break;
                case var positional when !positional.StartsWith("--", StringComparison.Ordinal) && target is null:
                    target = positional;
                    break;
                default:
                    return null;
            }
        }

        return new CliArguments(args[0], args[1], target, scopes, departments, storage);
    }
}
