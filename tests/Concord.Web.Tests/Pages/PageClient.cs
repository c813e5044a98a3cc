using System.Net;
using System.Text.RegularExpressions;
using Concord.Web.Demo;
using Concord.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Concord.Web.Tests.Pages;

/// <summary>A browser-like client: cookie session from the real login form, antiforgery tokens from the real pages.</summary>
public static partial class PageClient
{
    public static HttpClient Anonymous(ConcordFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> LoginAsync(ConcordFactory app, string userName)
    {
        var client = Anonymous(app);
        var token = await AntiforgeryTokenAsync(client, "/login");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = DemoUsers.Password,
            ["__RequestVerificationToken"] = token,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"login of {userName} should redirect");
        response.Headers.Location!.ToString().ShouldNotContain("/login");
        return client;
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
