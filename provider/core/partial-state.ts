/**
 * A step that failed after changing the Page: its error carries the resource's state as the Page now
 * has it, so that the engine records that state instead of the old one.
 *
 * The dynamic-provider host turns an error thrown by `create` or `update` that has `id` and
 * `properties` into Pulumi's `ErrorResourceInitFailed`: the engine then stores `properties` as the
 * resource's outputs (with `reasons` as its initialization errors) and the next `up` diffs from
 * them. Without it, the engine keeps the old outputs, which no longer describe the Page, and the
 * next `up` repeats a call that already went through.
 *
 * The properties hold what state holds, secrets included (a token given as an input): they are
 * reachable as `error.properties` through the error's prototype, never as own properties, so that
 * printing, inspecting or serializing the error (what hosts and loggers do) shows none of them.
 *
 * @packageDocumentation
 */

/** What the dynamic-provider host reads from an error that left the resource changed. */
export interface PartialStateCarrier {
  /** The resource's id. */
  readonly id: string;
  /** The resource's outputs as the Page now has them. */
  readonly properties: Readonly<Record<string, unknown>>;
  /**
   * Why the step did not finish, for the engine's initialization errors (no secrets). The engine
   * prints these, not the error's message: they must include the failure itself.
   */
  readonly reasons: readonly string[];
}

/**
 * `e`, carrying the partial state for the engine (see the module's documentation). The error keeps
 * its class, message, stack and own properties.
 *
 * @param e - the step's failure (already safe to print)
 * @param id - the resource's id
 * @param properties - the outputs as the Page now has them
 * @param reasons - why the step did not finish (no secrets)
 * @returns the same error object
 */
export function withPartialState<E extends Error>(
  e: E,
  id: string,
  properties: object,
  reasons: readonly string[],
): E & PartialStateCarrier {
  const props: Readonly<Record<string, unknown>> = { ...properties };
  const carrier = Object.create(Object.getPrototypeOf(e) as object, {
    id: { get: () => id, enumerable: false, configurable: true },
    properties: { get: () => props, enumerable: false, configurable: true },
    reasons: { get: () => [...reasons], enumerable: false, configurable: true },
  }) as object;
  Object.setPrototypeOf(e, carrier);
  return e as E & PartialStateCarrier;
}

/**
 * The partial state an error carries, if any.
 *
 * @param e - anything thrown
 */
export function partialStateOf(e: unknown): PartialStateCarrier | undefined {
  if (e === null || typeof e !== "object") return undefined;
  const c = e as Partial<PartialStateCarrier>;
  return typeof c.id === "string" && c.properties !== null && typeof c.properties === "object"
    ? { id: c.id, properties: c.properties, reasons: c.reasons ?? [] }
    : undefined;
}
