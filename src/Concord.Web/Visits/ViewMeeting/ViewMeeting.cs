using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.ViewMeeting;

/// <summary>One 周研判 meeting: who came, what was discussed, and each decided item with its owner, due date and status.</summary>
public static class ViewMeeting
{
    public sealed record Item(long Id, string Text, string OwnerName, long? OwnerUserId, DateOnly DueOn, string Status, bool Overdue, DateTime? DoneAt, string? DoneNote, string? DoneByName);

    public sealed record Meeting(
        long Id,
        string RegionCode,
        string RegionName,
        DateOnly HeldOn,
        string Place,
        string? Attendees,
        IReadOnlyList<string> Members,
        string Topics,
        string RecordedByName,
        DateTime RecordedAt,
        IReadOnlyList<Item> Items);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Meeting> HandleAsync(long id, CancellationToken ct = default)
        {
            var m = await db.ReviewMeetings.AsNoTracking().Include(x => x.Members).Include(x => x.Items)
                .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException("该研判会");
            var today = ChinaTime.Today(clock);
            var names = await ListMeetings.ListMeetings.Handler.PlaceNamesAsync(db, [m.RegionCode], ct);
            return new Meeting(m.Id, m.RegionCode, names[m.RegionCode], m.HeldOn, m.Place, m.Attendees, [.. m.Members.OrderBy(x => x.Id).Select(x => x.Name)], m.Topics,
                m.RecordedByName, m.RecordedAt,
                [.. m.Items.OrderBy(i => i.Id).Select(i => new Item(i.Id, i.Text, i.OwnerName, i.OwnerUserId, i.DueOn, i.Status == ReviewItemStatus.Open ? "open" : "done",
                    i.Status == ReviewItemStatus.Open && i.DueOn < today, i.DoneAt, i.DoneNote, i.DoneByName))]);
        }
    }
}
