using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Concord.Web.Demo;
using Concord.Web.Tests.Infrastructure;

namespace Concord.Web.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class LoginTests(ConcordFactory app)
{
    [Fact]
    public async Task The_health_check_answers_once_the_app_is_prepared()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
    }

    [Fact]
    public async Task A_demo_user_with_the_right_password_gets_a_token_that_opens_the_api()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "supervisor", password = DemoUsers.Password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.ReadJsonAsync())["accessToken"]!.GetValue<string>();
        token.ShouldNotBeNullOrWhiteSpace();

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var categories = await client.GetAsync("/api/categories");
        categories.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await categories.ReadJsonAsync()).AsArray().Count.ShouldBe(Domain.Cases.Categories.All.Count);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_401()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "mediator", password = "Wrong@2026x" });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadJsonAsync())["title"]!.GetValue<string>().ShouldBe("用户名或密码不正确。");
    }

    [Fact]
    public async Task An_unknown_user_is_refused_with_401()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = DemoUsers.Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        // "expert" is used by no other test in this collection.
        using var client = app.CreateClient();
        for (var i = 1; i <= 4; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { userName = "expert", password = $"Wrong@2026-{i}" });
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"attempt {i}");
        }

        using var fifth = await client.PostAsJsonAsync("/api/auth/login", new { userName = "expert", password = "Wrong@2026-5" });
        fifth.StatusCode.ShouldBe(HttpStatusCode.Locked);
        (await fifth.ReadJsonAsync())["title"]!.GetValue<string>().ShouldContain("锁定");

        using var right = await client.PostAsJsonAsync("/api/auth/login", new { userName = "expert", password = DemoUsers.Password });
        right.StatusCode.ShouldBe(HttpStatusCode.Locked);
        (await right.ReadJsonAsync())["title"]!.GetValue<string>().ShouldContain("锁定");
    }

    [Fact]
    public async Task A_request_without_a_token_gets_401_not_a_login_page()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/api/cases");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_forged_token_gets_401()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-real-token");
        using var response = await client.GetAsync("/api/cases");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
