/**
 * Property values across the plugin's gRPC boundary: a protobuf `Struct` to plain JavaScript and
 * back, with Pulumi's encodings of secrets and unknown values.
 *
 * - A secret arrives as an object whose key {@link SPECIAL_SIG_KEY} holds {@link SECRET_SIG} and
 *   whose `value` holds the value (the plugin accepts secrets). The lifecycles work on plain
 *   values: secrets are unwrapped on the way in, and the resource's secret outputs are wrapped again
 *   on the way out, so they stay encrypted in state.
 * - An unknown value (preview) is the string `04da6b54-80e4-46f7-96ec-b56ff0331ba9`, which the
 *   lifecycles already recognize (`isUnknown`); it passes through unchanged.
 * - A protobuf `Struct` cannot hold `undefined`: keys whose value is undefined are left out.
 *
 * @packageDocumentation
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The key that marks a special value, and its value for a secret. */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isSecretWrapper(v: unknown): v is { value?: unknown } {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    (v as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG
  );
}

/**
 * A value with every secret wrapper replaced by the value it wraps (recursively).
 *
 * @param v - a value decoded from a Struct
 */
export function unwrapSecrets(v: unknown): unknown {
  if (isSecretWrapper(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (typeof v === "object" && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  return v;
}

/**
 * The plain properties of a request's Struct (secrets unwrapped); an absent Struct is `{}`.
 *
 * @param s - the Struct, if any
 */
export function fromStruct(s: Struct | undefined): Record<string, unknown> {
  if (s === undefined) return {};
  return unwrapSecrets(s.toJavaScript()) as Record<string, unknown>;
}

function defined(v: unknown): Json | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (Array.isArray(v)) return v.map((x) => defined(x) ?? null);
  if (typeof v === "object") {
    const out: { [key: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) {
      const d = defined(x);
      if (d !== undefined) out[k] = d;
    }
    return out;
  }
  throw new TypeError(`cannot encode a ${typeof v} as a property value`);
}

/**
 * A Struct of plain properties, the named top-level ones wrapped as secrets (when present).
 *
 * @param props - plain properties (undefined values are left out)
 * @param secrets - top-level keys to mark secret
 */
export function toStruct(props: object, secrets: readonly string[] = []): Struct {
  const out = (defined(props) ?? {}) as { [key: string]: Json };
  for (const key of secrets)
    if (out[key] !== undefined && !isSecretWrapper(out[key]))
      out[key] = { [SPECIAL_SIG_KEY]: SECRET_SIG, value: out[key] };
  return Struct.fromJavaScript(out);
}
