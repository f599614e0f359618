/**
 * A diff built input by input: each changed input and whether it replaces the resource, then the
 * result both front doors read (`changes`, `replaces`, `stables`, `detailedDiff`).
 *
 * @packageDocumentation
 */
import type { DetailedDiffResult, PropertyChange } from "./lifecycle-base";
import { isUnknown } from "./unknown";

/** Records the inputs that changed. */
export class DiffRecorder {
  private readonly detailed: Record<string, PropertyChange> = {};

  /**
   * Records `key` as changed when the new value is unknown (preview) or differs (as JSON) from the
   * recorded one.
   *
   * @param key - the input
   * @param recorded - its value in state
   * @param next - its new value
   * @param replaces - whether a change replaces the resource
   */
  differs(key: string, recorded: unknown, next: unknown, replaces = false): void {
    if (isUnknown(next) || JSON.stringify(recorded) !== JSON.stringify(next)) this.set(key, replaces);
  }

  /**
   * Records `key` as changed.
   *
   * @param key - the input
   * @param replaces - whether the change replaces the resource
   */
  set(key: string, replaces = false): void {
    this.detailed[key] = replaces ? "update-replace" : "update";
  }

  /**
   * The diff.
   *
   * @param stables - the outputs that stay the same unless the resource is replaced
   */
  result(stables: readonly string[]): DetailedDiffResult {
    const replaces = Object.keys(this.detailed).filter((k) => this.detailed[k] === "update-replace");
    return {
      changes: Object.keys(this.detailed).length > 0,
      replaces,
      stables: replaces.length === 0 ? [...stables] : [],
      deleteBeforeReplace: false,
      detailedDiff: { ...this.detailed },
    };
  }
}
