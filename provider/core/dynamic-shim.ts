/**
 * The provider object Pulumi serializes into every dynamic resource's state (`__provider`): a thin
 * shim whose methods `require` the resource's host module at run time, inside the dynamic-provider
 * host, and call its `lifecycle` (see `dynamic-host.ts`). Each resource has a shim module of its own
 * (`<resource>/shim.ts`) whose exports are made here and which exports nothing else.
 *
 * - Installed from npm (the module lives under `node_modules`), Pulumi captures a shim module by
 *   reference: `__provider` is one `require("pulumi-messenger/dynamic/<resource>")`, a name the
 *   package's `exports` map keeps stable whatever its files are called.
 * - Reached by a relative path (this repository's own programs), Pulumi copies the shim's functions
 *   by value; they capture only the host module's name, never the lifecycle itself, so node-fetch
 *   and the keep-alive agents are loaded by a real `require` in the host, once per process.
 *
 * The host resolves the name from the Pulumi project directory through `node_modules` (the
 * installed package, or this repository's self-link made by `npm run build`).
 *
 * @packageDocumentation
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the lifecycle must be loaded by a real
   require at run time, inside the host, never captured by Pulumi's closure serializer (see above) */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { HostLifecycle, HostModule } from "./dynamic-host";

/**
 * The provider methods of a shim: each one delegates to the host module's lifecycle.
 *
 * @param hostModule - the host module's name, as the package exports it (e.g. `pulumi-messenger/dynamic/profile/lifecycle`)
 */
export function dynamicShim<In, Out>(hostModule: string): HostLifecycle<In, Out> {
  const load = (): HostLifecycle<In, Out> => (require(hostModule) as HostModule<In, Out>).lifecycle;
  return {
    configure: (req: dynamic.ConfigureRequest) => load().configure(req),
    check: (olds: In, news: In) => load().check(olds, news),
    diff: (id: string, olds: Out, news: In) => load().diff(id, olds, news),
    create: (inputs: In) => load().create(inputs),
    read: (id: string, props?: Out) => load().read(id, props),
    update: (id: string, olds: Out, news: In) => load().update(id, olds, news),
    delete: (id: string, props: Out) => load().delete(id, props),
  };
}
