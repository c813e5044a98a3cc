using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;

namespace Concord.Web.Field.MyTasks;

/// <summary>我的任务 on the phone: the same handler as <c>GET /api/me/tasks</c>.</summary>
[Authorize(Policy = nameof(Permission.EventsRead))]
public sealed class MyTasksModel(MyTasks.Handler handler) : ConcordPage
{
    public MyTasks.Result Tasks { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Tasks = await handler.HandleAsync(ct);
}
