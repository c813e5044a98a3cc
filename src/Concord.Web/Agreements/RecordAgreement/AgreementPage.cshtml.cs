using Concord.Domain.Agreements;
using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Agreements.RecordAgreement;

/// <summary>调解协议 page: the art. 29 form, signatures, 确认协议生效 and 调解不成 — the same handler as the API.</summary>
[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class AgreementPageModel(RecordAgreement.Handler handler) : ConcordPage
{
    public sealed class PartyForm
    {
        public string? Name { get; set; }

        public string? Role { get; set; }
    }

    public sealed class DraftForm
    {
        public List<PartyForm> Parties { get; set; } = [];

        public string? Facts { get; set; }

        public string? DisputedItems { get; set; }

        public string? Responsibility { get; set; }

        public string? Terms { get; set; }

        public string? PerformanceMethod { get; set; }

        public string? PerformancePlace { get; set; }

        public DateOnly? PerformanceDeadline { get; set; }

        public bool Verbal { get; set; }
    }

    /// <summary>Which form field each art. 29 part is entered in.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AgreementRules.Parties] = "parties",
        [AgreementRules.Facts] = "facts",
        [AgreementRules.DisputedItems] = "disputedItems",
        [AgreementRules.Responsibility] = "responsibility",
        [AgreementRules.Terms] = "terms",
        [AgreementRules.PerformanceMethod] = "performanceMethod",
        [AgreementRules.PerformancePlace] = "performancePlace",
        [AgreementRules.PerformanceDeadline] = "performanceDeadline",
    };

    public RecordAgreement.View Agreement { get; private set; } = null!;

    public bool MayRecord { get; private set; }

    [BindProperty]
    public DraftForm Input { get; set; } = new();

    [BindProperty]
    public string? Method { get; set; }

    [BindProperty]
    public string? NextRoute { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The hint beside a field: the handler's error, or the part still missing from the saved draft.</summary>
    public string? HintFor(string field) =>
        ErrorFor(field) ?? (Agreement.Drafted && Agreement.Missing.Any(m => FieldOf.GetValueOrDefault(m) == field) ? "尚未填写（协议生效前必须填写）" : null);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        try
        {
            await LoadAsync(code, fill: true, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostSaveAsync(string code, CancellationToken ct) =>
        RunAsync(code, () => handler.SaveAsync(code, new RecordAgreement.SaveRequest(
            [.. Input.Parties.Select(p => new RecordAgreement.PartyInput(p.Name, p.Role))], Input.Facts, Input.DisputedItems, Input.Responsibility,
            [.. (Input.Terms ?? "").Split('\n')], Input.PerformanceMethod, Input.PerformancePlace, Input.PerformanceDeadline, Input.Verbal), ct), "调解协议已保存", ct);

    public Task<IActionResult> OnPostSignAsync(string code, long signatureId, CancellationToken ct) =>
        RunAsync(code, () => handler.SignAsync(code, signatureId, new RecordAgreement.SignRequest(Method), ct), "已登记签名", ct);

    public Task<IActionResult> OnPostFinaliseAsync(string code, CancellationToken ct) =>
        RunAsync(code, () => handler.FinaliseAsync(code, ct), "调解协议已生效", ct);

    public Task<IActionResult> OnPostNoAgreementAsync(string code, CancellationToken ct) =>
        RunAsync(code, () => handler.RecordNoAgreementAsync(code, new RecordAgreement.NoAgreementRequest(NextRoute, Reason), ct), "已登记调解不成", ct);

    private Task<IActionResult> RunAsync(string code, Func<Task> action, string done, CancellationToken ct) =>
        ActAsync(action, done, $"/cases/{code}/agreement", () => LoadAsync(code, fill: false, ct));

    private async Task LoadAsync(string code, bool fill, CancellationToken ct)
    {
        Agreement = await handler.GetAsync(code, ct);
        MayRecord = Agreement.CaseStatus == nameof(CaseStatus.Mediating) && Actor.Role is { } role
            && Lifecycle.Available(CaseStatus.Mediating, role).Contains(CaseAction.RecordAgreement);
        if (fill)
        {
            var a = Agreement;
            Input = new DraftForm
            {
                Parties = [.. a.Parties.Select(p => new PartyForm { Name = p.Name, Role = p.Role })],
                Facts = a.Facts,
                DisputedItems = a.DisputedItems,
                Responsibility = a.Responsibility,
                Terms = string.Join('\n', a.Terms),
                PerformanceMethod = a.PerformanceMethod,
                PerformancePlace = a.PerformancePlace,
                PerformanceDeadline = a.PerformanceDeadline,
                Verbal = a.Verbal,
            };
        }

        // One blank row to add a party.
        if (Input.Parties.Count == 0 || !string.IsNullOrWhiteSpace(Input.Parties[^1].Name))
        {
            Input.Parties.Add(new PartyForm());
        }
    }
}
