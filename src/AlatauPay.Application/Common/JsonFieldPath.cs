using System.Text;

namespace AlatauPay.Application.Common;

/// <summary>
/// Turns FluentValidation's property paths ("Payer.Account", "Methods[0]") into the JSON names callers
/// sent ("payer.account", "methods[0]"). Segments that are codes ("BTC") keep their case.
/// </summary>
public static class JsonFieldPath
{
    public static string From(string propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath))
        {
            return "$";
        }

        var segments = propertyPath.Split('.');
        var builder = new StringBuilder(propertyPath.Length);
        foreach (var segment in segments)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            var isCode = segment.Length > 1 && char.IsUpper(segment[1]);
            builder.Append(isCode || segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]);
        }

        return builder.ToString();
    }
}
