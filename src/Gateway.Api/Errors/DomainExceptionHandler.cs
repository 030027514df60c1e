using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;

namespace Lyss.UserGrains.Gateway.Errors;

/// <summary>The one place where errors become RFC 9457 problem details.</summary>
public sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, code) = exception switch
        {
            ValidationException => (StatusCodes.Status400BadRequest, "Validation failed", "validation_failed"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", "bad_request"),
            ForbiddenException e => (StatusCodes.Status403Forbidden, "Forbidden", e.Code),
            UnauthorizedException e => (StatusCodes.Status401Unauthorized, "Unauthorized", e.Code),
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Code),
            ConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Code),
            GoneException e => (StatusCodes.Status410Gone, "Gone", e.Code),
            TooManyRequestsException e => (StatusCodes.Status429TooManyRequests, "Too many requests", e.Code),
            OutcomeUnknownException e => (StatusCodes.Status503ServiceUnavailable, "Outcome unknown", e.Code),
            UnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", e.Code == "domain_error" ? "unavailable" : e.Code),
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", "internal_error"),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        var details = new ProblemDetails
        {
            Status = status,
            Title = title,
            // Internal messages may name internals; only domain and request errors are shown as they are.
            Detail = status == StatusCodes.Status500InternalServerError ? "An unexpected error occurred." : exception.Message,
            Extensions = { ["code"] = code },
        };
        if (exception is OutcomeUnknownException unknown)
        {
            details.Extensions["id"] = unknown.ActivityIds.FirstOrDefault();
            details.Extensions["ids"] = unknown.ActivityIds;
        }

        if (exception is ValidationException validation)
        {
            details.Extensions["errors"] = validation.Errors;
        }
        else if (exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException json })
        {
            // Name the offending field: "$.status" for a field a client may not set.
            var field = json.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
            var message = json.Message?.Contains("could not be mapped", StringComparison.Ordinal) == true
                ? $"'{field}' is not a field of this request, or may not be set by a client."
                : json.Message?.StartsWith(Lyss.UserGrains.Common.PlainText.ControlMessage, StringComparison.Ordinal) == true
                    ? $"'{field}': {Lyss.UserGrains.Common.PlainText.ControlMessage}"
                    : $"'{field}' has an invalid value or the body is not valid JSON.";
            details.Detail = message;
            details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }

        if (status == StatusCodes.Status429TooManyRequests)
        {
            httpContext.Response.Headers.RetryAfter = exception is TooManyRequestsException { RetryAfterSeconds: { } seconds }
                ? seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "30";
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = details,
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
