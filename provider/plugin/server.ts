/**
 * The provider plugin's gRPC service, `pulumirpc.ResourceProvider`, written on the SDK's generated
 * stubs (`@pulumi/pulumi/proto`) and `@grpc/grpc-js`: each RPC decodes its request, calls the
 * resource's lifecycle (the same one its TypeScript class uses), and encodes the answer.
 *
 * Why not the SDK's own provider server (`@pulumi/pulumi/provider`): in 3.260.0 it never forwards
 * `Configure` to the provider and answers `CheckConfig`/`DiffConfig` with UNIMPLEMENTED (so stack
 * config would be dropped), its `Read` crashes on an import (which sends no properties), and outputs
 * holding `undefined` fail to encode. This service answers those itself, through public stubs only.
 *
 * @packageDocumentation
 */
import * as grpc from "@grpc/grpc-js";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { FieldClaimRegistry, type ClaimTarget } from "../field-claims";
import type { PropertyChange } from "../lifecycle-base";
import { HOST_PROVIDER_KEY, partialStateOf } from "../partial-state";
import { isUnknown } from "../validate";
import { fromStruct, toStruct } from "./properties";
import { PACKAGE, PLUGIN_RESOURCES, type PluginLifecycle, type PluginResource } from "./resources";

/** What the service needs to answer. */
export interface ServerOptions {
  /** The plugin's version (GetPluginInfo). */
  readonly version: string;
  /** The package schema, JSON text (GetSchema). */
  readonly schema: string;
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

const KIND: Readonly<Record<PropertyChange, provproto.PropertyDiff.Kind>> = {
  add: provproto.PropertyDiff.Kind.ADD,
  update: provproto.PropertyDiff.Kind.UPDATE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  "add-replace": provproto.PropertyDiff.Kind.ADD_REPLACE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
  "delete-replace": provproto.PropertyDiff.Kind.DELETE_REPLACE,
};

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
      .setProperties(toStruct(withoutHostKeys(partial.properties), secretOutputs))
      .setReasonsList([...partial.reasons]);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

/** Properties without the dynamic-provider host's own key (the plugin has no serialized provider). */
function withoutHostKeys(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => k !== HOST_PROVIDER_KEY));
}

function unimplemented(name: string): grpc.ServiceError {
  const details = `${name} is not supported by the ${PACKAGE} provider`;
  return Object.assign(new Error(details), { code: grpc.status.UNIMPLEMENTED, details, metadata: new grpc.Metadata() });
}

/** Runs an async handler and answers the call with its result or its error (secret outputs of partial state wrapped). */
function answer<Req, Res>(
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

function refuse<Req, Res>(name: string): Unary<Req, Res> {
  return (_call, callback) => callback(unimplemented(name));
}

/** The resource a request names: by its `type` field, else the type part of its URN. */
function typeOf(req: { getType?: () => string | undefined; getUrn(): string }): string {
  const type = req.getType?.();
  if (type) return type;
  const qualified = req.getUrn().split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** Stack config as the lifecycles read it (`messenger:pageAccessToken`, …). */
function configOf(req: provproto.ConfigureRequest): dynamic.ConfigureRequest {
  const values = new Map<string, string>();
  req.getVariablesMap().forEach((value, key) => {
    // Older engines send `messenger:config:key`; newer ones `messenger:key`.
    values.set(key.replace(`${PACKAGE}:config:`, `${PACKAGE}:`), value);
  });
  for (const [key, value] of Object.entries(fromStruct(req.getArgs())))
    if (value !== undefined && value !== null && !values.has(`${PACKAGE}:${key}`))
      values.set(`${PACKAGE}:${key}`, typeof value === "string" ? value : JSON.stringify(value));
  return { config: { get: (key: string) => values.get(key) } } as unknown as dynamic.ConfigureRequest;
}

/**
 * DiffConfig: the provider settings that changed, each an in-place update. Answering "no change"
 * when a setting did change makes the engine keep the provider configured with its old settings (a
 * rotated `messenger:pageAccessToken` would never reach the resources' Diff); an update makes it
 * configure the provider with the new ones, and each resource's own Diff then decides (a token of
 * another Page replaces the resource there). Secrets are compared unwrapped.
 */
function configDiff(req: provproto.DiffRequest): provproto.DiffResponse {
  const olds = fromStruct(req.getOldInputs() ?? req.getOlds());
  const news = fromStruct(req.getNews());
  const res = new provproto.DiffResponse().setHasdetaileddiff(true);
  const detailed = res.getDetaileddiffMap();
  const changed: string[] = [];
  for (const key of [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort()) {
    const [a, b] = [olds[key], news[key]];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const kind =
      a === undefined
        ? provproto.PropertyDiff.Kind.ADD
        : b === undefined
          ? provproto.PropertyDiff.Kind.DELETE
          : provproto.PropertyDiff.Kind.UPDATE;
    changed.push(key);
    detailed.set(key, new provproto.PropertyDiff().setKind(kind).setInputdiff(true));
  }
  return res
    .setChanges(
      changed.length > 0 ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
    )
    .setDiffsList(changed);
}

/**
 * The service implementation.
 *
 * @param options - version and schema
 */
export function resourceProviderService(options: ServerOptions): provrpc.IResourceProviderServer {
  const claims = new FieldClaimRegistry();
  const lifecycles = new Map<string, { resource: PluginResource; lifecycle: PluginLifecycle }>(
    PLUGIN_RESOURCES.map((r) => [r.token, { resource: r, lifecycle: r.lifecycle() }]),
  );
  const secretsOf = (req: { getType?: () => string | undefined; getUrn(): string }): readonly string[] =>
    lifecycles.get(typeOf(req))?.resource.secretOutputs ?? [];
  const resourceOf = (req: { getType?: () => string | undefined; getUrn(): string }) => {
    const type = typeOf(req);
    const found = lifecycles.get(type);
    if (found === undefined)
      throw new Error(
        `Unknown resource type ${JSON.stringify(type)}: the ${PACKAGE} provider serves ${[...lifecycles.keys()].join(" and ")}.`,
      );
    return found;
  };

  return {
    getPluginInfo: (_call, callback) => callback(null, new plugproto.PluginInfo().setVersion(options.version)),
    getSchema: answer(async (req: provproto.GetSchemaRequest) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      return Promise.resolve(new provproto.GetSchemaResponse().setSchema(options.schema));
    }),
    checkConfig: answer(async (req: provproto.CheckRequest) =>
      Promise.resolve(new provproto.CheckResponse().setInputs(req.getNews())),
    ),
    diffConfig: answer(async (req: provproto.DiffRequest) => Promise.resolve(configDiff(req))),
    configure: answer(async (req: provproto.ConfigureRequest) => {
      const config = configOf(req);
      for (const { lifecycle } of lifecycles.values()) await lifecycle.configure(config);
      return new provproto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),
    check: answer(async (req: provproto.CheckRequest) => {
      const { resource, lifecycle } = resourceOf(req);
      const result = await lifecycle.check(fromStruct(req.getOlds()) as never, fromStruct(req.getNews()) as never);
      const failures = [...(result.failures ?? [])];
      const inputs = result.inputs ?? {};
      // Two resources of the deployment that own the same field of the same Page and platform: the
      // plugin checks every resource of the deployment, so it sees both (values unknown at preview are
      // checked at up, when known).
      const target = {
        platform: inputs.platform,
        pageAccessToken: inputs.pageAccessToken,
        graphApiUrl: inputs.graphApiUrl,
      };
      if (
        failures.length === 0 &&
        Object.values(target).every((v) => v === undefined || (typeof v === "string" && !isUnknown(v)))
      ) {
        const name = req.getName?.() || req.getUrn().split("::").pop() || "";
        const keys = claims.claim(`${resource.token} "${name}"`, resource.ownedFields(inputs), target as ClaimTarget);
        const conflict = claims.conflictOf(keys);
        if (conflict !== undefined) failures.push({ property: "", reason: conflict.message });
      }
      const res = new provproto.CheckResponse().setInputs(toStruct(inputs, resource.secretOutputs));
      res.setFailuresList(
        failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)),
      );
      return res;
    }),
    diff: answer(async (req: provproto.DiffRequest) => {
      const { lifecycle } = resourceOf(req);
      const d = await lifecycle.diff(
        req.getId(),
        fromStruct(req.getOlds()) as never,
        fromStruct(req.getNews()) as never,
      );
      const res = new provproto.DiffResponse()
        .setChanges(
          d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setReplacesList(d.replaces ?? [])
        .setStablesList(d.stables ?? [])
        .setDeletebeforereplace(d.deleteBeforeReplace ?? false)
        .setDiffsList(Object.keys(d.detailedDiff))
        .setHasdetaileddiff(true);
      const detailed = res.getDetaileddiffMap();
      for (const [key, kind] of Object.entries(d.detailedDiff))
        detailed.set(key, new provproto.PropertyDiff().setKind(KIND[kind]).setInputdiff(true));
      return res;
    }),
    create: answer(async (req: provproto.CreateRequest) => {
      const { resource, lifecycle } = resourceOf(req);
      const { id, outs } = await lifecycle.create(fromStruct(req.getProperties()) as never);
      return new provproto.CreateResponse().setId(id).setProperties(toStruct(outs ?? {}, resource.secretOutputs));
    }),
    read: answer(async (req: provproto.ReadRequest) => {
      const { resource, lifecycle } = resourceOf(req);
      const props = fromStruct(req.getProperties());
      if (Object.keys(props).length === 0) {
        // `pulumi import`: no state yet, only the id.
        const imported = await lifecycle.importResource(req.getId());
        return new provproto.ReadResponse()
          .setId(imported.id)
          .setProperties(toStruct(imported.outs as Record<string, unknown>, resource.secretOutputs))
          .setInputs(toStruct(imported.inputs));
      }
      const { id, props: outs } = await lifecycle.read(req.getId(), props as never);
      return new provproto.ReadResponse()
        .setId(id ?? req.getId())
        .setProperties(toStruct(outs ?? {}, resource.secretOutputs))
        .setInputs(req.getInputs());
    }),
    update: answer(async (req: provproto.UpdateRequest) => {
      const { resource, lifecycle } = resourceOf(req);
      const { outs } = await lifecycle.update(
        req.getId(),
        fromStruct(req.getOlds()) as never,
        fromStruct(req.getNews()) as never,
      );
      return new provproto.UpdateResponse().setProperties(toStruct(outs ?? {}, resource.secretOutputs));
    }, secretsOf),
    delete: answer(async (req: provproto.DeleteRequest) => {
      const { lifecycle } = resourceOf(req);
      await lifecycle.delete(req.getId(), fromStruct(req.getProperties()) as never);
      return new emptyproto.Empty();
    }),
    cancel: (_call, callback) => callback(null, new emptyproto.Empty()),
    attach: (_call, callback) => callback(null, new emptyproto.Empty()),
    getMapping: (_call, callback) => callback(null, new provproto.GetMappingResponse().setProvider("").setData("")),
    getMappings: (_call, callback) => callback(null, new provproto.GetMappingsResponse().setProvidersList([])),
    handshake: refuse("Handshake"),
    parameterize: refuse("Parameterize"),
    invoke: refuse("Invoke"),
    call: refuse("Call"),
    construct: refuse("Construct"),
    list: (call: grpc.ServerWritableStream<provproto.ListRequest, provproto.ListResponse>) =>
      call.destroy(unimplemented("List")),
  };
}
