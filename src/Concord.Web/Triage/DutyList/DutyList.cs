using Concord.Domain.Cases;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Triage.DutyList;

/// <summary>值班台: open red-flagged cases of the user's subtree, newest first, with why they are there.</summary>
public static class DutyList
{
    public sealed record Item(string Code, string Summary, string RiskLevel, string RiskLabel, string StatusLabel, DateTime ListedAt, DateTime? DueAt, IReadOnlyList<string> Reasons);

    public sealed class Handler(ConcordDb db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct = default)
        {
            var closed = new[] { CaseStatus.Closed, CaseStatus.Withdrawn };
            var cases = await db.Cases.AsNoTracking()
                .Where(c => c.DutyListedAt != null && !closed.Contains(c.Status))
                .OrderByDescending(c => c.DutyListedAt).Take(100)
                .Select(c => new
                {
                    c.Id,
                    c.Code,
                    c.Summary,
                    c.RiskLevel,
                    c.Status,
                    ListedAt = c.DutyListedAt!.Value,
                    Reasons = c.RedFlags.OrderBy(f => f.Id).Select(f => f.Reason).ToList(),
                    DueAt = c.Deadlines.Where(d => d.MetAt == null).OrderBy(d => d.DueAt).Select(d => (DateTime?)d.DueAt).FirstOrDefault(),
                })
                .ToListAsync(ct);
            return [.. cases.Select(c => new Item(c.Code, c.Summary, c.RiskLevel.ToString(), CaseLabels.Of(c.RiskLevel), CaseLabels.Of(c.Status), c.ListedAt, c.DueAt, c.Reasons))];
        }
    }
}
