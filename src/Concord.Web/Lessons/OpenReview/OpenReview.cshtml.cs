using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Lessons.OpenReview;

[Authorize(Policy = nameof(Permission.LessonsManage))]
public sealed class OpenReviewModel(OpenReview.Handler handler) : ConcordPage
{
    public sealed class ActionForm
    {
        public string? Text { get; set; }

        public long? OwnerOrgUnitId { get; set; }

        public long? OwnerUserId { get; set; }

        public DateOnly? DueOn { get; set; }
    }

    public sealed class Form
    {
        public List<string> CaseCodes { get; set; } = [];

        public string? Title { get; set; }

        public string? Cause { get; set; }

        public List<string?> Gaps { get; set; } = [];

        public List<ActionForm> Actions { get; set; } = [];
    }

    public const int GapRows = 4;
    public const int ActionRows = 4;

    [BindProperty]
    public Form Input { get; set; } = new();

    public OpenReview.Draft Draft { get; private set; } = new([], [], "", [], []);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "cases")] string[]? cases, CancellationToken ct)
    {
        Input.CaseCodes = [.. (cases ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];
        await LoadAsync(ct);
        if (Draft.Cases.Count == 0)
        {
            // Nothing chosen (or nothing the user sees): the page says where cases are chosen.
            return Page();
        }

        Input.CaseCodes = [.. Draft.Cases.Select(c => c.Code)];
        Input.Title = Draft.Cases.Count == 1 ? $"{Draft.Cases[0].Summary}（{string.Join("、", Draft.Cases[0].Reasons)}）复盘" : $"{Draft.Cases[0].Summary}等 {Draft.Cases.Count} 件关联案件复盘";
        if (Input.Title.Length > 100)
        {
            Input.Title = Input.Title[..100];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actions = Input.Actions.Where(a => !string.IsNullOrWhiteSpace(a.Text) || a.OwnerOrgUnitId is not null || a.OwnerUserId is not null).ToList();
        var request = new OpenReview.Request(Input.CaseCodes, Input.Title, Input.Cause, [.. Input.Gaps.Select(g => g ?? "")],
            [.. actions.Select(a => new OpenReview.ActionInput(a.Text, a.OwnerOrgUnitId, a.OwnerUserId, a.DueOn))]);
        try
        {
            var id = await handler.OpenAsync(request, ct);
            Toast("复盘已建立，整改措施已交责任单位");
            return Redirect($"/lessons/reviews/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            Input.Actions = actions;
            Input.Gaps = [.. Input.Gaps.Where(g => !string.IsNullOrWhiteSpace(g))];
            ShowErrors(ex);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Draft = await handler.DraftAsync(Input.CaseCodes, ct);
        while (Input.Gaps.Count < GapRows)
        {
            Input.Gaps.Add(null);
        }

        while (Input.Actions.Count < ActionRows)
        {
            Input.Actions.Add(new ActionForm());
        }
    }
}
