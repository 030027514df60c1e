using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// A tracking request's JSON body, gunzipped when the client says so (Content-Encoding: gzip, or
/// PostHog's compression=gzip query; the content type is not trusted: RudderStack's gzip requests
/// name a form), with the size limit applied to the decompressed bytes.
/// </summary>
public static class TrackingBody
{
    public sealed class Refused(string message, bool tooLarge = false) : Exception(message)
    {
        public bool TooLarge { get; } = tooLarge;
    }

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, int maxBytes)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase)
            || request.Query["compression"].ToString() is "gzip" or "gzip-js";
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new Refused($"Content-Encoding {encoding} is not supported (gzip is).");
        }

        var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 64 * 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        throw new Refused($"The body is larger than {maxBytes / 1024} KB (decompressed).", tooLarge: true);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length));
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    throw new Refused($"The body is larger than {maxBytes / 1024} KB (decompressed).", tooLarge: true);
                }
            }

            return Parse(buffer.AsSpan(0, length));
        }
        catch (InvalidDataException)
        {
            throw new Refused("The body is not valid gzip.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (gzip)
            {
                await source.DisposeAsync();
            }
        }
    }

    /// <summary>Parsed into a document of its own (the buffer goes back to the pool); one JSON value and nothing after it.</summary>
    private static JsonDocument Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                throw new Refused("The body is not valid JSON: content after the value.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new Refused("The body is not valid JSON: " + e.Message);
        }
    }
}
