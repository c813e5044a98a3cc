using System.Globalization;
using Concord.Domain.Regions;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Sentiments;

/// <summary>情: public-sentiment notes (社情民意) heard in the reader's grids. The reporter is the signed-in user unless named.</summary>
public static class SentimentRegistry
{
    public static readonly RegionLevel[] Levels = [RegionLevel.Village, RegionLevel.Grid];

    public sealed record Input(string? Topic, string? Text, string? RegionCode, string? ReporterName, DateTime? ReportedAt);

    public sealed record View(long Id, string Topic, string TopicLabel, string Text, string RegionCode, string RegionName, string ReporterName, DateTime ReportedAt);

    public sealed class Handler(RegistryContext registry)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public async Task<Paged<View>> ListAsync(string? q, string? regionCode, string? topic, int? page, int? pageSize, CancellationToken ct = default)
        {
            var notes = Db.SentimentNotes.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q))
            {
                var k = q.Trim();
                notes = notes.Where(n => n.Text.Contains(k) || n.ReporterName.Contains(k));
            }

            if (!string.IsNullOrWhiteSpace(regionCode))
            {
                notes = notes.Where(n => n.RegionCode.StartsWith(regionCode.Trim()));
            }

            if (RegistryLabels.TryParse(RegistryLabels.Topics, topic, out var t))
            {
                notes = notes.Where(n => n.Topic == t);
            }

            var rows = await Paging.PageAsync(notes.OrderByDescending(n => n.ReportedAt).ThenByDescending(n => n.Id), page, pageSize, ct);
            var names = await registry.NamesAsync(rows.Items.Select(n => n.RegionCode), ct);
            return new Paged<View>([.. rows.Items.Select(n => ToView(n, names[n.RegionCode]))], rows.Total, rows.Page, rows.PageSize);
        }

        public async Task<View> GetAsync(long id, CancellationToken ct = default)
        {
            var n = await Db.SentimentNotes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该社情民意");
            return ToView(n, await registry.NameAsync(n.RegionCode, ct));
        }

        public async Task<long> CreateAsync(Input input, CancellationToken ct = default)
        {
            var (topic, code, at) = await ValidateAsync(input, ct);
            var note = new SentimentNote
            {
                RegionCode = code,
                Topic = topic,
                Text = input.Text!.Trim(),
                ReporterName = Text.Trimmed(input.ReporterName) ?? registry.Actor.Name,
                ReportedByUserId = registry.Actor.UserId,
                ReportedAt = at,
            };
            Db.SentimentNotes.Add(note);
            Db.AuditNew("registry.sentiment_recorded", note, new { note.RegionCode, topic = note.Topic.ToString(), note.ReporterName });
            await Db.SaveChangesAsync(ct);
            return note.Id;
        }

        public async Task UpdateAsync(long id, Input input, CancellationToken ct = default)
        {
            var note = await Db.SentimentNotes.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该社情民意");
            var (topic, code, at) = await ValidateAsync(input, ct);
            note.Topic = topic;
            note.Text = input.Text!.Trim();
            note.RegionCode = code;
            note.ReporterName = Text.Trimmed(input.ReporterName) ?? note.ReporterName;
            note.ReportedAt = input.ReportedAt is null ? note.ReportedAt : at;
            Db.Audit("registry.sentiment_updated", nameof(SentimentNote), id.ToString(CultureInfo.InvariantCulture), new { note.RegionCode, topic = note.Topic.ToString() });
            await Db.SaveChangesAsync(ct);
        }

        private async Task<(SentimentTopic, string, DateTime)> ValidateAsync(Input input, CancellationToken ct)
        {
            var errors = new FieldErrors();
            if (!RegistryLabels.TryParse(RegistryLabels.Topics, input.Topic, out var topic))
            {
                errors.Add("topic", "请选择类别。");
            }

            Text.Required(input.Text, "text", "内容", 2000, errors);
            Text.Optional(input.ReporterName, "reporterName", "反映人", 50, errors);
            var now = registry.Now;
            var at = input.ReportedAt is { } given ? DateTime.SpecifyKind(given.Kind == DateTimeKind.Local ? given.ToUniversalTime() : given, DateTimeKind.Utc) : now;
            if (at > now.AddMinutes(5))
            {
                errors.Add("reportedAt", "反映时间不能晚于现在。");
            }

            var code = await registry.CheckPlaceAsync(input.RegionCode, Levels, "regionCode", errors, ct);
            errors.ThrowIfAny();
            return (topic, code!, at);
        }

        private static View ToView(SentimentNote n, string regionName) =>
            new(n.Id, n.Topic.ToString(), RegistryLabels.Of(n.Topic), n.Text, n.RegionCode, regionName, n.ReporterName, n.ReportedAt);
    }
}
