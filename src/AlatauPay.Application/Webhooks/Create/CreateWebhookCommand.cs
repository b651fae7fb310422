using AlatauPay.Domain.Departments;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace AlatauPay.Application.Webhooks.Create;

/// <summary>Registers a receiver for some event types, of some departments or (no filter) all of them.</summary>
public sealed record CreateWebhookCommand(string? Url, IReadOnlyList<string>? EventTypes, IReadOnlyList<string>? Departments)
    : ICommand<WebhookView>;

public sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public const int MaxUrlLength = 2048;

    public CreateWebhookValidator(IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowPrivate = options.Value.AllowPrivateNetworks;
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Url).NotEmpty().WithErrorCode("webhook-url-required").WithMessage("url is required.")
            .Must(IsAcceptableUrl).WithErrorCode("webhook-url-invalid")
            .WithMessage($"url is an absolute http or https URL of at most {MaxUrlLength} characters, without credentials in it.")
            .Must(url => allowPrivate || !ReceiverAddresses.NamesNonPublicHost(new Uri(url!))).WithErrorCode("webhook-url-private")
            .WithMessage($"url names a loopback, link-local or private address; receivers must be on the public internet unless {WebhookOptions.Section}:AllowPrivateNetworks is set.");
        RuleFor(c => c.EventTypes).NotEmpty().WithErrorCode("event-types-required").WithMessage("eventTypes lists at least one event type.")
            .Must(t => t!.Distinct().Count() == t!.Count).WithErrorCode("event-type-duplicate").WithMessage("Each event type is listed once.");
        RuleForEach(c => c.EventTypes).Must(WebhookEventTypes.IsKnown).WithErrorCode("event-type-unknown")
            .WithMessage($"An event type is one of: {string.Join(", ", WebhookEventTypes.All)}.");
        RuleFor(c => c.Departments).Must(d => d!.Count is >= 1 and <= 100).WithErrorCode("departments-invalid")
            .WithMessage("departments, when given, lists 1 to 100 department codes.").When(c => c.Departments is not null);
        RuleForEach(c => c.Departments).Must(Slug.IsValid).WithErrorCode("department-code-invalid")
            .WithMessage("A department code is 2-32 lowercase letters, digits or dashes.");
    }

    private static bool IsAcceptableUrl(string? url) =>
        url!.Length <= MaxUrlLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment);
}
