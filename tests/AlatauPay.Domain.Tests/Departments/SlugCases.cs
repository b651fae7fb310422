namespace AlatauPay.Domain.Tests.Departments;

/// <summary>Department and service codes share one shape: 2-32 lowercase letters, digits or dashes, not led by a dash.</summary>
public static class SlugCases
{
    public static TheoryData<string> Valid =>
    [
        "water",
        "cold-water",
        "a1",
        "42",
        "heat-2025",
        new string('a', 32),
    ];

    public static TheoryData<string?> Invalid =>
    [
        null,
        "",
        "a",
        "-water",
        "Water",
        "cold_water",
        "cold water",
        "cold.water",
        "вода",
        " water",
        new string('a', 33),
    ];
}
