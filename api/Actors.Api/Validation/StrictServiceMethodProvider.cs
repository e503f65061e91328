using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Actors.Api.Validation;

/// <summary>
/// Binds the generated gRPC services like the default provider does, but with request
/// deserializers that turn a malformed message into INVALID_ARGUMENT naming the field, instead
/// of the UNKNOWN status gRPC answers for any exception thrown while reading a request.
/// </summary>
public sealed class StrictServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } bind)
            {
                var bindService = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    .Single(m => m.Name == bind.BindMethodName && m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(ServiceBinderBase));
                bindService.Invoke(null, [new Binder(context, type), null]);
                return;
            }
        }
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var target = Implementation(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Strict(method), Metadata(target), target.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Implementation(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Strict(method), Metadata(target), target.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Implementation(method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Strict(method), Metadata(target), target.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Implementation(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Strict(method), Metadata(target), target.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        /// <summary>The service's override of the generated base method.</summary>
        private MethodInfo Implementation(string name, params Type[] parameters) =>
            typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters) is { IsVirtual: true } method
            && method.GetBaseDefinition().DeclaringType == serviceBase
                ? method
                : throw new InvalidOperationException($"{typeof(TService).Name} does not implement {name}");

        /// <summary>Attributes of the service, then of the method (which win), as endpoint metadata.</summary>
        private static List<object> Metadata(MethodInfo target) =>
        [
            .. typeof(TService).GetCustomAttributes(inherit: true),
            .. target.GetCustomAttributes(inherit: true),
            new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
        ];

        private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var deserialize = method.RequestMarshaller.ContextualDeserializer;
            var descriptor = ((IMessage)Activator.CreateInstance<TRequest>()).Descriptor;
            var requests = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, payload =>
            {
                try
                {
                    return deserialize(payload);
                }
                catch (Exception e) when (e is not RpcException)
                {
                    // Bytes that do not parse (bad framing, invalid UTF-8 in a string) are the caller's error.
                    throw MalformedRequest.Describe(descriptor, payload.PayloadAsReadOnlySequence(), e);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
        }
    }
}
