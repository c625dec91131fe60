using System.Security.Cryptography;
using Taskmon.Web.Http;

namespace Taskmon.Web.Assets;

/// <summary>
/// The dashboard's files, embedded in this assembly (no CDN, works offline). Loaded once; answered
/// with a strong ETag so a browser revalidates instead of downloading again.
/// </summary>
internal sealed class StaticAssets
{
    private const string Prefix = "Taskmon.Web.wwwroot.";
    private readonly Dictionary<string, (byte[] Body, string ContentType, string ETag)> _files = new(StringComparer.Ordinal);

    public StaticAssets()
    {
        var assembly = typeof(StaticAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8)) + "\"";
            _files["/" + name[Prefix.Length..]] = (body, ContentTypeOf(name), etag);
        }
    }

    /// <summary>Paths served, e.g. /index.html.</summary>
    public IEnumerable<string> Paths => _files.Keys;

    public HttpResponse? TryServe(HttpRequest request)
    {
        var path = request.Path == "/" ? "/index.html" : request.Path;
        if (!_files.TryGetValue(path, out var file))
        {
            return null;
        }

        if (request.Header("if-none-match") == file.ETag)
        {
            var notModified = new HttpResponse(304, file.ContentType, ReadOnlyMemory<byte>.Empty);
            notModified.Headers["ETag"] = file.ETag;
            return notModified;
        }
        var response = new HttpResponse(200, file.ContentType, file.Body);
        response.Headers["ETag"] = file.ETag;
        response.Headers["Cache-Control"] = "no-cache";
        response.Headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " + HttpResponse.FramingPolicy;
        return response;
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
