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
            ForbiddenException => (StatusCodes.Status403Forbidden, "Forbidden", "forbidden"),
            UnauthorizedException => (StatusCodes.Status401Unauthorized, "Unauthorized", "inactive_user"),
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Code),
            ConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Code),
            GoneException e => (StatusCodes.Status410Gone, "Gone", e.Code),
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
        if (exception is ValidationException validation)
        {
            details.Extensions["errors"] = validation.Errors;
        }
        else if (exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException json })
        {
            // Name the offending field: "$.status" for a field a client may not set.
            var field = string.IsNullOrEmpty(json.Path) ? "body" : json.Path.TrimStart('$', '.');
            details.Detail = json.Message;
            details.Extensions["errors"] = new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = [json.Message] };
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
