/**
 * The dynamic-provider door: a resource lifecycle as the dynamic-provider host calls it. The host
 * evaluates the provider text stored in state (`__provider`, see `dynamic-shim.ts`), which loads a
 * resource's host module by name; that module exports `lifecycle`, made here.
 *
 * What only this door needs: the host keeps the serialized provider in the property `__provider`,
 * and adds it to a step's result but not to an error's properties. A step that fails after changing
 * the Page carries the state the Page now has (`partial-state.ts`); for the engine to run the next
 * step on that state, the state must carry `__provider` too, copied from the step's inputs.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ResourceLifecycle } from "./lifecycle-base";
import { partialStateOf, withPartialState } from "./partial-state";

/** The property in which the dynamic-provider host keeps the serialized provider. */
const HOST_PROVIDER_KEY = "__provider";

/** A lifecycle as the dynamic-provider host calls it: every step of the provider protocol. */
export type HostLifecycle<In, Out> = Required<Omit<dynamic.ResourceProvider<In, Out>, "diff">> &
  Pick<ResourceLifecycle<In, Out>, "diff">;

/** What a resource's host module exports (the module the shim requires by name). */
export interface HostModule<In, Out> {
  /** The lifecycle the host calls (one per host process). */
  readonly lifecycle: HostLifecycle<In, Out>;
}

/**
 * Rethrows a step's failure; when it carries partial state, that state gets the host's
 * serialized provider from the step's inputs.
 */
function withHostProvider(e: unknown, inputs: unknown): never {
  const partial = partialStateOf(e);
  const host = (inputs as Readonly<Record<string, unknown>> | undefined)?.[HOST_PROVIDER_KEY];
  if (partial === undefined || host === undefined || !(e instanceof Error)) throw e;
  throw withPartialState(e, partial.id, { ...partial.properties, [HOST_PROVIDER_KEY]: host }, partial.reasons);
}

/**
 * A lifecycle for the dynamic-provider host: the same steps, partial state completed with the
 * host's serialized provider.
 *
 * @param lifecycle - the resource's lifecycle
 */
export function forDynamicHost<In, Out>(lifecycle: ResourceLifecycle<In, Out>): HostLifecycle<In, Out> {
  return {
    configure: (req) => lifecycle.configure(req),
    check: (olds, news) => lifecycle.check(olds, news),
    diff: (id, olds, news) => lifecycle.diff(id, olds, news),
    create: (inputs) => lifecycle.create(inputs).catch((e: unknown) => withHostProvider(e, inputs)),
    read: (id, props) => lifecycle.read(id, props),
    update: (id, olds, news) => lifecycle.update(id, olds, news).catch((e: unknown) => withHostProvider(e, news)),
    delete: (id, props) => lifecycle.delete(id, props),
  };
}
