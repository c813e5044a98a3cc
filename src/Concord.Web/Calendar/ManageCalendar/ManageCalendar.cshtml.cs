using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Calendar.ManageCalendar;

[Authorize(Policy = nameof(Permission.CalendarManage))]
public sealed class ManageCalendarModel(ManageCalendar.Handler handler) : ConcordPage
{
    public IReadOnlyList<ManageCalendar.YearView> Years { get; private set; } = [];

    [BindProperty]
    public int Year { get; set; }

    [BindProperty]
    public string? Notice { get; set; }

    [BindProperty]
    public string? Lines { get; set; }

    public void OnGet(int? year)
    {
        Years = handler.Years();
        var selected = handler.Year(year ?? Years.FirstOrDefault(y => !y.Published)?.Year ?? Years[^1].Year);
        Year = selected.Year;
        Notice = selected.Notice;
        Lines = ManageCalendar.Handler.ToLines(selected);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await handler.SaveAsync(Year, new ManageCalendar.YearRequest(Notice, ManageCalendar.Handler.ParseLines(Lines)), ct);
            Toast($"已保存 {Year} 年放假安排");
            return RedirectToPage(new { year = Year });
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            Years = handler.Years();
            return Page();
        }
    }
}
