/**
 * The gRPC plumbing of the provider plugin: answering a call with a handler's result or its error,
 * refusing what the plugin does not implement, and the error of a failed step (with the partial
 * state it may carry, as the engine expects it).
 *
 * @packageDocumentation
 */
import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { partialStateOf } from "../core/partial-state";
import { PULUMI_PACKAGE } from "../core/package-names";
import { toStruct } from "./properties";

/** A unary gRPC handler. */
export type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/**
 * The gRPC error of a failed step: its message, already redacted by the lifecycle. A step that failed
 * after changing the Page (an update whose DELETE failed after its POST went through) carries the
 * resource's state as the Page now has it: it travels as `pulumirpc.ErrorResourceInitFailed` in the
 * status details, as the SDK's own hosts send it, so that the engine records that state (secrets
 * wrapped) instead of the old one.
 */
function failure(e: unknown, secretOutputs: readonly string[] = []): grpc.ServiceError {
  const message = e instanceof Error ? e.message : String(e);
  const metadata = new grpc.Metadata();
  const partial = partialStateOf(e);
  if (partial !== undefined) {
    const detail = new provproto.ErrorResourceInitFailed()
      .setId(partial.id)
      .setProperties(toStruct(partial.properties, secretOutputs))
      .setReasonsList([...partial.reasons]);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

/**
 * The error of an RPC the plugin does not implement.
 *
 * @param name - the RPC
 */
export function unimplemented(name: string): grpc.ServiceError {
  const details = `${name} is not supported by the ${PULUMI_PACKAGE} provider`;
  return Object.assign(new Error(details), { code: grpc.status.UNIMPLEMENTED, details, metadata: new grpc.Metadata() });
}

/**
 * A handler that answers a call with an async function's result or its error (secret outputs of a
 * partial state wrapped).
 *
 * @param handler - the work
 * @param secretOutputs - the secret properties of the request's resource, for a partial state
 */
export function answer<Req, Res>(
  handler: (req: Req) => Promise<Res>,
  secretOutputs: (req: Req) => readonly string[] = () => [],
): Unary<Req, Res> {
  return (call, callback) => {
    handler(call.request).then(
      (res) => callback(null, res),
      (e: unknown) => callback(failure(e, secretOutputs(call.request))),
    );
  };
}

/**
 * A handler that refuses the call as not implemented.
 *
 * @param name - the RPC
 */
export function refuse<Req, Res>(name: string): Unary<Req, Res> {
  return (_call, callback) => callback(unimplemented(name));
}
