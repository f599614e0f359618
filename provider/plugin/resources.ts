/**
 * The resources the provider plugin serves, by type token, each on the same lifecycle its
 * TypeScript class uses in the dynamic-provider host: one implementation, two front doors.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { DetailedDiffResult, ImportedResource } from "../lifecycle-base";
import { AccountLinkingLifecycle } from "../lifecycle";
import { declaredFields, type ProfileWireField } from "../profile/fields";
import { ProfileLifecycle } from "../profile-lifecycle";
import { SECRET_PROPERTIES } from "../resource-secrets";

/** The plugin's package name (the first part of every token, and of config keys). */
export const PACKAGE = "messenger";

/** What the plugin needs of a lifecycle (both lifecycles have exactly this shape). */
export interface PluginLifecycle {
  /** Reads provider settings from stack config. */
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  /** Validates inputs, fills in defaults. */
  check(olds: never, news: never): Promise<dynamic.CheckResult<Record<string, unknown>>>;
  /** Compares state with new inputs. */
  diff(id: string, olds: never, news: never): Promise<DetailedDiffResult>;
  /** Creates. */
  create(inputs: never): Promise<dynamic.CreateResult<Record<string, unknown>>>;
  /** Refreshes. */
  read(id: string, props?: never): Promise<dynamic.ReadResult<Record<string, unknown>>>;
  /** Updates. */
  update(id: string, olds: never, news: never): Promise<dynamic.UpdateResult<Record<string, unknown>>>;
  /** Deletes. */
  delete(id: string, props: never): Promise<void>;
  /** Adopts an existing Page's setting (`pulumi import`). */
  importResource(id: string): Promise<ImportedResource<object>>;
}

/** One resource of the plugin. */
export interface PluginResource {
  /** Type token, e.g. `messenger:index:Profile`. */
  readonly token: string;
  /** The TypeScript class the resource mirrors. */
  readonly className: string;
  /** Makes the lifecycle (one per plugin process). */
  readonly lifecycle: () => PluginLifecycle;
  /** Output properties kept secret in state. */
  readonly secretOutputs: readonly string[];
  /** The profile fields a resource with these (checked) inputs owns. */
  readonly ownedFields: (inputs: Readonly<Record<string, unknown>>) => ProfileWireField[];
}

/** Every resource of the plugin. */
export const PLUGIN_RESOURCES: readonly PluginResource[] = [
  {
    token: `${PACKAGE}:index:AccountLinking`,
    className: "MessengerAccountLinking",
    lifecycle: () => new AccountLinkingLifecycle() as unknown as PluginLifecycle,
    secretOutputs: SECRET_PROPERTIES,
    ownedFields: () => ["account_linking_url"],
  },
  {
    token: `${PACKAGE}:index:Profile`,
    className: "MessengerProfile",
    lifecycle: () => new ProfileLifecycle() as unknown as PluginLifecycle,
    secretOutputs: SECRET_PROPERTIES,
    ownedFields: declaredFields,
  },
];
