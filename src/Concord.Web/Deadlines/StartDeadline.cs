using Concord.Domain.Calendar;
using Concord.Domain.Deadlines;
using Concord.Web.Cases;

namespace Concord.Web.Deadlines;

/// <summary>Starting a stage's clock: what a lifecycle step calls when a stage begins.</summary>
public static class StartDeadline
{
    public static CaseDeadline For(Case c, SlaStage stage, DateTime nowUtc, WorkingCalendar calendar)
    {
        var state = Sla.Start(stage, nowUtc, calendar);
        var deadline = new CaseDeadline { CaseId = c.Id, RegionCode = c.RegionCode, Stage = stage, StartedAt = state.StartedAt };
        deadline.Apply(state);
        return deadline;
    }
}
