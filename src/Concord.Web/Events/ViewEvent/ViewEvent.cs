using Concord.Domain.Events;
using Concord.Domain.Identity;
using Concord.Domain.Privacy;
using Concord.Web.Deadlines;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Events.ViewEvent;

/// <summary>One event with its photos, timeline, deadlines and the actions the actor may take.</summary>
public static class ViewEvent
{
    public sealed record ItemView(string Code, string Name, string Path, string Family, string ServiceCode, bool IsDispute);

    public sealed record PhotoView(long Id, string Purpose, string PurposeLabel, string FileName, string ContentType, long SizeBytes, string Sha256, DateTime UploadedAt, string Url);

    public sealed record EntryView(DateTime At, string Kind, string Text, string ActorName, string? ActorOrgName);

    public sealed record DeadlineView(string Stage, string StageLabel, DateTime StartedAt, DateTime DueAt, string Step, string StepLabel, int Escalations, DateTime? MetAt, bool Overdue);

    public sealed record ActionView(string Action, string Label);

    public sealed record Details(
        long Id,
        string Code,
        ItemView Item,
        string Text,
        string Status,
        string StatusLabel,
        string RegionCode,
        string RegionName,
        double? Latitude,
        double? Longitude,
        string? Address,
        string Channel,
        string ChannelLabel,
        string ReporterName,
        string? ReporterPhone,
        string? ClientId,
        long? DepartmentOrgUnitId,
        string? DepartmentName,
        DateTime ReportedAt,
        DateTime UpdatedAt,
        DateTime? ClosedAt,
        string? CaseCode,
        string? Rating,
        string? RatingLabel,
        string? RatingComment,
        IReadOnlyList<PhotoView> Photos,
        IReadOnlyList<EntryView> Timeline,
        IReadOnlyList<DeadlineView> Deadlines,
        IReadOnlyList<ActionView> Actions);

    public sealed class Handler(ConcordDb db, EventAccess access, PersonalData personalData, TimeProvider clock)
    {
        public async Task<Details> HandleAsync(string code, CancellationToken ct = default)
        {
            var e = await access.FindAsync(code, ct);
            var photos = await db.EventPhotos.AsNoTracking().Where(p => p.EventId == e.Id).OrderBy(p => p.Id).ToListAsync(ct);
            var timeline = await db.EventTimeline.AsNoTracking().Where(t => t.EventId == e.Id).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(ct);
            var deadlines = await db.EventDeadlines.AsNoTracking().Where(d => d.EventId == e.Id).OrderBy(d => d.Id).ToListAsync(ct);
            // A grid reads with its village: "西苑居委会 第1网格".
            var lineage = Domain.Regions.RegionCode.Lineage(e.RegionCode).Skip(3).ToList();
            var names = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => lineage.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            var regionName = string.Join(" ", lineage.Skip(Math.Max(0, lineage.Count - 2)).Select(c => names.GetValueOrDefault(c, c)));
            var department = e.DepartmentOrgUnitId is { } d
                ? await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == d).Select(o => o.Name).FirstOrDefaultAsync(ct)
                : null;
            var item = EventTaxonomy.FindItem(e.ItemCode);
            var actor = db.Actor;
            var now = clock.GetUtcNow().UtcDateTime;
            var phone = e.ReporterPhone.HasValue
                ? actor.Can(Permission.PersonalDataUnmasked) ? personalData.Reveal(e.ReporterPhone) : e.ReporterPhone.Masked
                : null;
            var reporter = e.ReporterUserId is null && !actor.Can(Permission.PersonalDataUnmasked) ? PersonName.Mask(e.ReporterName) : e.ReporterName;
            return new Details(
                e.Id,
                e.Code,
                new ItemView(e.ItemCode, item?.Name ?? e.ItemCode, EventTaxonomy.PathOf(e.ItemCode), EventTaxonomy.FamilyLabel(item?.Family ?? EventFamily.CityManagement), item?.ServiceCode ?? "", item?.IsDispute ?? false),
                e.Text,
                e.Status.ToString(),
                EventLifecycle.Label(e.Status),
                e.RegionCode,
                regionName,
                e.Latitude,
                e.Longitude,
                e.Address,
                EventChannels.Code(e.Channel),
                EventChannels.Label(e.Channel),
                reporter,
                phone,
                e.ClientId,
                e.DepartmentOrgUnitId,
                department,
                e.ReportedAt,
                e.UpdatedAt,
                e.ClosedAt,
                e.CaseCode,
                e.Rating?.ToString(),
                e.Rating is { } r ? EventRatings.Label(r) : null,
                e.RatingComment,
                [.. photos.Select(p => new PhotoView(p.Id, p.Purpose.ToString(), EventPhotoFiles.PurposeLabel(p.Purpose), p.FileName, p.ContentType, p.SizeBytes, p.Sha256, p.UploadedAt, $"/api/events/{e.Code}/photos/{p.Id}"))],
                [.. timeline.Select(t => new EntryView(t.At, t.Kind, t.Text, t.ActorName, t.ActorOrgName))],
                [.. deadlines.Select(x => new DeadlineView(DeadlineTexts.Slug(x.Stage), DeadlineTexts.StageLabel(x.Stage), x.StartedAt, x.DueAt, x.Step.ToString(), DeadlineTexts.StepLabel(x.Step), x.Escalations, x.MetAt, x.MetAt is null && x.DueAt < now))],
                [.. Actions(e, actor).Select(a => new ActionView(a.ToString(), EventLifecycle.Label(a)))]);
        }

        /// <summary>Opens one photo of an event in the actor's scope; another subtree's event or photo does not exist.</summary>
        public async Task<(EventPhoto Photo, Stream Content)> OpenPhotoAsync(string code, long id, EventPhotoFiles files, CancellationToken ct = default)
        {
            var e = await access.FindAsync(code, ct);
            var photo = await db.EventPhotos.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.EventId == e.Id, ct) ?? throw new NotFoundException("该照片");
            return (photo, files.Open(photo.StoragePath) ?? throw new NotFoundException("该照片的文件"));
        }

        private static IEnumerable<EventAction> Actions(GridEvent e, Actor actor)
        {
            if (actor.Role is not { } role)
            {
                return [];
            }

            var item = EventTaxonomy.FindItem(e.ItemCode);
            return EventLifecycle.Available(e.Status, role).Where(a => a switch
            {
                EventAction.ConvertToCase => item?.IsDispute == true,
                EventAction.Rate => e.ReporterUserId == actor.UserId,
                EventAction.Reply or EventAction.ReturnToCentre => e.DepartmentOrgUnitId == actor.OrgUnitId,
                _ => true,
            });
        }
    }
}
