using System.Text.RegularExpressions;

namespace AlatauPay.Domain.Departments;

/// <summary>A city department's short code ("water"): lowercase letters, digits and dashes.</summary>
public readonly record struct DepartmentCode
{
    public DepartmentCode(string value)
    {
        if (!Slug.IsValid(value))
        {
            throw new DomainException("department-code-invalid", "A department code is 2-32 lowercase letters, digits or dashes.");
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>A service a department bills for ("cold-water"); same shape as a department code.</summary>
public readonly record struct ServiceCode
{
    public ServiceCode(string value)
    {
        if (!Slug.IsValid(value))
        {
            throw new DomainException("service-code-invalid", "A service code is 2-32 lowercase letters, digits or dashes.");
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}

public static partial class Slug
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,31}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
