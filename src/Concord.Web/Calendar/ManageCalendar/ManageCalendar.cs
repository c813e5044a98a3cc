using System.Globalization;
using Concord.Domain.Calendar;
using Concord.Domain.Deadlines;
using Concord.Web.Persistence;
using Concord.Web.Shared;

namespace Concord.Web.Calendar.ManageCalendar;

/// <summary>
/// 工作日历: which years have the State Council's holiday schedule (published) and which are
/// counted on weekends only until someone enters it (provisional); adding or replacing a year.
/// </summary>
public static class ManageCalendar
{
    public sealed record HolidayView(string Name, DateOnly First, DateOnly Last, IReadOnlyList<DateOnly> MakeUpDays);

    public sealed record YearView(int Year, bool Published, string? Notice, string? ProvisionalNotice, IReadOnlyList<HolidayView> Holidays);

    public sealed record HolidayRequest(string? Name, DateOnly? First, DateOnly? Last, IReadOnlyList<DateOnly>? MakeUpDays);

    public sealed record YearRequest(string? Notice, IReadOnlyList<HolidayRequest>? Holidays);

    public static string ProvisionalNoticeFor(int year) => $"{year} 年尚未录入国务院放假安排，暂按周末计算。";

    public sealed class Handler(ConcordDb db, CalendarService calendar)
    {
        /// <summary>Published years, plus this year and next whether published or not.</summary>
        public IReadOnlyList<YearView> Years()
        {
            var thisYear = Sla.ChinaDate(db.Clock.GetUtcNow().UtcDateTime).Year;
            var published = calendar.Years.Select(y => y.Year).ToList();
            var first = published.Count == 0 ? thisYear : Math.Min(published.Min(), thisYear);
            var last = Math.Max(published.Count == 0 ? thisYear : published.Max(), thisYear + 1);
            return [.. Enumerable.Range(first, last - first + 1).Select(Year)];
        }

        public YearView Year(int year)
        {
            var y = calendar.Years.FirstOrDefault(x => x.Year == year);
            return y is null
                ? new YearView(year, false, null, ProvisionalNoticeFor(year), [])
                : new YearView(year, true, y.Notice, null, [.. y.Holidays.Select(h => new HolidayView(h.Name, h.First, h.Last, h.MakeUpDays))]);
        }

        public async Task<YearView> SaveAsync(int year, YearRequest request, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            if (string.IsNullOrWhiteSpace(request.Notice))
            {
                errors.Add("notice", "请填写放假安排通知的文号或名称。");
            }

            var holidays = request.Holidays ?? [];
            if (holidays.Count == 0)
            {
                errors.Add("holidays", "请至少填写一个节假日。");
            }

            foreach (var (h, i) in holidays.Select((h, i) => (h, i + 1)))
            {
                if (string.IsNullOrWhiteSpace(h.Name) || h.First is null || h.Last is null)
                {
                    errors.Add("holidays", $"第 {i} 个节假日缺少名称、开始或结束日期。");
                }
            }

            errors.ThrowIfAny();
            var schedule = new HolidayYear(year, request.Notice!.Trim(),
                [.. holidays.Select(h => new Holiday(h.Name!.Trim(), h.First!.Value, h.Last!.Value, [.. (h.MakeUpDays ?? []).Distinct().Order()]))]);
            await calendar.SaveYearAsync(db, schedule, ct);
            return Year(year);
        }

        /// <summary>
        /// The page's text form: one holiday per line, “名称 开始日期 结束日期 [调休上班日 …]”,
        /// dates as yyyy-MM-dd, e.g. “春节 2027-02-06 2027-02-14 2027-02-05 2027-02-20”.
        /// </summary>
        public static IReadOnlyList<HolidayRequest> ParseLines(string? text)
        {
            var result = new List<HolidayRequest>();
            var errors = new FieldErrors();
            var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var (line, n) in lines.Select((l, i) => (l, i + 1)))
            {
                var parts = line.Split([' ', '\t', ',', '，'], StringSplitOptions.RemoveEmptyEntries);
                var dates = parts.Skip(1).Select(p => DateOnly.TryParseExact(p, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null).ToList();
                if (parts.Length < 3 || dates.Any(d => d is null))
                {
                    errors.Add("holidays", $"第 {n} 行格式不正确：应为“名称 开始日期 结束日期 [调休上班日…]”，日期如 2027-01-01。");
                    continue;
                }

                result.Add(new HolidayRequest(parts[0], dates[0], dates[1], [.. dates.Skip(2).Select(d => d!.Value)]));
            }

            errors.ThrowIfAny();
            return result;
        }

        public static string ToLines(YearView year) => string.Join("\n", year.Holidays.Select(h =>
            string.Join(" ", new[] { h.Name, Date(h.First), Date(h.Last) }.Concat(h.MakeUpDays.Select(Date)))));

        private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
