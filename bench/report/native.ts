// The Node SDK's figures in docs/performance.md: their note (what they are, and for a missed goal by
// how much, why and what would close it) and the table of where the time of each side's up goes.
import { GOALS } from "../goals";
import type { NativeProfileUpResult, NativeStateBytesResult, UpPhases } from "../results";
import { fmt, pct, range } from "./format";
import type { ReportInput } from "./table";

type Side = keyof NativeProfileUpResult["whereTheTimeGoes"];
const SIDES: readonly Side[] = ["native", "dynamic", "noop"];
/** Resources per up. */
const N = 50;
type Phase = keyof UpPhases["phases"];

/** The phases' rows: what each is. */
const PHASES: Readonly<Record<Phase, string>> = {
  cliStart: "CLI start to the program's run (checkpoint read, language host launched)",
  programStart: "program run to its stack registered (Node started, `@pulumi/pulumi` loaded)",
  programFirstResource:
    "stack registered to the first resource registered (the program's modules, its 50 resources built)",
  providerStart: "first resource registered to the provider's first Check (the provider launched and configured)",
  steps: "first Check to last Create answered (the 50 resources' steps)",
  finish: "last Create answered to the end of the trace (program exit, last checkpoint)",
};

function signed(x: number): string {
  return `${x >= 0 ? "+" : "−"}${fmt(Math.abs(x), 0)}`;
}

/** The Markdown table of where the time goes: one row per phase and per provider measure, ms. */
export function renderNativePhases(r: ReportInput): string | undefined {
  const up = r.nativeProfileUp50;
  if (!up) return undefined;
  const w = up.whereTheTimeGoes;
  const row = (what: string, f: (p: UpPhases) => number): string => {
    const v = { native: f(w.native), dynamic: f(w.dynamic), noop: f(w.noop) };
    return `| ${what} | ${fmt(v.native, 0)} | ${fmt(v.dynamic, 0)} | ${fmt(v.noop, 0)} | ${signed(v.native - v.dynamic)} | ${signed(v.native - v.noop)} |`;
  };
  const rpc = (what: string, f: (p: UpPhases) => number): string =>
    `| ${what} | ${fmt(f(w.native), 1)} | ${fmt(f(w.dynamic), 1)} | ${fmt(f(w.noop), 1)} | | |`;
  return [
    `Where the time of one up goes in \`nativeProfileUp50\`, from the engine's OpenTelemetry spans (\`pulumi up --otel-traces\`) of ${up.tracedUps} further up(s) of each side after the timed reps: medians, ms. ` +
      "The phases follow one another on the CLI's timeline and add up to its traced span; the rows after it are inside the phases.",
    "",
    "| phase | Node SDK | dynamic class | no-op | SDK − dynamic | SDK − no-op |",
    "|---|---|---|---|---|---|",
    ...(Object.keys(PHASES) as Phase[]).map((k) => row(PHASES[k], (p) => p.phases[k].median)),
    row("**the CLI's traced span**", (p) => p.tracedMs.median),
    row("wall time of the traced up (spawn to exit)", (p) => p.wallMs.median),
    row("the provider's launch alone (`newPlugin`, in provider start)", (p) => p.providerLaunchMs.median),
    row("stack registered to the last resource registered", (p) => p.programDeclareMs.median),
    row(`checkpoint writes and copies (${w.native.checkpointWrites} writes per up)`, (p) => p.checkpointWriteMs.median),
    rpc(
      "time from one Check call's start to the next (the engine takes the resources one by one)",
      (p) => p.checkPaceMs.median,
    ),
    rpc("one Check call to the provider, median", (p) => p.checkRpcMedianMs.median),
    rpc("one Create call to the provider (its Graph calls included), median", (p) => p.createRpcMedianMs.median),
  ].join("\n");
}

/** The biggest differences between the Node SDK's phases and `other`'s, largest first, as text. */
function largestDifferences(up: NativeProfileUpResult, other: Side): string {
  const w = up.whereTheTimeGoes;
  return (Object.keys(PHASES) as Phase[])
    .map((k) => ({ k, d: w.native.phases[k].median - w[other].phases[k].median }))
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
    .slice(0, 3)
    .map(({ k, d }) => `${k} ${signed(d)} ms`)
    .join(", ");
}

function upText(up: NativeProfileUpResult, r: ReportInput): string {
  const w = up.whereTheTimeGoes;
  const goal = GOALS.nativeProfileUp50;
  const calls = Object.entries(up.callsPerUp.native)
    .map(([k, v]) => `${v} \`${k}\``)
    .join(" + ");
  let text =
    `- **nativeProfileUp50**, **nativeStateBytesPerResource**: what the Node SDK (\`pulumi-messenger/native\`, the provider plugin) costs for 50 full profiles against the dynamic class and against the engine's floor. ` +
    `The up took ${fmt(up.nativeSeconds.median)} s against ${fmt(up.dynamicSeconds.median)} s through the dynamic class and ${fmt(up.noopSeconds.median)} s for 50 no-op dynamic resources; both doors made the same ${calls} per up (checked every rep). ` +
    `In the traced ups (table below) the two doors share what a Node program costs before its first resource reaches the engine (CLI start, Node and \`@pulumi/pulumi\` started, the program's modules and its 50 resources built: ${fmt(w.native.phases.cliStart.median + w.native.phases.programStart.median + w.native.phases.programFirstResource.median, 0)} ms through the SDK, ${fmt(w.dynamic.phases.cliStart.median + w.dynamic.phases.programStart.median + w.dynamic.phases.programFirstResource.median, 0)} ms through the class); ` +
    `the provider's launch is a Node process either way (the plugin ${fmt(w.native.providerLaunchMs.median, 0)} ms, the dynamic-provider host ${fmt(w.dynamic.providerLaunchMs.median, 0)} ms); ` +
    `one Create takes the plugin ${fmt(w.native.createRpcMedianMs.median, 1)} ms and the dynamic host ${fmt(w.dynamic.createRpcMedianMs.median, 1)} ms, the no-op ${fmt(w.noop.createRpcMedianMs.median, 1)} ms. ` +
    `Largest differences by phase: SDK − dynamic ${largestDifferences(up, "dynamic")}; SDK − no-op ${largestDifferences(up, "noop")}.`;
  const plugin = r.pluginUp50;
  if (!up.met) {
    const toDyn = up.value.ratioToDynamic;
    const toNoop = up.value.ratioToNoop;
    const missed = [
      toDyn > goal.ratioToDynamic.limit
        ? `to dynamic ${fmt(toDyn, 3)} against ${fmt(goal.ratioToDynamic.limit)} (${up.ratioToDynamic.samples.filter((x) => x <= goal.ratioToDynamic.limit).length} of ${up.ratioToDynamic.n} reps within, ${range(up.ratioToDynamic)})`
        : "",
      toNoop > goal.ratioToNoop.limit
        ? `to no-op ${fmt(toNoop, 3)} against ${fmt(goal.ratioToNoop.limit)} (${up.ratioToNoop.samples.filter((x) => x <= goal.ratioToNoop.limit).length} of ${up.ratioToNoop.n} reps within, ${range(up.ratioToNoop)})`
        : "",
    ].filter((x) => x !== "");
    const w0 = (side: Side) =>
      w[side].phases.cliStart.median + w[side].phases.programStart.median + w[side].phases.programFirstResource.median;
    text +=
      ` Missed: ${missed.join("; ")}. ` +
      `Why: the doors differ only in the provider, and on the Node language host the provider is a small part of the up. Both doors run a Node program of the same shape: ${fmt(w0("native"), 0)} and ${fmt(w0("dynamic"), 0)} ms before the first resource reaches the engine (the no-op program ${fmt(w0("noop"), 0)} ms). ` +
      `A CPU profile of the programs (3 manual ups per side with \`--cpu-prof\`, not part of the benchmark; medians) gave 2.06 s of CPU through the SDK, 2.31 s through the class and 1.90 s for the no-op resources: loading modules 0.75, 0.88 and 0.95 s (the no-op program loads the package's dynamic classes too); ` +
      `the 50 source-mapped stack traces the Node SDK takes in the resources' constructors (before any registration leaves the program; stored in the checkpoint) 0.52, 0.55 and 0.27 s; serializing the 50 resources' inputs 0.45, 0.44 and 0.13 s: a full profile costs the program the same on both doors. ` +
      `Both providers are Node processes that start in about the same time, and per resource the dynamic host does little more than the plugin: it deserializes the provider's closure once (captured by reference: a require of the installed module) and caches it. ` +
      (SIDES.every((side) => w[side].overlappingChecks === 0)
        ? "The engine takes the registrations one at a time, a Check call inside each turn (no two Check calls overlapped in the traces), so the steps go at the engine's pace: "
        : "The Check calls mostly follow one another (the engine takes the registrations in turn), so the steps go at the engine's pace: ") +
      `one every ${fmt(w.native.checkPaceMs.median, 1)} ms through the SDK, ${fmt(w.dynamic.checkPaceMs.median, 1)} ms through the class, ${fmt(w.noop.checkPaceMs.median, 1)} ms for the no-op resources, with ${w.native.checkpointWrites} checkpoint writes per up on every side. ` +
      (plugin
        ? `The YAML program through the same plugin has no Node program at all, hence its ${fmt(plugin.value)} against the dynamic resource (\`pluginUp50\`). `
        : "") +
      `Against the no-op floor the SDK's up does the same and more: ${Object.values(up.callsPerUp.native).reduce((a, b) => a + b, 0)} Graph calls, a full profile's inputs serialized and checked, Creates that do real work. ` +
      `What would close it: on the provider's side, only part of the gap to the floor, in Check: it runs inside the engine's turn, ${fmt(w.native.checkRpcMedianMs.median, 1)} ms against ${fmt(w.noop.checkRpcMedianMs.median, 1)} ms for a no-op resource (the profile's validation, the field claims across the deployment, the inputs decoded and encoded), about ${fmt(((w.native.checkRpcMedianMs.median - w.noop.checkRpcMedianMs.median) * N) / 1000, 2)} s over the up; ` +
      `the plugin launched in ${fmt(w.native.providerLaunchMs.median, 0)} ms, the dynamic host in ${fmt(w.dynamic.providerLaunchMs.median, 0)} ms. The rest is the Node SDK's program (module loading, stack traces, input serialization) and the engine's loop and checkpoints, which a TypeScript program pays on either door.`;
  }
  return text;
}

function stateText(st: NativeStateBytesResult): string {
  const e = st.oneEntryCompactBytes;
  const f = st.oneEntryByField;
  const d = st.dynamicProfile;
  const inputs = f.inputs ?? 0;
  const outputs = f.outputs ?? 0;
  const limit = GOALS.nativeStateBytesPerResource.limit;
  const fields = Object.entries(f)
    .filter(([k]) => k !== "inputs" && k !== "outputs")
    .slice(0, 6)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const token = st.oneEntryInputs.pageAccessToken ?? 0;
  let text =
    ` State: ${st.value} B stored per profile (the dynamic class: ${d.storedCheckpointBytesPerResource ?? "?"} B; as \`pulumi stack export\` prints it, ${st.printedExportBytesPerResource} and ${d.printedExportBytesPerResource} B). ` +
    `One entry (compact) is ${e.total} B: outputs ${outputs} B and inputs ${inputs} B, each the whole profile (the outputs normalized, with the Page's id and name, the owned fields and the token's fingerprint; the encrypted token ${token} B in each), ` +
    `then the engine's fields: ${fields} B (stack trace and source position ${e.engineProvenance} B); no provider code (the class stores ${d.oneEntryCompactBytes.ofWhichProviderReference} B of it per entry), and the one default provider resource is ${st.providerResourceCompactBytes} B for the stack.`;
  if (!st.met) {
    const fixed = e.total - inputs - outputs;
    const o = st.oneEntryOutputs;
    const computed = ["pageId", "pageName", "ownedFields", "tokenFingerprint", "tokenSource"];
    const declaredOutputs = Object.entries(o)
      .filter(([k]) => !computed.includes(k))
      .reduce((a, [, v]) => a + v, 0);
    const saved = declaredOutputs + 2 * token + e.engineProvenance;
    text +=
      ` nativeStateBytesPerResource missed by ${st.value - limit} B (${pct(st.value / limit - 1)}). ` +
      `Why: a full profile (every field, two locales) is itself about ${inputs} B of JSON, and the engine stores it twice, as inputs and as outputs; the outputs alone and the engine's own fields (${fixed} B) make ${outputs + fixed} B. ` +
      `What would close it: outputs without the declared fields (only what the provider computes: ${computed.join(", ")}) would save about ${declaredOutputs} B of an entry, at the cost of reading the declared profile from inputs on refresh and import; ` +
      `a token from provider config instead of an input another ${2 * token} B; the stack trace and source position (${e.engineProvenance} B) are the Node SDK's, with no setting to turn them off. ` +
      `All three together would leave about ${st.value - saved} B per profile.`;
  }
  return text;
}

/** The note of the Node SDK's two figures (either may be missing from an older results.json). */
export function nativeNote(r: ReportInput): string | undefined {
  const up = r.nativeProfileUp50;
  const st = r.nativeStateBytesPerResource;
  if (!up || !st) return undefined;
  return upText(up, r) + stateText(st);
}
