using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Visits.RecordMeeting;

[Authorize(Policy = nameof(Permission.MeetingsRecord))]
public sealed class RecordMeetingModel(RecordMeeting.Handler handler, TimeProvider clock) : ConcordPage
{
    public sealed class ItemForm
    {
        public string? Text { get; set; }

        public string? OwnerName { get; set; }

        public DateOnly? DueOn { get; set; }
    }

    public sealed class Form
    {
        public string? RegionCode { get; set; }

        public DateOnly? HeldOn { get; set; }

        public string? Place { get; set; }

        public string? Attendees { get; set; }

        public List<long> MemberUserIds { get; set; } = [];

        public string? Topics { get; set; }

        public List<ItemForm> Items { get; set; } = [];
    }

    /// <summary>Blank item rows on the form; rows left blank are not items.</summary>
    public const int ItemRows = 5;

    [BindProperty]
    public Form Input { get; set; } = new();

    public IReadOnlyList<RecordMeeting.PlaceOption> Places { get; private set; } = [];

    public IReadOnlyList<RecordMeeting.MemberOption> Members { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.HeldOn = ChinaTime.Today(clock);
        await LoadAsync(ct);
        Input.RegionCode = Places.Count > 0 ? Places[0].Code : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var items = Input.Items.Where(i => !string.IsNullOrWhiteSpace(i.Text) || !string.IsNullOrWhiteSpace(i.OwnerName)).ToList();
        var request = new RecordMeeting.Request(Input.RegionCode, Input.HeldOn, Input.Place, Input.Attendees, Input.MemberUserIds, Input.Topics,
            [.. items.Select(i => new RecordMeeting.ItemInput(i.Text, i.OwnerName, null, i.DueOn))]);
        try
        {
            var id = await handler.RecordAsync(request, ct);
            Toast("研判会已记录");
            return Redirect($"/visits/meetings/{id}");
        }
        catch (DomainException ex)
        {
            Input.Items = items;
            ShowErrors(ex);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Places = await handler.PlacesAsync(ct);
        Members = await handler.MembersAsync(ct);
        while (Input.Items.Count < ItemRows)
        {
            Input.Items.Add(new ItemForm());
        }
    }
}
