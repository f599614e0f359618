/**
 * The check of a list of webhook field names (a `MessengerWebhook`'s `fields`, a
 * `MessengerPageSubscription`'s `subscribedFields`): a non-empty list of documented names, each
 * failure at its exact path with the nearest valid name; the checked list sorted, without
 * duplicates, so that the order a program writes is only a spelling.
 *
 * @packageDocumentation
 */
import { printable } from "../graph/printable";
import { typeOf } from "../graph/url-rules";
import { MAX_FIELD_LIST, nearestName } from "../graph/webhook-fields";
import type { InputFailure } from "./connection";
import { isUnknown } from "./unknown";

/** Most failures reported one by one; past them, one more counts the rest. */
export const MAX_REPORTED_FAILURES = 20;

/**
 * At most {@link MAX_REPORTED_FAILURES} failures, then one that counts the others.
 *
 * @param failures - every failure found
 */
export function capFailures(failures: readonly InputFailure[]): InputFailure[] {
  if (failures.length <= MAX_REPORTED_FAILURES) return [...failures];
  const more = failures.length - MAX_REPORTED_FAILURES;
  return [
    ...failures.slice(0, MAX_REPORTED_FAILURES),
    { property: failures[MAX_REPORTED_FAILURES].property, reason: `…and ${more} more failure${more > 1 ? "s" : ""}` },
  ];
}

/** A name for a message: quoted, cut at 40 characters, made printable. */
function quoted(v: string): string {
  return printable(JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v));
}

/**
 * Checks a list of field names.
 *
 * @param value - the input as the engine passes it
 * @param property - the input's name, e.g. `fields`
 * @param names - the documented names
 * @param what - what the names are fields of, for reasons, e.g. `the page object`
 * @returns the list sorted without duplicates (undefined while unknown or refused), and the failures
 */
export function checkFieldList(
  value: unknown,
  property: string,
  names: readonly string[],
  what: string,
): { fields?: string[]; failures: InputFailure[] } {
  const fail = (path: string, reason: string): InputFailure => ({ property, reason: `${path} ${reason}` });
  if (value === undefined || value === null)
    return {
      failures: [
        fail(property, `is required: the fields of ${what} to subscribe, e.g. ["messages", "messaging_postbacks"]`),
      ],
    };
  if (isUnknown(value)) return { failures: [] };
  if (!Array.isArray(value))
    return { failures: [fail(property, `must be a list of field names, got ${typeOf(value)}`)] };
  if (value.length === 0)
    return {
      failures: [fail(property, `must name at least one field of ${what}, e.g. ["messages", "messaging_postbacks"]`)],
    };
  if (value.length > MAX_FIELD_LIST)
    return {
      failures: [
        fail(property, `has ${value.length} entries; at most ${MAX_FIELD_LIST} (${what} has ${names.length} fields)`),
      ],
    };
  const failures: InputFailure[] = [];
  let known = true;
  value.forEach((name: unknown, i) => {
    const path = `${property}[${i}]`;
    if (isUnknown(name)) known = false;
    else if (typeof name !== "string")
      failures.push(fail(path, `must be a field name (a string), got ${typeOf(name)}`));
    else if (!names.includes(name)) {
      const near = nearestName(name, names);
      failures.push(
        fail(
          path,
          `${quoted(name)} is not a field of ${what}${near === undefined ? "." : `: did you mean "${near}"?`} Fields: ${names.join(", ")}`,
        ),
      );
    }
  });
  if (failures.length > 0 || !known) return { failures };
  return { fields: [...new Set(value as string[])].sort(), failures };
}
