using Concord.Web.Persistence;
using Concord.Web.Shared;

namespace Concord.Web.Notifications;

/// <summary>
/// Sends a text message. Real gateways are outside Concord: an implementation queues the message
/// in the caller's write (so it is sent only if the write commits) and a gateway drains the queue.
/// </summary>
public interface ISmsSender
{
    void Queue(ConcordDb db, string phone, string text);
}

/// <summary>
/// The default sender: a row in <c>sms_messages</c>, the number protected like other personal
/// data. It never logs the number (logs are read by more people than the outbox).
/// </summary>
public sealed class OutboxSmsSender(PersonalData personalData, TimeProvider clock) : ISmsSender
{
    public const string Queued = "queued";

    public void Queue(ConcordDb db, string phone, string text) =>
        db.SmsMessages.Add(new SmsMessage
        {
            At = clock.GetUtcNow().UtcDateTime,
            Phone = personalData.ProtectPhone(phone),
            Text = text,
            Status = Queued,
        });
}
