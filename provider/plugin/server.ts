/**
 * The provider plugin's gRPC service, `pulumirpc.ResourceProvider`, written on the SDK's generated
 * stubs (`@pulumi/pulumi/proto`) and `@grpc/grpc-js`: each RPC decodes its request, finds the
 * resource in the resource table (`provider/resources.ts`), calls its lifecycle (the same one its
 * TypeScript class uses), and encodes the answer. No resource's fields are known here.
 *
 * Why not the SDK's own provider server (`@pulumi/pulumi/provider`): in 3.260.0 it never forwards
 * `Configure` to the provider and answers `CheckConfig`/`DiffConfig` with UNIMPLEMENTED (so stack
 * config would be dropped), its `Read` crashes on an import (which sends no properties), and outputs
 * holding `undefined` fail to encode. This service answers those itself, through public stubs only.
 *
 * @packageDocumentation
 */
import type * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import type * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { DeliveryRegistry } from "../core/delivery-claims";
import { containsUnknown } from "../core/unknown";
import { FieldClaimRegistry } from "../core/field-claims";
import type { PropertyChange } from "../core/lifecycle-base";
import { PULUMI_PACKAGE } from "../core/package-names";
import type { PropertyMapLifecycle, RegisteredResource } from "../core/resource-definition";
import { RESOURCES } from "../resources";
import { configDiff, configOf } from "./config";
import { fromStruct, toStruct } from "./properties";
import { answer, refuse, unimplemented } from "./rpc";

/**
 * Largest gRPC message the plugin reads: 16 MiB. A request carries up to three copies of a
 * resource's inputs (a `Diff` or an `Update`: old state, old inputs, new inputs), and `check`
 * refuses a profile over 1 MiB of JSON, so every honest request is far below it; the SDK's
 * providers allow 400 MiB, with which one `Check` of 150 MB grew the plugin to 2.5 GB. A larger
 * message is refused with `RESOURCE_EXHAUSTED` before it is decoded.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The gRPC server options of the plugin: {@link MAX_MESSAGE_BYTES} each way. */
export const GRPC_SERVER_OPTIONS = {
  "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
  "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
} as const;

/** Why a second `Configure` is refused. */
export const SECOND_CONFIGURE =
  "Configure was already called on this provider plugin: the engine configures a plugin process once, and a second Configure (from any other caller of its port) is refused so that the configured token and app secret stay bound to the endpoint they were configured with. Start a new plugin process for other settings.";

/** What the service needs to answer. */
export interface ServerOptions {
  /** The plugin's version (GetPluginInfo). */
  readonly version: string;
  /** The package schema, JSON text (GetSchema). */
  readonly schema: string;
}

const KIND: Readonly<Record<PropertyChange, provproto.PropertyDiff.Kind>> = {
  add: provproto.PropertyDiff.Kind.ADD,
  update: provproto.PropertyDiff.Kind.UPDATE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  "add-replace": provproto.PropertyDiff.Kind.ADD_REPLACE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
  "delete-replace": provproto.PropertyDiff.Kind.DELETE_REPLACE,
};

/** A request that names its resource: by its `type` field, else the type part of its URN. */
interface ResourceRequest {
  getType?: () => string | undefined;
  getUrn(): string;
}

/** The type token a request names. */
function typeOf(req: ResourceRequest): string {
  const type = req.getType?.();
  if (type) return type;
  const qualified = req.getUrn().split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** One resource of the table, served: its lifecycle (one per plugin process). */
interface Served {
  readonly resource: RegisteredResource;
  readonly lifecycle: PropertyMapLifecycle;
}

/** `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The resources the plugin serves, by type token, and the field claims of every resource it checks. */
class ServedResources {
  private readonly byToken: ReadonlyMap<string, Served>;
  /** Two resources of the deployment that own the same field of the same Page and platform conflict. */
  private readonly claims = new FieldClaimRegistry();
  /** Two webhooks owning one field, two subscriptions of one Page and app, postbacks a Page does not subscribe. */
  private readonly deliveries = new DeliveryRegistry();

  constructor(resources: readonly RegisteredResource[]) {
    this.byToken = new Map(
      resources.map((r) => [`${PULUMI_PACKAGE}:index:${r.name}`, { resource: r, lifecycle: r.open() }]),
    );
  }

  /** Every served lifecycle. */
  lifecycles(): PropertyMapLifecycle[] {
    return [...this.byToken.values()].map((s) => s.lifecycle);
  }

  /** The secret properties of the request's resource (none when it is unknown). */
  secretsOf(req: ResourceRequest): readonly string[] {
    return this.byToken.get(typeOf(req))?.resource.secretProperties ?? [];
  }

  /** The request's resource; an unknown type fails the call. */
  of(req: ResourceRequest): Served {
    const type = typeOf(req);
    const found = this.byToken.get(type);
    if (found === undefined)
      throw new Error(
        `Unknown resource type ${JSON.stringify(type)}: the ${PULUMI_PACKAGE} provider serves ${listed([...this.byToken.keys()])}.`,
      );
    return found;
  }

  /** Check: the lifecycle's, then the field claims across the deployment (when the inputs passed). */
  async check(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const { resource, lifecycle } = this.of(req);
    const result = await lifecycle.check(fromStruct(req.getOlds()), fromStruct(req.getNews()));
    const failures = [...result.failures];
    const inputs = result.inputs as Readonly<Record<string, unknown>>;
    if (failures.length === 0) {
      const name = req.getName?.() || req.getUrn().split("::").pop() || "";
      const owner = `${PULUMI_PACKAGE}:index:${resource.name} "${name}"`;
      const conflict = this.claims.claimInputs(owner, lifecycle.ownedFields(inputs), inputs);
      if (conflict !== undefined) failures.push({ property: "", reason: conflict.message });
      const delivery = lifecycle.deliveryOf(inputs);
      if (delivery !== undefined && !containsUnknown(delivery.values)) {
        const entry = this.deliveries.claim({ kind: delivery.kind, resource: owner }, delivery.values);
        const clash = this.deliveries.conflictOf(entry);
        if (clash !== undefined) failures.push({ property: "", reason: clash.message });
      }
    }
    return new provproto.CheckResponse()
      .setInputs(toStruct(inputs, resource.secretProperties))
      .setFailuresList(failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
  }

  /** Diff, with the change of each property. */
  async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const d = await this.of(req).lifecycle.diff(req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
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
  }

  /** Create. */
  async create(req: provproto.CreateRequest): Promise<provproto.CreateResponse> {
    const { resource, lifecycle } = this.of(req);
    const { id, outs } = await lifecycle.create(fromStruct(req.getProperties()));
    return new provproto.CreateResponse().setId(id).setProperties(toStruct(outs, resource.secretProperties));
  }

  /** Read: a refresh of the state, or `pulumi import` (no state yet, only the id). */
  async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
    const { resource, lifecycle } = this.of(req);
    const props = fromStruct(req.getProperties());
    if (Object.keys(props).length === 0) {
      const imported = await lifecycle.importResource(req.getId());
      return new provproto.ReadResponse()
        .setId(imported.id)
        .setProperties(toStruct(imported.outs, resource.secretProperties))
        .setInputs(toStruct(imported.inputs));
    }
    const { id, props: outs } = await lifecycle.read(req.getId(), props);
    return new provproto.ReadResponse()
      .setId(id)
      .setProperties(toStruct(outs, resource.secretProperties))
      .setInputs(req.getInputs());
  }

  /** Update. */
  async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
    const { resource, lifecycle } = this.of(req);
    const { outs } = await lifecycle.update(req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
    return new provproto.UpdateResponse().setProperties(toStruct(outs, resource.secretProperties));
  }

  /** Delete. */
  async delete(req: provproto.DeleteRequest): Promise<emptyproto.Empty> {
    await this.of(req).lifecycle.delete(req.getId(), fromStruct(req.getProperties()));
    return new emptyproto.Empty();
  }
}

/**
 * The service implementation.
 *
 * @param options - version and schema
 */
export function resourceProviderService(options: ServerOptions): provrpc.IResourceProviderServer {
  const served = new ServedResources(RESOURCES);
  const secretsOf = (req: ResourceRequest) => served.secretsOf(req);
  let configured = false;
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
      // The engine configures each plugin process once (a provider resource gets a process of its
      // own). A second Configure could only move the configured secrets to another endpoint.
      if (configured) throw new Error(SECOND_CONFIGURE);
      configured = true;
      const config = configOf(req);
      for (const lifecycle of served.lifecycles()) await lifecycle.configure(config);
      return new provproto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),
    check: answer((req: provproto.CheckRequest) => served.check(req)),
    diff: answer((req: provproto.DiffRequest) => served.diff(req)),
    create: answer((req: provproto.CreateRequest) => served.create(req)),
    read: answer((req: provproto.ReadRequest) => served.read(req)),
    update: answer((req: provproto.UpdateRequest) => served.update(req), secretsOf),
    delete: answer((req: provproto.DeleteRequest) => served.delete(req)),
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
