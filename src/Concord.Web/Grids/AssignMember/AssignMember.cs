using System.Globalization;
using Concord.Domain.Identity;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Registry;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Grids.AssignMember;

/// <summary>
/// Registers grid members and (re)assigns them to posts: 网格长 and 网格员 of a grid, 联户长 of a
/// 十联户. A new assignment closes the member's current one and, for a one-holder post, the
/// current holder's (<see cref="Reassignment"/>); every term stays in the history.
/// </summary>
public static class AssignMember
{
    /// <summary>A new member and their first post. UserName links a login (optional).</summary>
    public sealed record RegisterRequest(string? Name, string? Phone, string? UserName, string? Post, string? RegionCode, DateOnly? From);

    public sealed record AssignRequest(string? Post, string? RegionCode, DateOnly? From);

    public sealed record EndRequest(DateOnly? To, string? Reason);

    private static readonly Role[] s_memberRoles = [Role.GridWorker, Role.GridLeader, Role.HouseholdHead];

    public sealed class Handler(RegistryContext registry)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public async Task<long> RegisterAsync(RegisterRequest request, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            Text.Required(request.Name, "name", "姓名", 50, errors);
            if (!string.IsNullOrWhiteSpace(request.Phone) && !Phone.IsValid(request.Phone))
            {
                errors.Add("phone", "联系电话格式不正确（11 位手机号或带区号的固定电话）。");
            }

            long? userId = null;
            if (!string.IsNullOrWhiteSpace(request.UserName))
            {
                var name = request.UserName.Trim();
                var user = await Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == name, ct);
                if (user is null || !s_memberRoles.Contains(user.Role))
                {
                    errors.Add("userName", "未找到该账号，或该账号不是网格员、网格长或联户长。");
                }
                else if (await Db.GridMembers.IgnoreQueryFilters().AnyAsync(m => m.UserId == user.Id, ct))
                {
                    errors.Add("userName", "该账号已关联其他网格成员。");
                }
                else
                {
                    userId = user.Id;
                }
            }

            var (post, code, from) = await CheckPostAsync(request.Post, request.RegionCode, request.From, errors, ct);
            errors.ThrowIfAny();
            var member = new GridMember
            {
                RegionCode = code,
                Name = request.Name!.Trim(),
                Phone = registry.PersonalData.ProtectPhone(request.Phone),
                UserId = userId,
                CreatedAt = registry.Now,
            };
            await using var tx = await Db.BeginWriteAsync(ct);
            Db.GridMembers.Add(member);
            Db.AuditNew("grid.member_registered", member, new { member.Name, phone = member.Phone.Masked, member.UserId });
            await Db.SaveChangesAsync(ct);
            await AssignAsync(member, post, code, from, ct);
            await tx.CommitAsync(ct);
            return member.Id;
        }

        public async Task AssignAsync(long memberId, AssignRequest request, CancellationToken ct = default)
        {
            var member = await Db.GridMembers.FirstOrDefaultAsync(m => m.Id == memberId, ct) ?? throw new NotFoundException("该网格成员");
            var errors = new FieldErrors();
            var (post, code, from) = await CheckPostAsync(request.Post, request.RegionCode, request.From, errors, ct);
            errors.ThrowIfAny();
            await using var tx = await Db.BeginWriteAsync(ct);
            await AssignAsync(member, post, code, from, ct);
            await tx.CommitAsync(ct);
        }

        public async Task EndAsync(long assignmentId, EndRequest request, CancellationToken ct = default)
        {
            var assignment = await Db.GridAssignments.FirstOrDefaultAsync(a => a.Id == assignmentId, ct) ?? throw new NotFoundException("该任职记录");
            var errors = new FieldErrors();
            var to = request.To ?? Today;
            if (assignment.To is not null)
            {
                errors.Add("to", "该任职已结束。");
            }
            else if (to < assignment.From)
            {
                errors.Add("to", "结束日期不能早于开始日期。");
            }

            Text.Optional(request.Reason, "reason", "原因", 200, errors);
            errors.ThrowIfAny();
            assignment.To = to;
            assignment.EndedByName = registry.Actor.Name;
            assignment.EndReason = Text.Trimmed(request.Reason);
            Db.Audit("grid.assignment_ended", nameof(GridAssignment), assignmentId.ToString(CultureInfo.InvariantCulture),
                new { assignment.MemberName, post = assignment.Post.ToString(), assignment.RegionCode, to, assignment.EndReason });
            await Db.SaveChangesAsync(ct);
        }

        private DateOnly Today => DateOnly.FromDateTime(registry.Now.AddHours(8));

        private async Task<(GridPost, string, DateOnly)> CheckPostAsync(string? postText, string? regionCode, DateOnly? from, FieldErrors errors, CancellationToken ct)
        {
            if (!GridPosts.TryParse(postText, out var post))
            {
                errors.Add("post", "请选择职务：网格长、专职网格员、兼职网格员或联户长。");
                return (post, "", from ?? Today);
            }

            var code = await registry.CheckPlaceAsync(regionCode, [GridPosts.LevelOf(post)], "regionCode", errors, ct);
            if (from is { } f && f > Today.AddDays(31))
            {
                errors.Add("from", "任职开始日期不能晚于一个月后。");
            }

            return (post, code ?? "", from ?? Today);
        }

        private async Task AssignAsync(GridMember member, GridPost post, string code, DateOnly from, CancellationToken ct)
        {
            // Open terms anywhere this actor sees (the member's own may be elsewhere in the subtree).
            var open = await Db.GridAssignments.Where(a => a.To == null && (a.MemberId == member.Id || (a.RegionCode == code && a.Post == post))).ToListAsync(ct);
            var plan = Reassignment.Plan(member.Id, code, post, from, open.Select(a => new OpenAssignment(a.Id, a.MemberId, a.RegionCode, a.Post, a.From)));
            if (plan.Refusal is { } refusal)
            {
                var errors = new FieldErrors();
                errors.Add("from", refusal);
                errors.ThrowIfAny();
            }

            foreach (var closing in open.Where(a => plan.ToClose.Any(c => c.Id == a.Id)))
            {
                closing.To = plan.ClosedOn;
                closing.EndedByName = registry.Actor.Name;
                closing.EndReason = closing.MemberId == member.Id ? "调整任职" : $"由{member.Name}接任";
            }

            member.RegionCode = code;
            var assignment = new GridAssignment
            {
                MemberId = member.Id,
                RegionCode = code,
                MemberName = member.Name,
                Post = post,
                From = from,
                AssignedByUserId = registry.Actor.UserId,
                AssignedByName = registry.Actor.Name,
            };
            Db.GridAssignments.Add(assignment);
            Db.AuditNew("grid.member_assigned", assignment, new
            {
                memberId = member.Id,
                member.Name,
                post = post.ToString(),
                regionCode = code,
                from,
                closed = plan.ToClose.Select(c => c.Id).ToList(),
            });
            await Db.SaveChangesAsync(ct);
        }
    }
}
