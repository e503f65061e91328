using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Actors.Api.Validation;

/// <summary>Applies <see cref="MessageShape"/> to every request message, of gRPC and JSON calls alike, streamed ones included.</summary>
public sealed class MessageShapeInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        MessageShape.Check((IMessage)request);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedStream<TRequest>(requestStream), context);

    private sealed class CheckedStream<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }
            MessageShape.Check((IMessage)inner.Current!);
            return true;
        }
    }
}
