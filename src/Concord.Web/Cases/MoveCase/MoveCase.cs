using Concord.Domain.Cases;

namespace Concord.Web.Cases.MoveCase;

/// <summary>受理 and 撤回: the centre's moves that need nothing but (for withdrawing) a reason.</summary>
public static class MoveCase
{
    public sealed record ReasonRequest(string? Reason);

    public sealed class Handler(CaseLifecycle lifecycle)
    {
        public Task AcceptAsync(string code, CancellationToken ct = default) =>
            lifecycle.MoveAsync(code, CaseAction.Accept, new CaseFacts(), "中心受理。", ct: ct);

        public Task WithdrawAsync(string code, string? reason, CancellationToken ct = default) =>
            lifecycle.MoveAsync(code, CaseAction.Withdraw, new CaseFacts { HasReason = !string.IsNullOrWhiteSpace(reason) },
                $"撤回：{reason?.Trim()}", auditDetails: new { reason }, ct: ct);

        public Task ReopenAsync(string code, string? reason, CancellationToken ct = default) =>
            lifecycle.MoveAsync(code, CaseAction.Reopen, new CaseFacts { HasReason = !string.IsNullOrWhiteSpace(reason) },
                $"重新办理：{reason?.Trim()}", auditDetails: new { reason }, ct: ct);

        public Task CloseWithdrawnAsync(string code, CancellationToken ct = default) =>
            lifecycle.MoveAsync(code, CaseAction.Close, new CaseFacts(), "撤回案件结案。", ct: ct);
    }
}
