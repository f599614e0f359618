/**
 * Values not known yet: during a preview, an input that comes from another resource's output reaches
 * the provider as Pulumi's unknown-value sentinel. Checks let it pass; diffs count it as changing.
 *
 * @packageDocumentation
 */

/** The value Pulumi passes for an input that is not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether `v` is Pulumi's unknown-value sentinel. */
export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** Whether `v` is, or contains anywhere, Pulumi's unknown-value sentinel. */
export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}
