using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.RecordMeeting;

/// <summary>周研判: a grid or village records its weekly review meeting and the items it decided (owner, due date), and later moves each item to done.</summary>
public static class RecordMeeting
{
    public sealed record ItemInput(string? Text, string? OwnerName, long? OwnerUserId, DateOnly? DueOn);

    public sealed record Request(
        string? RegionCode,
        DateOnly? HeldOn,
        string? Place,
        string? Attendees,
        List<long>? MemberUserIds,
        string? Topics,
        List<ItemInput>? Items);

    public sealed record DoneRequest(string? Note);

    public sealed record MemberOption(long Id, string Name, string Role, string RegionCode);

    public sealed record PlaceOption(string Code, string Name);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<long> RecordAsync(Request request, CancellationToken ct = default)
        {
            var actor = db.Actor;
            var errors = new FieldErrors();
            var today = ChinaTime.Today(clock);
            var code = request.RegionCode?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                errors.Add("regionCode", "请选择开会的网格或村（社区）。");
            }
            else if (!RegionCode.TryGetLevel(code, out var level) || level is not (RegionLevel.Grid or RegionLevel.Village)
                || !await db.Regions.AsNoTracking().AnyAsync(r => r.Code == code, ct))
            {
                // The region filter is the data scope: a place outside it is not offered, and not found here.
                errors.Add("regionCode", "未找到该网格或村（社区），或不在您的管辖范围内。");
            }

            if (request.HeldOn is not { } heldOn)
            {
                errors.Add("heldOn", "请填写研判日期。");
            }
            else if (heldOn > today)
            {
                errors.Add("heldOn", "研判日期不能晚于今天。");
            }
            else if (heldOn < today.AddDays(-90))
            {
                errors.Add("heldOn", "只能补录 90 天以内的研判会。");
            }

            Required(errors, "place", request.Place, "地点", 100);
            Required(errors, "topics", request.Topics, "研判事项", 4000);
            if (request.Attendees is { Length: > 500 })
            {
                errors.Add("attendees", "参会人员不能超过 500 个字。");
            }

            var memberIds = (request.MemberUserIds ?? []).Distinct().ToList();
            if (memberIds.Count > 100)
            {
                errors.Add("memberUserIds", "参会成员不能超过 100 人。");
            }

            // Members and owners come from the users the actor sees (the filter is the scope).
            var userIds = memberIds.Concat((request.Items ?? []).Where(i => i.OwnerUserId is not null).Select(i => i.OwnerUserId!.Value)).Distinct().ToList();
            var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            if (memberIds.Any(id => !users.ContainsKey(id)))
            {
                errors.Add("memberUserIds", "参会成员须是您管辖范围内的用户。");
            }

            var items = request.Items ?? [];
            if (items.Count > 50)
            {
                errors.Add("items", "决定事项不能超过 50 项。");
            }

            if (string.IsNullOrWhiteSpace(request.Attendees) && memberIds.Count == 0)
            {
                errors.Add("attendees", "请填写参会人员或选择参会成员。");
            }

            for (var i = 0; i < Math.Min(items.Count, 50); i++)
            {
                var item = items[i];
                var prefix = $"items[{i}]";
                Required(errors, $"{prefix}.text", item.Text, "事项内容", 500);
                if (item.OwnerUserId is { } owner && !users.ContainsKey(owner))
                {
                    errors.Add($"{prefix}.ownerUserId", "责任人须是您管辖范围内的用户。");
                }
                else if (item.OwnerUserId is null)
                {
                    Required(errors, $"{prefix}.ownerName", item.OwnerName, "责任人", 50);
                }

                if (item.DueOn is not { } due)
                {
                    errors.Add($"{prefix}.dueOn", "请填写完成期限。");
                }
                else if (request.HeldOn is { } held && due < held)
                {
                    errors.Add($"{prefix}.dueOn", "完成期限不能早于研判日期。");
                }
            }

            errors.ThrowIfAny();
            var now = clock.GetUtcNow().UtcDateTime;
            var meeting = new ReviewMeeting
            {
                RegionCode = code!,
                HeldOn = request.HeldOn!.Value,
                Place = request.Place!.Trim(),
                Attendees = string.IsNullOrWhiteSpace(request.Attendees) ? null : request.Attendees.Trim(),
                Topics = request.Topics!.Trim(),
                RecordedByUserId = actor.UserId,
                RecordedByName = actor.Name,
                RecordedAt = now,
            };
            foreach (var id in memberIds)
            {
                meeting.Members.Add(new ReviewMeetingMember { RegionCode = code!, UserId = id, Name = users[id] });
            }

            foreach (var item in items)
            {
                meeting.Items.Add(new ReviewItem
                {
                    RegionCode = code!,
                    Text = item.Text!.Trim(),
                    OwnerUserId = item.OwnerUserId,
                    OwnerName = item.OwnerUserId is { } owner ? users[owner] : item.OwnerName!.Trim(),
                    DueOn = item.DueOn!.Value,
                    Status = ReviewItemStatus.Open,
                });
            }

            db.ReviewMeetings.Add(meeting);
            db.Audit("review_meeting.recorded", "ReviewMeeting", code!, new
            {
                meeting.RegionCode,
                heldOn = meeting.HeldOn,
                meeting.Place,
                members = meeting.Members.Count,
                items = meeting.Items.Select(i => new { i.Text, owner = PersonName.Mask(i.OwnerName), dueOn = i.DueOn }),
            });
            await db.SaveChangesAsync(ct);
            return meeting.Id;
        }

        public async Task MarkDoneAsync(long meetingId, long itemId, DoneRequest request, CancellationToken ct = default)
        {
            var item = await db.ReviewItems.FirstOrDefaultAsync(i => i.Id == itemId && i.MeetingId == meetingId, ct)
                ?? throw new NotFoundException("该事项");
            var errors = new FieldErrors();
            Required(errors, "note", request.Note, "办理结果", 500);
            errors.ThrowIfAny();
            if (item.Status == ReviewItemStatus.Done)
            {
                throw new DomainException("item_already_done", "该事项已办结。", 409);
            }

            item.Status = ReviewItemStatus.Done;
            item.DoneAt = clock.GetUtcNow().UtcDateTime;
            item.DoneNote = request.Note!.Trim();
            item.DoneByName = db.Actor.Name;
            db.Audit("review_item.done", "ReviewItem", item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { meetingId, item.Text, note = item.DoneNote });
            await db.SaveChangesAsync(ct);
        }

        /// <summary>The places the actor may hold a meeting for: their village (if they see it) and its grids.</summary>
        public async Task<IReadOnlyList<PlaceOption>> PlacesAsync(CancellationToken ct = default) =>
            await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village || r.Level == RegionLevel.Grid)
                .OrderBy(r => r.Code).Take(500)
                .Select(r => new PlaceOption(r.Code, r.Name)).ToListAsync(ct);

        /// <summary>Users of the actor's subtree who may attend or own an item.</summary>
        public async Task<IReadOnlyList<MemberOption>> MembersAsync(CancellationToken ct = default)
        {
            var users = await db.Users.AsNoTracking()
                .Where(u => u.Role == Domain.Identity.Role.GridWorker || u.Role == Domain.Identity.Role.GridLeader || u.Role == Domain.Identity.Role.HouseholdHead)
                .OrderBy(u => u.RegionCode).ThenBy(u => u.Id).Take(200)
                .Select(u => new { u.Id, u.DisplayName, u.Role, u.RegionCode }).ToListAsync(ct);
            return [.. users.Select(u => new MemberOption(u.Id, u.DisplayName, Domain.Identity.Roles.Label(u.Role), u.RegionCode))];
        }

        private static void Required(FieldErrors errors, string field, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(field, $"请填写{label}。");
            }
            else if (value.Trim().Length > max)
            {
                errors.Add(field, $"{label}不能超过 {max} 个字。");
            }
        }
    }
}
