using Concord.Web.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Identity.SignIn;

[AllowAnonymous]
public sealed class LoginModel(SignInHandler handler, SecurityPolicy policy, TimeProvider clock) : ConcordPage
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await handler.CheckAsync(UserName, Password);
        if (result.Principal is null)
        {
            Error = result.Error;
            return Page();
        }

        await HttpContext.SignInAsync(IdentityConstants.ApplicationScheme, result.Principal, new AuthenticationProperties
        {
            IsPersistent = false,
            ExpiresUtc = clock.GetUtcNow().AddMinutes(policy.SessionMinutes),
        });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}

public sealed class LogoutModel : ConcordPage
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Redirect("/login");
    }

    public IActionResult OnGet() => Redirect("/");
}

public sealed class DeniedModel : ConcordPage;
