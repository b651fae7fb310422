using AlatauPay.Domain.Departments;

namespace AlatauPay.Domain.Tests.Departments;

public class DepartmentCodeTests
{
    [Theory]
    [MemberData(nameof(SlugCases.Valid), MemberType = typeof(SlugCases))]
    public void AcceptsShortLowercaseSlugs(string value) =>
        Assert.Equal(value, new DepartmentCode(value).ToString());

    [Theory]
    [MemberData(nameof(SlugCases.Invalid), MemberType = typeof(SlugCases))]
    public void RefusesAnythingElse(string? value) =>
        Assert.Equal("department-code-invalid", Assert.Throws<DomainException>(() => new DepartmentCode(value!)).Code);

    [Fact]
    public void RefusesASlugEndingInANewline() =>
        Assert.Throws<DomainException>(() => new DepartmentCode("water\n"));
}
