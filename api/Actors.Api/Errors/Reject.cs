using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Actors.Api.Errors;

/// <summary>
/// Builds the errors the gateway answers with: a status, a message that says what was wrong,
/// and for bad input a google.rpc.BadRequest detail naming the field.
/// </summary>
public static class Reject
{
    public static RpcException InvalidArgument(string field, string description) =>
        WithField(Code.InvalidArgument, field, description);

    public static RpcException WithField(Code code, string field, string description) =>
        new Google.Rpc.Status
        {
            Code = (int)code,
            Message = $"{field}: {description}",
            Details = { Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } } }) },
        }.ToRpcException();

    public static RpcException Status(Code code, string message) =>
        new Google.Rpc.Status { Code = (int)code, Message = message }.ToRpcException();
}
