using System.Net.Http.Headers;
using System.Text;

namespace Concord.Web.Tests.Infrastructure;

/// <summary>Multipart bodies for the evidence upload, with files whose first bytes are what their type says (or not).</summary>
public static class EvidenceContent
{
    public static byte[] PdfBytes(string marker) => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {marker}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] PngBytes() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    public static MultipartFormDataContent Pdf(string marker) => File(PdfBytes(marker), "现场照片说明.pdf", "application/pdf");

    public static MultipartFormDataContent File(byte[] bytes, string fileName, string contentType, string? description = "漏水现场材料")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        if (description is not null)
        {
            content.Add(new StringContent(description), "description");
        }

        return content;
    }
}
