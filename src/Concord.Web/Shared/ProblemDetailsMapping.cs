using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Shared;

/// <summary>Rule failures become RFC 7807 problem details; field errors keep the request's field names.</summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException bad)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = 400, Title = "请求格式不正确。", Detail = bad.Message, Type = "https://concord.local/problems/bad_request" },
            });
        }

        if (exception is not DomainException domain)
        {
            return false;
        }

        http.Response.StatusCode = domain.Status;
        ProblemDetails details = domain is ValidationFailedException v
            ? new ValidationProblemDetails(v.Errors.ToDictionary(kv => kv.Key, kv => kv.Value))
            : new ProblemDetails();
        details.Status = domain.Status;
        details.Title = domain.Message;
        details.Type = $"https://concord.local/problems/{domain.Code}";
        details.Extensions["code"] = domain.Code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }
}
