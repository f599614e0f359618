// stateBytesPerResource and pluginStateBytesPerResource: bytes of `pulumi stack export` per account
// linking resource, as the CLI prints it (secrets encrypted, indented JSON), the same deployment as
// compact JSON, and the checkpoint file the file:// backend stores; plus what one resource entry is
// made of. The dynamic resource (MessengerAccountLinking) stores its provider in every entry; the
// plugin's (messenger:index:AccountLinking) refers to one default provider resource.
import { GOALS, withinLimit } from "../goals";
import type { PluginStateBytesResult, StateBytesResult, StateSizeResult } from "../results";
import type { BenchStack } from "./driver";

/** The resource type of MessengerAccountLinking in state. */
const LINK_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerAccountLinking";
/** The resource type of the plugin's AccountLinking in state. */
const PLUGIN_LINK_TYPE = "messenger:index:AccountLinking";
/** The type of the plugin's default provider resource in state. */
const PLUGIN_PROVIDER_TYPE = "pulumi:providers:messenger";
/** The installed shim that a provider captured by reference requires. */
const SHIM = "pulumi-messenger/dynamic/account-linking";

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

/** The export of `stack`, its resources, and the measures common to both front doors. */
async function measure(
  stack: BenchStack,
  n: number,
  type: string,
  goal: keyof Pick<typeof GOALS, "stateBytesPerResource" | "pluginStateBytesPerResource">,
  definition: string,
): Promise<{ common: StateSizeResult; entry: StateEntry; resources: StateEntry[] }> {
  const text = await stack.exportText();
  const exported = JSON.parse(text) as { deployment?: { resources?: StateEntry[] } };
  const resources = exported.deployment?.resources ?? [];
  const links = resources.filter((r) => r.type === type);
  if (links.length !== n) throw new Error(`expected ${n} ${type} in the export, found ${links.length}`);
  const totalBytes = bytes(text);
  const compactBytes = bytes(JSON.parse(text));
  const stored = stack.checkpointBytes();
  const entry = links[0];
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
  const common: StateSizeResult = {
    goal: GOALS[goal].text,
    met: withinLimit(GOALS[goal], perResource),
    value: perResource,
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
  return { common, entry, resources };
}

/** Measures the export of `stack`, which holds `n` MessengerAccountLinking (the dynamic resource). */
export async function measureStateSize(stack: BenchStack, n: number): Promise<StateBytesResult> {
  const { common, entry } = await measure(
    stack,
    n,
    LINK_TYPE,
    "stateBytesPerResource",
    "bytes of `pulumi stack export` output (as printed: indented JSON, secrets encrypted) / number of MessengerAccountLinking resources, 50-resource stack, tokens as inputs",
  );
  const providerValue = entry.inputs?.__provider;
  const provider = typeof providerValue === "string" ? providerValue : "";
  return {
    ...common,
    providerBytes: bytes(provider),
    providerCapturedByReference: provider.includes("require(") && provider.includes(SHIM),
  };
}

/** Measures the export of `stack`, which holds `n` `messenger:index:AccountLinking` (the provider plugin). */
export async function measurePluginStateSize(stack: BenchStack, n: number): Promise<PluginStateBytesResult> {
  const { common, resources } = await measure(
    stack,
    n,
    PLUGIN_LINK_TYPE,
    "pluginStateBytesPerResource",
    "bytes of `pulumi stack export` output (as printed: indented JSON, secrets encrypted) / number of messenger:index:AccountLinking resources, 50-resource stack of the YAML program on the provider plugin, tokens as inputs",
  );
  const providers = resources.filter((r) => r.type === PLUGIN_PROVIDER_TYPE);
  if (providers.length !== 1)
    throw new Error(`expected one ${PLUGIN_PROVIDER_TYPE} in the export, found ${providers.length}`);
  return { ...common, providerResourceCompactBytes: bytes(providers[0]) };
}
