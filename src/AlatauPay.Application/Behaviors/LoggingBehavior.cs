using System.Diagnostics;
using AlatauPay.Domain;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Application.Behaviors;

/// <summary>
/// Outermost step: names the message and how it ended. Never logs the message itself — bodies carry
/// wallet keys and residents' details.
/// </summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string MessageName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                LogHandled(logger, MessageName, elapsed.TotalMilliseconds);
            }

            return response;
        }
        catch (DomainException refused)
        {
            LogRefused(logger, MessageName, refused.Code);
            throw;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogFailed(logger, MessageName, failure);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Message} handled in {ElapsedMs:F1} ms")]
    private static partial void LogHandled(ILogger logger, string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string message, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message} failed")]
    private static partial void LogFailed(ILogger logger, string message, Exception failure);
}
