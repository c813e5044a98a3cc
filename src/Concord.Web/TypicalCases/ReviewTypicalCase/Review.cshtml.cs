using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.TypicalCases.ReviewTypicalCase;

/// <summary>Side by side: the editable anonymised texts and what was replaced; publish (guarded) or take down.</summary>
[Authorize(Policy = nameof(Permission.TypicalCasesManage))]
public sealed class ReviewModel(ReviewTypicalCase.Handler handler) : ConcordPage
{
    public ReviewTypicalCase.View View { get; private set; } = null!;

    [BindProperty]
    public ReviewTypicalCase.EditRequest Input { get; set; } = new(null, null, null, null, null, null);

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, fillForm: true, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostSaveAsync(long id, CancellationToken ct) =>
        ActAsync(() => handler.EditAsync(id, Input, ct), "已保存", $"/typical-cases/manage/{id}", () => LoadAsync(id, fillForm: false, ct));

    /// <summary>Publishes what is in the form (edits and publication together, or neither): the guard sees exactly what the reviewer approved.</summary>
    public Task<IActionResult> OnPostPublishAsync(long id, CancellationToken ct) =>
        ActAsync(() => handler.PublishAsync(id, Input.Title is null ? null : Input, ct), "已发布到典型案例公开页面", $"/typical-cases/manage/{id}", () => LoadAsync(id, fillForm: false, ct));

    public Task<IActionResult> OnPostUnpublishAsync(long id, CancellationToken ct) =>
        ActAsync(() => handler.UnpublishAsync(id, new ReviewTypicalCase.UnpublishRequest(Reason), ct), "已撤下", $"/typical-cases/manage/{id}", () => LoadAsync(id, fillForm: true, ct));

    private async Task LoadAsync(long id, bool fillForm, CancellationToken ct)
    {
        View = await handler.GetAsync(id, ct);
        if (fillForm)
        {
            Input = new ReviewTypicalCase.EditRequest(View.Title, View.CategoryCode, View.Summary, View.Narrative, View.Result, View.Commentary);
        }
    }
}
