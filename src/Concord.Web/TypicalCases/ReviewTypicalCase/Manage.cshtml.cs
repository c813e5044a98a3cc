using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.TypicalCases.ReviewTypicalCase;

/// <summary>The reviewer's list: typical cases of the scope, and closed cases to pick from.</summary>
[Authorize(Policy = nameof(Permission.TypicalCasesManage))]
public sealed class ManageModel(ReviewTypicalCase.Handler review, DraftTypicalCase.DraftTypicalCase.Handler draft) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public string? CaseCode { get; set; }

    public IReadOnlyList<ReviewTypicalCase.Row> Rows { get; private set; } = [];

    public IReadOnlyList<DraftTypicalCase.DraftTypicalCase.Candidate> Candidates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var result = await draft.HandleAsync(new DraftTypicalCase.DraftTypicalCase.Request(CaseCode), ct);
            Toast(result.Created ? "已生成脱敏草稿，请审核" : "该案件已有典型案例，已为您打开");
            return Redirect($"/typical-cases/manage/{result.Id}");
        }
        catch (DomainException ex)
        {
            // Not closed, or outside the scope (reads as not found): said beside the field.
            ShowErrors(ex);
            CaseCodeError = ex is ValidationFailedException ? null : ex.Message;

            await LoadAsync(ct);
            return Page();
        }
    }

    public string? CaseCodeError { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await review.ListAsync(ct);
        Candidates = await draft.CandidatesAsync(Q, ct);
    }
}
