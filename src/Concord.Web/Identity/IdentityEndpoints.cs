using Microsoft.AspNetCore.Identity;

namespace Concord.Web.Identity;

public static class IdentityEndpoints
{
    public sealed record LoginRequest(string? UserName, string? Password);

    public static WebApplication MapIdentity(this WebApplication app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest request, SignInHandler handler) =>
        {
            var result = await handler.CheckAsync(request.UserName, request.Password);
            return result.Principal is null
                ? Results.Problem(title: result.Error, statusCode: result.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status401Unauthorized,
                    type: "https://concord.local/problems/" + (result.LockedOut ? "locked_out" : "invalid_credentials"))
                : Results.SignIn(result.Principal, authenticationScheme: IdentityConstants.BearerScheme);
        }).AllowAnonymous().WithTags("身份").DisableAntiforgery();
        return app;
    }
}
