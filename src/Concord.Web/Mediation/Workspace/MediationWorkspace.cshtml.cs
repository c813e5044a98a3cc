using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Web.Cases;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Investigations = Concord.Web.Mediation.RecordInvestigation.RecordInvestigation;
using Sessions = Concord.Web.Mediation.RecordSession.RecordSession;
using Uploads = Concord.Web.Mediation.UploadEvidence.UploadEvidence;

namespace Concord.Web.Mediation.Workspace;

/// <summary>调解工作台: the page over the same handlers as the mediation API; each form shows its own errors.</summary>
[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class MediationWorkspaceModel(MediationAccess access, Sessions.Handler sessions, Investigations.Handler investigations, Uploads.Handler evidence) : ConcordPage
{
    private static readonly TimeSpan s_china = TimeSpan.FromHours(8);

    public Case Case { get; private set; } = null!;

    public bool CanWrite { get; private set; }

    public IReadOnlyList<Sessions.SessionView> Sessions { get; private set; } = [];

    public IReadOnlyList<Investigations.View> Investigations { get; private set; } = [];

    public IReadOnlyList<Uploads.View> Evidence { get; private set; } = [];

    /// <summary>Which form the errors belong to: session, step-{id}-{step}, investigation, evidence.</summary>
    public string? FailedForm { get; private set; }

    [BindProperty]
    public SessionForm Session { get; set; } = new();

    [BindProperty]
    public InvestigationForm Investigation { get; set; } = new();

    [BindProperty]
    public string? StepNotes { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public sealed class SessionForm
    {
        public DateTime? StartsAt { get; set; }

        public bool Online { get; set; }

        public string? Place { get; set; }

        public string? OnlineLink { get; set; }

        public string? Attendees { get; set; }

        public string? Notes { get; set; }
    }

    public sealed class InvestigationForm
    {
        public DateTime? At { get; set; }

        public string? Place { get; set; }

        public string? Investigator { get; set; }

        public string? Subject { get; set; }

        public string? Findings { get; set; }
    }

    public string? ErrorIn(string form, string field) => FailedForm == form ? ErrorFor(field) : null;

    public string InvalidIn(string form, string field) => FailedForm == form ? InvalidClass(field) : "";

    public static string Local(DateTime utc) => (utc + s_china).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => RespondAsync(code, null, null, ct);

    public Task<IActionResult> OnPostSessionAsync(string code, CancellationToken ct) =>
        RespondAsync(code, "session", () => sessions.ScheduleAsync(code, new Sessions.SessionRequest(China(Session.StartsAt), Session.Online, Session.Place, Session.OnlineLink, Session.Attendees, Session.Notes), ct), ct, "已安排调解");

    public Task<IActionResult> OnPostStepAsync(string code, long sessionId, string step, CancellationToken ct) =>
        RespondAsync(code, $"step-{sessionId}-{step}", () => sessions.RecordStepAsync(code, sessionId, step, new Sessions.StepRequest(StepNotes), ct), ct,
            $"已保存“{(MediationSteps.Parse(step) is { } s ? MediationSteps.Label(s) : step)}”的记录");

    public Task<IActionResult> OnPostInvestigationAsync(string code, CancellationToken ct) =>
        RespondAsync(code, "investigation", () => investigations.RecordAsync(code, new Investigations.Request(China(Investigation.At), Investigation.Place, Investigation.Investigator, Investigation.Subject, Investigation.Findings), ct), ct, "已保存调查记录");

    public Task<IActionResult> OnPostEvidenceAsync(string code, IFormFile? upload, CancellationToken ct) =>
        RespondAsync(code, "evidence", () => evidence.UploadAsync(code, upload, Description, ct), ct, "证据材料已上传");

    private async Task<IActionResult> RespondAsync(string code, string? form, Func<Task>? write, CancellationToken ct, string? done = null)
    {
        try
        {
            if (write is not null)
            {
                try
                {
                    await write();
                    Toast(done!);
                    return Redirect($"/cases/{code}/mediation");
                }
                catch (DomainException ex) when (ex is not NotFoundException and not OutOfScopeException && ex.Status != 403)
                {
                    FailedForm = form;
                    ShowErrors(ex);
                }
            }

            await LoadAsync(code, ct);
            return Page();
        }
        catch (DomainException ex) when (ex.Status == 404)
        {
            return NotFound();
        }
        catch (DomainException ex) when (ex.Status == 403)
        {
            return Forbid();
        }
    }

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        Case = await access.ForReadAsync(code, ct);
        CanWrite = Case.Status == CaseStatus.Mediating && (Actor.Role != Role.Mediator || Actor.OrgUnitId == Case.LeadOrgUnitId);
        Sessions = await sessions.ListAsync(code, ct);
        Investigations = await investigations.ListAsync(code, ct);
        Evidence = await evidence.ListAsync(code, ct);
    }

    /// <summary>Times on the forms are China Standard Time, as people read them.</summary>
    private static DateTimeOffset? China(DateTime? local) =>
        local is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), s_china) : null;
}
