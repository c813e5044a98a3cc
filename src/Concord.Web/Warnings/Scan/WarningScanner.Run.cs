using System.Globalization;
using Concord.Domain.Cases;
using Concord.Domain.Deadlines;
using Concord.Domain.Regions;
using Concord.Domain.Triage;
using Concord.Domain.Warnings;
using Concord.Web.Persistence;
using Concord.Web.Triage;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Warnings.Scan;

public sealed partial class WarningScanner
{
    /// <summary>One batch's evaluation: looks up what the new rows touch, raises or refreshes warnings (tracked, saved by the caller).</summary>
    private sealed class Run(ConcordDb db, WarningThresholds t, DateTime now)
    {
        private static readonly DeadlineStep[] s_overdueSteps = [DeadlineStep.Warned, DeadlineStep.Escalated];
        private readonly Dictionary<(WarningKind, string), EarlyWarning?> _warnings = [];
        private readonly Dictionary<string, string> _regionNames = new(StringComparer.Ordinal);
        private readonly HashSet<EarlyWarning> _raised = [];

        public int Raised { get; private set; }

        public int Updated { get; private set; }

        private sealed record CaseRow(long Id, string Code, string RegionCode, string VillageCode, DateTime RegisteredAt, string? AddressDigest, string? AddressMasked);

        private sealed record PartyRow(long CaseId, PartyRole Role, PartyKind Kind, string Name, string? IdDigest, string? IdMasked, string? PhoneDigest, string? PhoneMasked);

        /// <summary>A dedupe key and how the evidence names it ("当事人 张小华（身份证号 3408…）").</summary>
        private sealed record Key(string Value, string Label);

        // ---- 重复纠纷 and 群体性纠纷: from intake's red flags ----

        public async Task RepeatsAndGroupsAsync(IReadOnlyList<CaseRedFlag> flags, CancellationToken ct)
        {
            if (flags.Count == 0)
            {
                return;
            }

            var flaggedIds = flags.Select(f => f.CaseId).Distinct().ToList();
            var linkedCodes = flags.SelectMany(Linked).Distinct().ToList();
            var cases = await db.Cases.IgnoreQueryFilters().AsNoTracking()
                .Where(c => flaggedIds.Contains(c.Id) || linkedCodes.Contains(c.Code))
                .Select(c => new CaseRow(c.Id, c.Code, c.RegionCode, c.VillageCode, c.RegisteredAt, c.Address.Digest, c.Address.Masked))
                .ToListAsync(ct);
            var byId = cases.ToDictionary(c => c.Id);
            var byCode = cases.ToDictionary(c => c.Code, StringComparer.Ordinal);
            var ids = cases.Select(c => c.Id).ToList();
            var parties = (await db.CaseParties.IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.CaseId))
                .Select(p => new PartyRow(p.CaseId, p.Role, p.Kind, p.Name, p.IdNumber.Digest, p.IdNumber.Masked, p.Phone.Digest, p.Phone.Masked))
                .ToListAsync(ct)).ToLookup(p => p.CaseId);

            foreach (var flag in flags.OrderBy(f => f.Id))
            {
                if (!byId.TryGetValue(flag.CaseId, out var c))
                {
                    continue;
                }

                var linked = Linked(flag).Select(code => byCode.GetValueOrDefault(code)).OfType<CaseRow>().Where(l => l.Id != c.Id).ToList();
                if (flag.Kind == RedFlagKind.Repeat)
                {
                    await RepeatAsync(c, linked, parties, ct);
                }
                else
                {
                    await GroupAsync(flag, c, linked, parties, ct);
                }
            }
        }

        private static IEnumerable<string> Linked(CaseRedFlag flag) =>
            flag.LinkedCaseCodes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

        private async Task RepeatAsync(CaseRow c, List<CaseRow> linked, ILookup<long, PartyRow> parties, CancellationToken ct)
        {
            // The same person (ID number, else phone) or the same address: the key most of the linked cases share.
            IEnumerable<Key> KeysOf(CaseRow x)
            {
                foreach (var p in parties[x.Id])
                {
                    if (p.IdDigest is not null)
                    {
                        yield return new Key("id:" + p.IdDigest, $"当事人 {p.Name}（身份证号 {p.IdMasked}）");
                    }

                    if (p.PhoneDigest is not null)
                    {
                        yield return new Key("phone:" + p.PhoneDigest, $"当事人 {p.Name}（电话 {p.PhoneMasked}）");
                    }
                }

                if (x.AddressDigest is not null)
                {
                    yield return new Key("address:" + x.AddressDigest, $"地址（{x.AddressMasked}）");
                }
            }

            var best = Best(KeysOf(c), linked, l => KeysOf(l).Select(k => k.Value));
            if (best is null)
            {
                return;
            }

            var members = linked.Where(l => KeysOf(l).Any(k => k.Value == best.Value)).Append(c).ToList();
            await UpsertAsync(WarningKind.Repeat, best.Value, members,
                (n, first, last) => $"同一{best.Label}重复发生纠纷 {n} 件（{Day(first)} 至 {Day(last)} 登记）。",
                $"重复纠纷：{best.Label}", null, refreshMembers: false, ct);
        }

        private async Task GroupAsync(CaseRedFlag flag, CaseRow c, List<CaseRow> linked, ILookup<long, PartyRow> parties, CancellationToken ct)
        {
            if (linked.Count == 0)
            {
                // Many applicants in one case: the case itself is the group dispute.
                await UpsertAsync(WarningKind.Group, "case:" + c.Code, [c], (_, _, _) => $"案件 {c.Code}：{flag.Reason}。",
                    $"群体性纠纷：案件 {c.Code}", null, refreshMembers: false, ct);
                return;
            }

            IEnumerable<Key> RespondentsOf(CaseRow x)
            {
                foreach (var p in parties[x.Id].Where(p => p.Role == PartyRole.Respondent))
                {
                    if (p.Kind == PartyKind.Organisation)
                    {
                        yield return new Key("respondent-org:" + p.Name, $"被申请人 {p.Name}");
                    }

                    if (p.IdDigest is not null)
                    {
                        yield return new Key("respondent-id:" + p.IdDigest, $"被申请人 {p.Name}（身份证号 {p.IdMasked}）");
                    }

                    if (p.PhoneDigest is not null)
                    {
                        yield return new Key("respondent-phone:" + p.PhoneDigest, $"被申请人 {p.Name}（电话 {p.PhoneMasked}）");
                    }
                }
            }

            var best = Best(RespondentsOf(c), linked, l => RespondentsOf(l).Select(k => k.Value));
            if (best is null)
            {
                return;
            }

            var members = linked.Where(l => RespondentsOf(l).Any(k => k.Value == best.Value)).Append(c).ToList();
            await UpsertAsync(WarningKind.Group, best.Value, members,
                (n, first, last) => $"针对同一{best.Label}的纠纷 {n} 件（{Day(first)} 至 {Day(last)} 登记），属群体性纠纷。",
                $"群体性纠纷：{best.Label}", null, refreshMembers: false, ct);
        }

        private static Key? Best(IEnumerable<Key> own, List<CaseRow> linked, Func<CaseRow, IEnumerable<string>> keysOf)
        {
            var linkedKeys = linked.Select(l => keysOf(l).ToHashSet(StringComparer.Ordinal)).ToList();
            return own.DistinctBy(k => k.Value)
                .Select(k => (Key: k, Shared: linkedKeys.Count(s => s.Contains(k.Value))))
                .Where(x => x.Shared > 0)
                .OrderByDescending(x => x.Shared)
                .Select(x => x.Key)
                .FirstOrDefault();
        }

        // ---- 类别激增: this month of a (village, category) against its own baseline ----

        public async Task RisingCategoriesAsync(IReadOnlyList<NewCase> cases, CancellationToken ct)
        {
            var monthStart = WarningRules.MonthStart(now);
            var monthEnd = WarningRules.MonthStart(now, 1);
            var pairs = cases.Where(c => c.RegisteredAt >= monthStart && c.RegisteredAt < monthEnd)
                .Select(c => (c.VillageCode, c.CategoryCode)).Distinct().ToList();
            var from = WarningRules.MonthStart(now, -t.BaselineMonths);
            foreach (var (village, category) in pairs)
            {
                // One range read on cases(village_code, category_code, registered_at): a village's few months of one category.
                var rows = await db.Cases.IgnoreQueryFilters().AsNoTracking()
                    .Where(c => c.VillageCode == village && c.CategoryCode == category && c.RegisteredAt >= from && c.RegisteredAt < monthEnd)
                    .Select(c => new CaseRow(c.Id, c.Code, c.RegionCode, c.VillageCode, c.RegisteredAt, null, null))
                    .ToListAsync(ct);
                var thisMonth = rows.Where(r => r.RegisteredAt >= monthStart).ToList();
                var previous = Enumerable.Range(1, t.BaselineMonths)
                    .Select(k => rows.Count(r => r.RegisteredAt >= WarningRules.MonthStart(now, -k) && r.RegisteredAt < WarningRules.MonthStart(now, 1 - k)))
                    .ToList();
                var verdict = WarningRules.Rising(category, thisMonth.Count, previous, t);
                if (!verdict.Raise)
                {
                    continue;
                }

                var name = await RegionNameAsync(village, ct);
                var monthKey = WarningRules.MonthKey(now);
                var local = monthStart.AddHours(8);
                var link = $"/cases?categoryCode={category}&place={village}&from={local:yyyy-MM-dd}&to={local.AddMonths(1).AddDays(-1):yyyy-MM-dd}";
                await UpsertAsync(WarningKind.RisingCategory, $"{village}|{category}|{monthKey}", thisMonth, (_, _, _) => verdict.Evidence,
                    $"{name}{Categories.NameOf(category)}纠纷激增（{monthKey}）", link, refreshMembers: true, ct, count: thisMonth.Count);
            }
        }

        // ---- 超期聚集: overdue deadlines piling up in a village or at one handling organisation ----

        public async Task OverdueClustersAsync(IReadOnlyList<long> caseIds, CancellationToken ct)
        {
            if (caseIds.Count == 0)
            {
                return;
            }

            var touched = await db.Cases.IgnoreQueryFilters().AsNoTracking().Where(c => caseIds.Contains(c.Id))
                .Select(c => new { c.VillageCode, Org = c.LeadOrgUnitId ?? c.ReceivingOrgUnitId }).ToListAsync(ct);
            var monthKey = WarningRules.MonthKey(now);
            foreach (var village in touched.Select(x => x.VillageCode).Distinct(StringComparer.Ordinal))
            {
                var upper = RegionCode.UpperBound(village);
                var open = await db.CaseDeadlines.IgnoreQueryFilters().AsNoTracking()
                    .Where(d => d.MetAt == null && s_overdueSteps.Contains(d.Step)
                        && string.Compare(d.RegionCode, village) >= 0 && string.Compare(d.RegionCode, upper) < 0)
                    .Select(d => new { d.CaseId, d.Step }).ToListAsync(ct);
                if (!WarningRules.OverdueClusterRaised(open.Count, byOrganisation: false, t))
                {
                    continue;
                }

                var name = await RegionNameAsync(village, ct);
                var members = await MembersAsync([.. open.Select(o => o.CaseId)], ct);
                var evidence = WarningRules.OverdueEvidence(name, open.Count, open.Count(o => o.Step == DeadlineStep.Escalated), byOrganisation: false, t);
                await UpsertAsync(WarningKind.OverdueCluster, $"village|{village}|{monthKey}", members, (_, _, _) => evidence,
                    $"{name}超期案件聚集（{monthKey}）", $"/cases?place={village}", refreshMembers: true, ct, count: open.Count);
            }

            // The organisations in one pass over the open overdue deadlines (an index range), not one per organisation.
            var orgIds = touched.Select(x => x.Org).OfType<long>().Distinct().ToList();
            if (orgIds.Count == 0)
            {
                return;
            }

            var byOrg = (await (from d in db.CaseDeadlines.IgnoreQueryFilters()
                                join c in db.Cases.IgnoreQueryFilters() on d.CaseId equals c.Id
                                where d.MetAt == null && s_overdueSteps.Contains(d.Step) && orgIds.Contains((c.LeadOrgUnitId ?? c.ReceivingOrgUnitId)!.Value)
                                select new { Org = (c.LeadOrgUnitId ?? c.ReceivingOrgUnitId)!.Value, d.CaseId, d.Step }).AsNoTracking().ToListAsync(ct))
                .ToLookup(x => x.Org);
            foreach (var orgId in orgIds)
            {
                var open = byOrg[orgId].ToList();
                if (!WarningRules.OverdueClusterRaised(open.Count, byOrganisation: true, t))
                {
                    continue;
                }

                var org = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == orgId)
                    .Select(o => new { o.Code, o.Name, o.RegionCode }).SingleAsync(ct);
                var members = await MembersAsync([.. open.Select(o => o.CaseId)], ct);
                var evidence = WarningRules.OverdueEvidence(org.Name, open.Count, open.Count(o => o.Step == DeadlineStep.Escalated), byOrganisation: true, t);
                await UpsertAsync(WarningKind.OverdueCluster, $"org|{org.Code}|{monthKey}", members, (_, _, _) => evidence,
                    $"{org.Name}超期案件聚集（{monthKey}）", null, refreshMembers: true, ct, count: open.Count, region: org.RegionCode);
            }
        }

        private async Task<List<CaseRow>> MembersAsync(List<long> ids, CancellationToken ct)
        {
            var newest = ids.Distinct().OrderByDescending(id => id).Take(t.MaxLinkedCases).ToList();
            return await db.Cases.IgnoreQueryFilters().AsNoTracking().Where(c => newest.Contains(c.Id))
                .Select(c => new CaseRow(c.Id, c.Code, c.RegionCode, c.VillageCode, c.RegisteredAt, null, null)).ToListAsync(ct);
        }

        // ---- writing ----

        /// <summary>
        /// Raises the warning of (kind, key) or refreshes it: new cases are linked, the evidence is
        /// rewritten from all of them. A closed repeat or group warning that a new case joins is
        /// reopened; a closed cluster or rising warning stays closed for its month.
        /// </summary>
        private async Task UpsertAsync(WarningKind kind, string key, IReadOnlyList<CaseRow> members,
            Func<int, DateTime, DateTime, string> evidenceOf, string title, string? link, bool refreshMembers, CancellationToken ct,
            int? count = null, string? region = null)
        {
            var w = await FindAsync(kind, key, ct);
            if (w is not null && w.Status == WarningStatus.Closed && refreshMembers)
            {
                return;
            }

            var known = w?.Cases.Select(c => c.CaseId).ToHashSet() ?? [];
            var added = members.Where(m => !known.Contains(m.Id)).OrderBy(m => m.Id).ToList();
            var place = region ?? CommonAncestor(members.Select(m => m.VillageCode).Concat(w is null ? [] : [w.RegionCode]));
            if (w is null)
            {
                w = new EarlyWarning
                {
                    Kind = kind,
                    DedupeKey = key,
                    RegionCode = place,
                    Title = title,
                    Evidence = "",
                    FirstSeenAt = now,
                    LastSeenAt = now,
                    Status = WarningStatus.Open,
                };
                db.EarlyWarnings.Add(w);
                _warnings[(kind, key)] = w;
            }
            else if (added.Count == 0 && (count ?? w.CaseCount) == w.CaseCount)
            {
                return;
            }

            foreach (var m in added.TakeLast(Math.Max(0, t.MaxLinkedCases - w.Cases.Count)))
            {
                w.Cases.Add(new EarlyWarningCase { CaseId = m.Id, CaseCode = m.Code, RegionCode = m.RegionCode, RegisteredAt = m.RegisteredAt });
            }

            var dates = w.Cases.Select(c => c.RegisteredAt).ToList();
            w.CaseCount = count ?? w.Cases.Count;
            w.Evidence = Trim(evidenceOf(w.CaseCount, dates.Min(), dates.Max()), 1000);
            w.Title = Trim(title, 200);
            w.CaseListLink = link;
            w.RegionCode = place;
            w.LastSeenAt = now;
            var details = new { kind = kind.ToString(), region = w.RegionCode, w.CaseCount, w.Evidence, added = added.Select(a => a.Code).Take(20) };
            if (_raised.Contains(w))
            {
                // Raised earlier in this batch: its one audit entry is already drafted.
            }
            else if (w.Id == 0)
            {
                Raised++;
                _raised.Add(w);
                db.AuditNew("warning.raised", w, details);
            }
            else
            {
                Updated++;
                var reopened = w.Status == WarningStatus.Closed && added.Count > 0;
                if (reopened)
                {
                    w.Status = WarningStatus.Open;
                }

                db.Audit(reopened ? "warning.reopened" : "warning.updated", nameof(EarlyWarning), w.Id.ToString(CultureInfo.InvariantCulture), details);
            }
        }

        private async Task<EarlyWarning?> FindAsync(WarningKind kind, string key, CancellationToken ct)
        {
            if (!_warnings.TryGetValue((kind, key), out var w))
            {
                w = await db.EarlyWarnings.IgnoreQueryFilters().Include(x => x.Cases)
                    .FirstOrDefaultAsync(x => x.Kind == kind && x.DedupeKey == key, ct);
                _warnings[(kind, key)] = w;
            }

            return w;
        }

        private async Task<string> RegionNameAsync(string code, CancellationToken ct)
        {
            if (!_regionNames.TryGetValue(code, out var name))
            {
                name = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => r.Code == code).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? code;
                _regionNames[code] = name;
            }

            return name;
        }

        /// <summary>The nearest region containing every one of the places (a village for a village's cases, the town for two villages).</summary>
        private static string CommonAncestor(IEnumerable<string> places)
        {
            string? common = null;
            foreach (var place in places)
            {
                common ??= place;
                while (!RegionCode.IsWithin(place, common) && RegionCode.ParentOf(common) is { } parent)
                {
                    common = parent;
                }
            }

            return common ?? "";
        }

        private static string Day(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
