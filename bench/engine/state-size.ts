// stateBytesPerResource: bytes of `pulumi stack export` per MessengerAccountLinking, as the CLI
// prints it (secrets encrypted, indented JSON), the same deployment as compact JSON, and the
// checkpoint file the file:// backend stores; plus what one resource entry is made of.
import { GOALS, withinLimit } from "../goals";
import type { StateBytesResult } from "../results";
import type { BenchStack } from "./driver";

/** The resource type of MessengerAccountLinking in state. */
const LINK_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerAccountLinking";
/** The installed shim that a provider captured by reference requires. */
const SHIM = "pulumi-messenger-account-linking/dist/provider/shim.js";

/** One resource of an exported deployment, in the fields measured here. */
interface StateEntry {
  readonly type?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly stackTrace?: unknown;
  readonly sourcePosition?: unknown;
}

function bytes(v: unknown): number {
  return Buffer.byteLength(typeof v === "string" ? v : JSON.stringify(v ?? null));
}

function isSecret(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { ciphertext?: unknown }).ciphertext === "string";
}

/** Measures the export of `stack`, which holds `n` MessengerAccountLinking. */
export async function measureStateSize(stack: BenchStack, n: number): Promise<StateBytesResult> {
  const text = await stack.exportText();
  const exported = JSON.parse(text) as { deployment?: { resources?: StateEntry[] } };
  const resources = exported.deployment?.resources ?? [];
  const links = resources.filter((r) => r.type === LINK_TYPE);
  if (links.length !== n) throw new Error(`expected ${n} MessengerAccountLinking in the export, found ${links.length}`);
  const totalBytes = bytes(text);
  const compactBytes = bytes(JSON.parse(text));
  const stored = stack.checkpointBytes();
  const entry = links[0];
  const providerValue = entry.inputs?.__provider;
  const provider = typeof providerValue === "string" ? providerValue : "";
  const perResource = Math.round(totalBytes / n);
  // One entry, compact, by part.
  const parts = [entry.inputs ?? {}, entry.outputs ?? {}];
  const secretBytes = parts.reduce(
    (sum, props) =>
      sum +
      Object.values(props)
        .filter(isSecret)
        .reduce((a: number, v) => a + bytes(v), 0),
    0,
  );
  const providerInState = parts.reduce((sum, props) => sum + (props.__provider ? bytes(props.__provider) : 0), 0);
  const provenance = bytes(entry.stackTrace) + bytes(entry.sourcePosition);
  const entryBytes = bytes(entry);
  const propertyBytes = bytes(entry.inputs) + bytes(entry.outputs);
  return {
    goal: GOALS.stateBytesPerResource.text,
    met: withinLimit(GOALS.stateBytesPerResource, perResource),
    value: perResource,
    definition:
      "bytes of `pulumi stack export` output (as printed: indented JSON, secrets encrypted) / number of MessengerAccountLinking resources, 50-resource stack, tokens as inputs",
    exportBytes: totalBytes,
    resources: n,
    otherResources: resources.length - n,
    compactJsonBytesPerResource: Math.round(compactBytes / n),
    storedCheckpointBytesPerResource: stored === undefined ? null : Math.round(stored / n),
    oneEntryCompactBytes: {
      total: entryBytes,
      inputsAndOutputs: propertyBytes,
      ofWhichProviderReference: providerInState,
      ofWhichEncryptedSecrets: secretBytes,
      engineProvenance: provenance,
      engineBookkeeping: entryBytes - propertyBytes - provenance,
    },
    providerBytes: bytes(provider),
    providerCapturedByReference: provider.includes("require(") && provider.includes(SHIM),
  };
}
