/**
 * The provider object Pulumi serializes into every `MessengerProfile`'s state (`__provider`): this
 * module's exports, a thin shim whose methods `require` the real lifecycle at run time inside the
 * dynamic-provider host, exactly as `shim.ts` does for `MessengerAccountLinking` (read it for why).
 *
 * Nothing but the provider methods may be exported from this module.
 *
 * @packageDocumentation
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the lifecycle must be loaded by a real
   require at run time, inside the host, never captured by Pulumi's closure serializer (see shim.ts) */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { MessengerProfileInputs as In, MessengerProfileOutputs as Out } from "./types";

const LIFECYCLE = "pulumi-messenger-account-linking/dist/provider/profile-lifecycle.js";
type Lifecycle = typeof import("./profile-lifecycle");

/** Delegates to the lifecycle's `configure`. */
export const configure = (req: dynamic.ConfigureRequest): Promise<void> =>
  (require(LIFECYCLE) as Lifecycle).lifecycle.configure(req);
/** Delegates to the lifecycle's `check`. */
export const check = (olds: In, news: In): Promise<dynamic.CheckResult<In>> =>
  (require(LIFECYCLE) as Lifecycle).lifecycle.check(olds, news);
/** Delegates to the lifecycle's `diff`. */
export const diff = (id: string, olds: Out, news: In): Promise<dynamic.DiffResult> =>
  (require(LIFECYCLE) as Lifecycle).lifecycle.diff(id, olds, news);
/** Delegates to the lifecycle's `create`. */
export const create = (inputs: In): Promise<dynamic.CreateResult<Out>> =>
  (require(LIFECYCLE) as Lifecycle).lifecycle.create(inputs);
/** Delegates to the lifecycle's `read`. */
export const read = (id: string, props?: Out): Promise<dynamic.ReadResult<Out>> =>
  (require(LIFECYCLE) as Lifecycle).lifecycle.read(id, props);
/** Delegates to the lifecycle's `update`. */
export const update = (id: string, olds: Out, news: In): Promise<dynamic.UpdateResult<Out>> =>
  (require(LIFECYCLE) as Lifecycle).lifecycle.update(id, olds, news);
/** Delegates to the lifecycle's `delete`. */
const remove = (id: string, props: Out): Promise<void> => (require(LIFECYCLE) as Lifecycle).lifecycle.delete(id, props);
export { remove as delete };
