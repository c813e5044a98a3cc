using System.Net;
using Concord.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Cases;

/// <summary>
/// 数据权限: a case of 西苑居委会 exists only for users whose subtree holds it. Every endpoint of
/// <see cref="CaseEndpointCatalog"/> is tried by users outside the subtree (refused), inside it
/// (reached: the positive control that keeps the refusals honest), admin roles (403) and
/// anonymous callers (401).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DataScopeTests(ConcordFactory app)
{
    /// <summary>三里's grid worker (a sibling village of the same town) and a clerk of another town.</summary>
    public static readonly string[] Outsiders = ["gridworker", "longmian.clerk"];

    /// <summary>西苑's grid worker, its village centre, the town centre and the county.</summary>
    public static readonly string[] Insiders = ["xiyuan.gridworker", "gridleader", "clerk", "county.clerk"];

    public static readonly string[] AdminRoles = ["sysadmin", "secadmin", "auditadmin"];

    public static TheoryData<string, string> EndpointsBy(string[] users)
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in CaseEndpointCatalog.All)
        {
            foreach (var user in users.Where(endpoint.Serves))
            {
                data.Add(endpoint.Name, user);
            }
        }

        return data;
    }

    public static TheoryData<string, string> OutsiderCases => EndpointsBy(Outsiders);

    public static TheoryData<string, string> InsiderCases => EndpointsBy(Insiders);

    public static TheoryData<string, string> AdminCases => EndpointsBy(AdminRoles);

    public static TheoryData<string> EndpointNames => [.. CaseEndpointCatalog.All.Select(e => e.Name)];

    private async Task<Witness> WitnessAsync()
    {
        var marker = "w" + Guid.NewGuid().ToString("N")[..12];
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid, marker: marker));
        return new Witness(code, marker, CaseRequests.XiyuanVillage, CaseRequests.XiyuanGrid);
    }

    private async Task<bool> ReachesAsync(string endpointName, HttpClient client)
    {
        var endpoint = CaseEndpointCatalog.Named(endpointName);
        var witness = await WitnessAsync();
        using var request = endpoint.Request(witness);
        using var response = await client.SendAsync(request);
        return await endpoint.Judge(response, witness, app);
    }

    [Theory]
    [MemberData(nameof(OutsiderCases))]
    public async Task A_user_of_another_subtree_cannot_reach_a_Xiyuan_case(string endpoint, string user)
    {
        using var client = await app.LoginAsync(user);
        (await ReachesAsync(endpoint, client)).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(InsiderCases))]
    public async Task A_user_whose_subtree_holds_Xiyuan_reaches_its_case(string endpoint, string user)
    {
        using var client = await app.LoginAsync(user);
        (await ReachesAsync(endpoint, client)).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(AdminCases))]
    public async Task The_admin_roles_are_forbidden_on_case_endpoints(string endpointName, string user)
    {
        using var client = await app.LoginAsync(user);
        var endpoint = CaseEndpointCatalog.Named(endpointName);
        using var request = endpoint.Request(new Witness("340881-2026-000001", "wnothing", CaseRequests.XiyuanVillage, CaseRequests.XiyuanGrid));
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task Anonymous_callers_get_401_on_case_endpoints(string endpointName)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var endpoint = CaseEndpointCatalog.Named(endpointName);
        using var request = endpoint.Request(new Witness("340881-2026-000001", "wnothing", CaseRequests.XiyuanVillage, CaseRequests.XiyuanGrid));
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string> InsidersWithoutTheRole()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in CaseEndpointCatalog.All)
        {
            foreach (var user in Insiders.Where(u => !endpoint.Serves(u)))
            {
                data.Add(endpoint.Name, user);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InsidersWithoutTheRole))]
    public async Task An_insider_whose_role_does_not_serve_an_endpoint_is_forbidden_there(string endpointName, string user)
    {
        using var client = await app.LoginAsync(user);
        var endpoint = CaseEndpointCatalog.Named(endpointName);
        var witness = await WitnessAsync();
        using var request = endpoint.Request(witness);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void Every_case_endpoint_the_app_maps_is_in_the_catalog()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/cases", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct().Order().ToList();
        var catalogued = CaseEndpointCatalog.All.Select(e => $"{e.Method} {e.RoutePattern}").Distinct().Order().ToList();
        mapped.ShouldNotBeEmpty();
        mapped.ShouldBe(catalogued);
    }

    /// <summary>The only API endpoints open to anonymous callers: logging in, the citizen's rate-limited tracking and ratings, and the published typical cases.</summary>
    private static readonly string[] s_anonymousApi = ["/api/auth/login", "/api/public/track", "/api/public/ratings/{token}", "/api/public/event-ratings/{token}",
        // Published typical cases (典型案例): public by design, anonymised; staff routes are under /api/typical-cases/drafts.
        "/api/typical-cases", "/api/typical-cases/{id:long}"];

    [Fact]
    public async Task Every_api_endpoint_except_login_refuses_anonymous_callers_with_401()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && !s_anonymousApi.Contains(e.RoutePattern.RawText))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Method: m, Path: System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, "{[^}]*}", p => p.Value.Contains(":long", StringComparison.Ordinal) || p.Value.Contains(":int", StringComparison.Ordinal) ? "1" : "340881-2026-000001"))))
            .Distinct().ToList();
        endpoints.Count.ShouldBeGreaterThan(3);

        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = System.Net.Http.Json.JsonContent.Create(new { });
            }

            using var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
        }
    }

    [Fact]
    public async Task A_case_code_that_does_not_exist_is_404_like_one_outside_the_scope()
    {
        using var supervisor = await app.LoginAsync("supervisor");
        using var response = await supervisor.GetAsync("/api/cases/340881-1999-999999");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_household_head_may_read_but_not_register_cases()
    {
        using var household = await app.LoginAsync("household");
        using var list = await household.GetAsync("/api/cases");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var register = await household.PostCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        register.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
