/**
 * What a resource tells the doors that do not know it by type: the provider plugin (which serves
 * it), the schema generator (which describes it) and the package tests. A resource folder exports
 * one {@link ResourceDefinition}; `provider/resources.ts` lists them all, each made into a
 * {@link RegisteredResource} by {@link registerResource}.
 *
 * The plugin only has property maps (decoded from the engine's requests): registration is the one
 * place where they meet the lifecycle's types. The engine hands back what the provider produced
 * (`check`'s inputs, a step's outputs), so a property map is read as the type that produced it.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ProfileWireField } from "../graph/profile-fields";
import type { DetailedDiffResult, ImportedResource, ResourceLifecycle } from "./lifecycle-base";
import type { DeliveryKind } from "./delivery-claims";
import type { ProgramExporter } from "./program-export";

/** Property values as a door decodes them from the engine (secrets unwrapped). */
export type PropertyMap = Readonly<Record<string, unknown>>;

/** One resource, as its folder defines it. */
export interface ResourceDefinition<In, Out> {
  /** Its name in the provider plugin's type token, `messenger:index:<name>` (e.g. `Profile`). */
  readonly name: string;
  /**
   * Its TypeScript class: the dynamic type `messenger:<className>`; the schema reads the class's doc
   * comment and its inputs, the interface `<className>Args`.
   */
  readonly className: string;
  /** The interface of its state (outputs), which the schema reads. */
  readonly outputsType: string;
  /** Input and output properties that are secrets whenever they are present. */
  readonly secretProperties: readonly string[];
  /** Makes a lifecycle (one per provider process). */
  readonly lifecycle: () => ResourceLifecycle<In, Out>;
  /** The profile fields a resource with these checked inputs owns (for the claims). */
  readonly ownedFields: (inputs: In) => readonly ProfileWireField[];
  /** Prints a program that declares what a Page has now (the export CLI), when the resource can. */
  readonly exporter?: ProgramExporter;
  /**
   * What the resource makes Graph deliver, for the checks across a deployment (`delivery-claims.ts`):
   * its kind, and the values of its claim read from its checked inputs.
   */
  readonly delivery?: DeliveryOf<In>;
}

/** A resource's delivery claim, from its checked inputs. */
export interface DeliveryOf<In> {
  /** Its kind of claim. */
  readonly kind: DeliveryKind;
  /** The claim's values (`appId`, `object`, `fields`, `pageAccessToken`, `graphApiUrl`, `platform`, `sends`). */
  readonly values: (inputs: In) => Readonly<Record<string, unknown>>;
}

/** A resource's lifecycle on property maps: what the provider plugin drives. */
export interface PropertyMapLifecycle {
  /** See {@link ResourceLifecycle.configure}. */
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  /** See {@link ResourceLifecycle.check}. */
  check(olds: PropertyMap, news: PropertyMap): Promise<{ inputs: object; failures: readonly dynamic.CheckFailure[] }>;
  /** See {@link ResourceLifecycle.diff}. */
  diff(id: string, olds: PropertyMap, news: PropertyMap): Promise<DetailedDiffResult>;
  /** See {@link ResourceLifecycle.create}. */
  create(inputs: PropertyMap): Promise<{ id: string; outs: object }>;
  /** See {@link ResourceLifecycle.read}. */
  read(id: string, props: PropertyMap): Promise<{ id: string; props: object }>;
  /** See {@link ResourceLifecycle.update}. */
  update(id: string, olds: PropertyMap, news: PropertyMap): Promise<{ outs: object }>;
  /** See {@link ResourceLifecycle.delete}. */
  delete(id: string, props: PropertyMap): Promise<void>;
  /** See {@link ResourceLifecycle.importResource}. */
  importResource(id: string): Promise<ImportedResource<object>>;
  /** See {@link ResourceDefinition.ownedFields} (of checked inputs). */
  ownedFields(inputs: PropertyMap): readonly ProfileWireField[];
  /** See {@link ResourceDefinition.delivery} (of checked inputs): the kind and values, or undefined. */
  deliveryOf(inputs: PropertyMap): { readonly kind: DeliveryKind; readonly values: PropertyMap } | undefined;
}

/** A resource of the table: its names and secrets, and its lifecycle on property maps. */
export interface RegisteredResource {
  /** See {@link ResourceDefinition.name}. */
  readonly name: string;
  /** See {@link ResourceDefinition.className}. */
  readonly className: string;
  /** See {@link ResourceDefinition.outputsType}. */
  readonly outputsType: string;
  /** See {@link ResourceDefinition.secretProperties}. */
  readonly secretProperties: readonly string[];
  /** See {@link ResourceDefinition.exporter}. */
  readonly exporter?: ProgramExporter;
  /** Makes a lifecycle on property maps (one per provider process). */
  open(): PropertyMapLifecycle;
}

/**
 * A property map the engine handed back, read as the type the provider produced it as (or, for
 * `check`'s new inputs, as the type `check` validates them into).
 */
function produced<T>(props: PropertyMap): T {
  return props as unknown as T;
}

/**
 * A resource of the table, from its definition.
 *
 * @param def - the resource's definition
 */
export function registerResource<In extends object, Out extends object>(
  def: ResourceDefinition<In, Out>,
): RegisteredResource {
  const { name, className, outputsType, secretProperties, exporter } = def;
  return {
    name,
    className,
    outputsType,
    secretProperties,
    ...(exporter !== undefined ? { exporter } : {}),
    open(): PropertyMapLifecycle {
      const lc = def.lifecycle();
      return {
        configure: (req) => lc.configure(req),
        check: async (olds, news) => {
          const { inputs, failures } = await lc.check(produced<In>(olds), produced<In>(news));
          return { inputs: inputs ?? {}, failures: failures ?? [] };
        },
        diff: (id, olds, news) => lc.diff(id, produced<Out>(olds), produced<In>(news)),
        create: async (inputs) => {
          const { id, outs } = await lc.create(produced<In>(inputs));
          return { id, outs: outs ?? {} };
        },
        read: async (id, props) => {
          const r = await lc.read(id, produced<Out>(props));
          return { id: r.id ?? id, props: r.props ?? {} };
        },
        update: async (id, olds, news) => ({
          outs: (await lc.update(id, produced<Out>(olds), produced<In>(news))).outs ?? {},
        }),
        delete: (id, props) => lc.delete(id, produced<Out>(props)),
        importResource: (id) => lc.importResource(id),
        ownedFields: (inputs) => def.ownedFields(produced<In>(inputs)),
        deliveryOf: (inputs) =>
          def.delivery === undefined
            ? undefined
            : { kind: def.delivery.kind, values: def.delivery.values(produced<In>(inputs)) },
      };
    },
  };
}
