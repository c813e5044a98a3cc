using System.Security.Claims;
using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Concord.Web.Identity;

public static class IdentityModule
{
    public const string SmartScheme = "cookie-or-bearer";

    public static WebApplicationBuilder AddConcordIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddIdentityCore<AppUser>(SecurityPolicy.ApplyDefaults)
            .AddEntityFrameworkStores<ConcordDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ConcordClaimsFactory>();

        // Live policy: the security admin's changes apply without a restart (see SecurityPolicy).
        services.AddSingleton<SecurityPolicy>();
        services.AddSingleton<IOptions<IdentityOptions>>(sp => sp.GetRequiredService<SecurityPolicy>());

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "concord";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(1));

        services.AddAuthorization(o =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(permission.ToString(), p => p.RequireAuthenticatedUser()
                    .RequireAssertion(ctx => CurrentActor.FromPrincipal(ctx.User).Can(permission)));
            }
        });
        services.AddScoped<SignInHandler>();
        services.AddScoped<ManageUsers.ManageUsers.Handler>();
        services.AddScoped<ManageSecurity.ManageSecurity.Handler>();
        return builder;
    }

    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Puts role, org unit and scope into the principal, so each request knows its actor without a query.</summary>
internal sealed class ConcordClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, ConcordDb db)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var org = await db.OrgUnits.IgnoreQueryFiltersById(user.OrgUnitId);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(CurrentActor.OrgIdClaim, user.OrgUnitId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(CurrentActor.OrgNameClaim, org?.Name ?? ""));
        identity.AddClaim(new Claim(CurrentActor.ScopeClaim, user.RegionCode));
        identity.AddClaim(new Claim(CurrentActor.DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
