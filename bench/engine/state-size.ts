// stateBytesPerResource and pluginStateBytesPerResource: bytes of `pulumi stack export` per account
// linking resource, as the CLI prints it (secrets encrypted, indented JSON), the same deployment as
// compact JSON, and the checkpoint file the file:// backend stores; plus what one resource entry is
// made of. The dynamic resource (MessengerAccountLinking) stores its provider in every entry; the
// plugin's (messenger:index:AccountLinking) refers to one default provider resource.
// nativeStateBytesPerResource: the same measures of a stack of full profiles through the Node SDK
// (messenger:index:Profile), judged on the stored checkpoint, each part of one entry by field; and
// of the same profiles through the dynamic class, for comparison.
import { GOALS, withinLimit } from "../goals";
import type { NativeStateBytesResult, PluginStateBytesResult, StateBytesResult, StateSizeResult } from "../results";
import type { BenchStack } from "./driver";

/** The resource type of MessengerAccountLinking in state. */
const LINK_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerAccountLinking";
/** The resource type of the plugin's AccountLinking in state. */
const PLUGIN_LINK_TYPE = "messenger:index:AccountLinking";
/** The type of the plugin's default provider resource in state. */
const PLUGIN_PROVIDER_TYPE = "pulumi:providers:messenger";
/** The resource type of the Node SDK's Profile in state. */
const NATIVE_PROFILE_TYPE = "messenger:index:Profile";
/** The resource type of MessengerProfile in state. */
const DYNAMIC_PROFILE_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerProfile";
/** The installed shim that a provider captured by reference requires. */
const SHIM = "pulumi-messenger/dynamic/account-linking";

/** One resource of an exported deployment, in the fields measured here (and any other). */
interface StateEntry {
  readonly [field: string]: unknown;
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

/** The measures of a stack's export and checkpoint, before any goal judges them. */
type Sizes = Omit<StateSizeResult, "goal" | "met" | "value">;

/** The export of `stack`, its resources, and the measures common to every front door. */
async function measureSizes(
  stack: BenchStack,
  n: number,
  type: string,
  definition: string,
): Promise<{ sizes: Sizes; printedPerResource: number; entry: StateEntry; resources: StateEntry[] }> {
  const text = await stack.exportText();
  const exported = JSON.parse(text) as { deployment?: { resources?: StateEntry[] } };
  const resources = exported.deployment?.resources ?? [];
  const links = resources.filter((r) => r.type === type);
  if (links.length !== n) throw new Error(`expected ${n} ${type} in the export, found ${links.length}`);
  const totalBytes = bytes(text);
  const compactBytes = bytes(JSON.parse(text));
  const stored = stack.checkpointBytes();
  const entry = links[0];
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
  const sizes: Sizes = {
    definition,
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
  };
  return { sizes, printedPerResource: Math.round(totalBytes / n), entry, resources };
}

/** The figure judged on `perResource` against `goal`, the measures after. */
function judged(
  goal: keyof Pick<
    typeof GOALS,
    "stateBytesPerResource" | "pluginStateBytesPerResource" | "nativeStateBytesPerResource"
  >,
  perResource: number,
  sizes: Sizes,
): StateSizeResult {
  return { goal: GOALS[goal].text, met: withinLimit(GOALS[goal], perResource), value: perResource, ...sizes };
}

/** Measures the export of `stack`, which holds `n` MessengerAccountLinking (the dynamic resource). */
export async function measureStateSize(stack: BenchStack, n: number): Promise<StateBytesResult> {
  const { sizes, printedPerResource, entry } = await measureSizes(
    stack,
    n,
    LINK_TYPE,
    "bytes of `pulumi stack export` output (as printed: indented JSON, secrets encrypted) / number of MessengerAccountLinking resources, 50-resource stack, tokens as inputs",
  );
  const providerValue = entry.inputs?.__provider;
  const provider = typeof providerValue === "string" ? providerValue : "";
  return {
    ...judged("stateBytesPerResource", printedPerResource, sizes),
    providerBytes: bytes(provider),
    providerCapturedByReference: provider.includes("require(") && provider.includes(SHIM),
  };
}

/** Measures the export of `stack`, which holds `n` `messenger:index:AccountLinking` (the provider plugin). */
export async function measurePluginStateSize(stack: BenchStack, n: number): Promise<PluginStateBytesResult> {
  const { sizes, printedPerResource, resources } = await measureSizes(
    stack,
    n,
    PLUGIN_LINK_TYPE,
    "bytes of `pulumi stack export` output (as printed: indented JSON, secrets encrypted) / number of messenger:index:AccountLinking resources, 50-resource stack of the YAML program on the provider plugin, tokens as inputs",
  );
  const providers = resources.filter((r) => r.type === PLUGIN_PROVIDER_TYPE);
  if (providers.length !== 1)
    throw new Error(`expected one ${PLUGIN_PROVIDER_TYPE} in the export, found ${providers.length}`);
  return {
    ...judged("pluginStateBytesPerResource", printedPerResource, sizes),
    providerResourceCompactBytes: bytes(providers[0]),
  };
}

/** Compact JSON bytes of each member of `obj` (`"key":value`), largest first. */
function memberBytes(obj: Readonly<Record<string, unknown>> | undefined): Record<string, number> {
  const sized = Object.entries(obj ?? {}).map(([k, v]): [string, number] => [
    k,
    bytes(JSON.stringify(k)) + 1 + bytes(JSON.stringify(v ?? null)),
  ]);
  return Object.fromEntries(sized.sort((a, b) => b[1] - a[1]));
}

/**
 * Measures the export and checkpoint of `stack`, which holds `n` `messenger:index:Profile` (the Node
 * SDK's, through the provider plugin): judged on the checkpoint the backend stores, per resource.
 */
export async function measureNativeStateSize(
  stack: BenchStack,
  n: number,
): Promise<Omit<NativeStateBytesResult, "dynamicProfile">> {
  const { sizes, entry, resources } = await measureSizes(
    stack,
    n,
    NATIVE_PROFILE_TYPE,
    "bytes of the checkpoint file the file:// backend stores (compact JSON, secrets encrypted) / number of messenger:index:Profile resources, 50 full profiles (every field, two locales) of the TypeScript program on the Node SDK, tokens as inputs",
  );
  const stored = sizes.storedCheckpointBytesPerResource;
  if (stored === null) throw new Error(`${stack.name}: the backend's checkpoint file was not found`);
  const providers = resources.filter((r) => r.type === PLUGIN_PROVIDER_TYPE);
  if (providers.length !== 1)
    throw new Error(`expected one ${PLUGIN_PROVIDER_TYPE} in the export, found ${providers.length}`);
  return {
    ...judged("nativeStateBytesPerResource", stored, sizes),
    printedExportBytesPerResource: Math.round(sizes.exportBytes / n),
    providerResourceCompactBytes: bytes(providers[0]),
    oneEntryByField: memberBytes(entry),
    oneEntryInputs: memberBytes(entry.inputs),
    oneEntryOutputs: memberBytes(entry.outputs),
  };
}

/** The same measures of a stack of `n` MessengerProfile (the dynamic class), unjudged, for comparison. */
export async function measureProfileStateForComparison(
  stack: BenchStack,
  n: number,
): Promise<NativeStateBytesResult["dynamicProfile"]> {
  const { sizes, printedPerResource } = await measureSizes(
    stack,
    n,
    DYNAMIC_PROFILE_TYPE,
    "the same measures of the same 50 profiles through the dynamic class MessengerProfile",
  );
  return { ...sizes, printedExportBytesPerResource: printedPerResource };
}
