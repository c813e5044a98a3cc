using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Mediators.InviteExpert;

/// <summary>邀请专家: a judge, prosecutor, lawyer or counsellor of the pool serving the case's place joins its mediation.</summary>
public static class InviteExpert
{
    public sealed record InviteRequest(long? ExpertId, string? Purpose);

    public sealed class Handler(CaseMediation mediation)
    {
        private ConcordDb Db => mediation.Db;

        public async Task InviteAsync(string code, InviteRequest request, CancellationToken ct = default)
        {
            var c = await mediation.LoadAsync(code, ct);
            CaseMediation.CaseMustBeRoutedOrMediating(c);
            mediation.ActorMayStaff(c);

            // The pool of a county serves every place in it; experts sit above a town clerk's subtree.
            var lineage = RegionCode.Lineage(c.VillageCode).ToList();
            var expert = request.ExpertId is { } id
                ? await Db.Experts.IgnoreQueryFilters().FirstOrDefaultAsync(e => e.Id == id && lineage.Contains(e.RegionCode), ct)
                : null;
            var errors = new FieldErrors();
            if (expert is null)
            {
                errors.Add("expertId", "请选择专家库中服务本地的专家。");
            }

            if (string.IsNullOrWhiteSpace(request.Purpose))
            {
                errors.Add("purpose", "请说明邀请专家的事由（如提供法律意见、心理疏导）。");
            }

            errors.ThrowIfAny();
            if (await Db.CaseExperts.AnyAsync(e => e.CaseId == c.Id && e.ExpertId == expert!.Id, ct))
            {
                throw new DomainException("expert_already_invited", $"已邀请{expert!.Name}参与本案。", 409);
            }

            var purpose = request.Purpose!.Trim();
            Db.CaseExperts.Add(new CaseExpert { CaseId = c.Id, RegionCode = c.RegionCode, ExpertId = expert!.Id, InvitedAt = mediation.Now, Purpose = purpose });
            await mediation.RecordAsync(c, "expert_invited", $"邀请{Expert.KindLabel(expert.Kind)}{expert.Name}（{expert.Organisation}）参与调解：{purpose}",
                "case.expert_invited", new { expertId = expert.Id, expert = expert.Name, kind = expert.Kind.ToString(), purpose }, ct);
        }
    }
}
