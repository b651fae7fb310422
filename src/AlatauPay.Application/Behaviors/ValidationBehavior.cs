using AlatauPay.Application.Common;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Behaviors;

/// <summary>Runs every FluentValidation validator of the message; any failure stops it with a 400.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        List<FieldError>? errors = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                (errors ??= []).Add(new FieldError(
                    JsonFieldPath.From(failure.PropertyName),
                    failure.ErrorCode,
                    failure.ErrorMessage));
            }
        }

        if (errors is not null)
        {
            throw new RequestInvalidException(errors);
        }

        return await next(message, cancellationToken);
    }
}
