using System.Text;

namespace Actors.Api.Errors;

/// <summary>
/// The <c>grpc-message</c> header as the gRPC spec encodes it: percent-encoding only for bytes
/// outside printable ASCII and for '%' itself, so that every client (grpc-js, grpc-go, ...) shows
/// the text as written. Uri.EscapeDataString would also encode spaces and commas.
/// </summary>
public static class GrpcMessage
{
    public static string Encode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var encoded = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2"));
            }
        }
        return encoded.ToString();
    }
}
