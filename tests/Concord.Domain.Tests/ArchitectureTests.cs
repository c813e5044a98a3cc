using Concord.Domain.Regions;

namespace Concord.Domain.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void The_domain_assembly_depends_on_neither_EF_Core_nor_ASP_NET_Core()
    {
        var references = typeof(RegionCode).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        references.ShouldNotBeEmpty();
        references.ShouldNotContain(r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        references.ShouldNotContain(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        references.ShouldNotContain(r => r.StartsWith("Npgsql", StringComparison.Ordinal));
    }
}
