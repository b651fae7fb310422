using AlatauPay.Domain.Departments;

namespace AlatauPay.Domain.Tests.Departments;

public class ServiceCodeTests
{
    [Theory]
    [MemberData(nameof(SlugCases.Valid), MemberType = typeof(SlugCases))]
    public void AcceptsShortLowercaseSlugs(string value) =>
        Assert.Equal(value, new ServiceCode(value).Value);

    [Theory]
    [MemberData(nameof(SlugCases.Invalid), MemberType = typeof(SlugCases))]
    public void RefusesAnythingElse(string? value) =>
        Assert.Equal("service-code-invalid", Assert.Throws<DomainException>(() => new ServiceCode(value!)).Code);
}
