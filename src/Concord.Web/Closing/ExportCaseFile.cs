using System.IO.Compression;
using System.Text;
using Concord.Web.Documents;
using Concord.Web.Shared;

namespace Concord.Web.Closing;

/// <summary>
/// The whole case file (卷宗) as one .zip, in the official order: a contents list (卷宗目录) naming
/// every item and whether it is filed, then the documents Concord generates, each numbered by
/// its place in the file. Paper-only items (signed 权利义务告知书, 身份证明, 封底) are listed, not invented.
/// </summary>
public sealed class ExportCaseFile(CaseDocuments documents, CloseCase.Handler closing)
{
    private static readonly (CaseFileItem Item, string Kind)[] s_generated =
    [
        (CaseFileItem.Application, "registration"),
        (CaseFileItem.MediationRecord, "record"),
        (CaseFileItem.AgreementOrResult, "agreement"),
        (CaseFileItem.FollowUpRecord, "followup"),
    ];

    public async Task<(byte[] Zip, string FileName)> ExportAsync(string code, CancellationToken ct = default)
    {
        var checklist = await closing.CaseFileAsync(code, ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var contents = new StringBuilder($"卷宗目录 · 案件编号 {code}\r\n\r\n");
            var order = Enum.GetValues<CaseFileItem>().ToList();
            foreach (var item in checklist)
            {
                var n = order.IndexOf(Enum.Parse<CaseFileItem>(item.Item)) + 1;
                contents.Append($"{n:00}. {item.Label}{(item.Required ? "（必备）" : "（按需）")}：{(item.Present ? "已归档" : "缺")}{(item.Note is null ? "" : "，" + item.Note)}\r\n");
            }

            await WriteAsync(zip, "00_卷宗目录.txt", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(contents.ToString())).ToArray(), ct);
            foreach (var (item, kind) in s_generated)
            {
                CaseDocument document;
                try
                {
                    document = await documents.BuildAsync(code, kind, ct);
                }
                catch (DomainException ex) when (ex.Status == StatusCodes.Status409Conflict)
                {
                    continue; // e.g. no agreement drafted: nothing to print for that item
                }

                var n = order.IndexOf(item) + 1;
                await WriteAsync(zip, $"{n:00}_{CaseDocuments.Kinds[kind]}.docx", DocxWriter.Write(document), ct);
            }
        }

        return (buffer.ToArray(), $"{code}-卷宗.zip");
    }

    private static async Task WriteAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(bytes, ct);
    }
}
