// docs/performance.md: how the benchmark runs, then this run's summary line, table and notes,
// formatted by Prettier (so that `prettier --check` passes on the generated file).
import { renderNativePhases } from "./native";
import { renderNotes } from "./notes";
import { measuredFigures, renderTable, type ReportInput } from "./table";

const METHOD = [
  "`npm run bench` measures Graph calls, overhead, scale, state size and refresh cost on the emulator and",
  "the real engine, and writes `bench/results.json` and this page. Every timing is a ratio against a baseline",
  "measured in the same run on the same machine (medians of at least 5 repetitions, with min and max). Each",
  "figure's goal is stated once, in `bench/goals.ts`; `results.json` and this page both read it.",
  "`npm run bench -- --quick` is a trial run with few repetitions, written to `bench/.work/quick/`.",
  "",
  "How it runs (about 3 minutes on 2 idle cores, plus one `npm install` the first time; `bench/run.ts`):",
  "",
  "- In-process micro-benchmarks (`bench/micro/`): the operation overhead compares the lifecycle with the",
  "  byte-identical requests sent by bare node-fetch over a keep-alive agent, interleaved call by call,",
  "  against an emulator in the same process.",
  "- Engine runs (`bench/engine/`) go through the Pulumi harness (`harness/`): the Pulumi CLI on a consumer",
  "  project that installs the package from its `npm pack` tarball (`bench/.work/consumer`, reinstalled only",
  "  when the packed code changes), so the provider is captured by reference as it is for users. One program",
  "  (`bench/program/index.ts`, compiled to JavaScript first so that no run pays for a TypeScript compile)",
  "  declares N resources, one Page each, tokens as inputs; stack config chooses N and whether they are",
  "  `MessengerAccountLinking` or no-op dynamic resources. State lives in a throwaway `file://` backend; the",
  "  emulator runs inside the benchmark process.",
  "- Baselines: `upRatio50` compares with the same up of 50 no-op dynamic resources, interleaved rep by rep;",
  "  `upScaling` compares with N = 1; the rate-limited up compares its wait with the window and its time",
  "  with the same up unlimited.",
  "- `calls` runs with the emulator's live-like limit (10 calls per 10 minutes per Page); the timed",
  "  runs lift it, except the rate-limited up, which uses 10 calls per 3 s window.",
  "- The refresh figures count the Graph GETs of `pulumi refresh --yes` and `pulumi up --refresh --yes`, as",
  "  a person types them (the CLI previews first) and with `--skip-preview` (as the Automation API runs them).",
  "- The profile figures run in process on an emulator of their own. `profileOpVsMessagingApis` times the",
  "  operations layer's set, get and delete of a full profile against messaging-api-messenger's, the same",
  "  request interleaved call by call. `profileSync` counts, from the emulator's request log, the calls of a",
  "  scripted sequence of profile edits (`bench/profile-sync/edits.ts`) made by our resource, by bottender's",
  "  profile sync (replayed, `bench/profile-sync/bottender.ts`) and by a naive re-post, each on a Page of its own.",
  "  `npm run bench -- --only profile` measures these two alone in a few seconds.",
  "- The plugin figures compare the two front doors of the same lifecycle: `pluginUp50` times a generated YAML",
  "  program declaring 50 `messenger:index:AccountLinking` (the provider plugin, found in the installed",
  "  package's `bin/`) against the TypeScript program's 50 `MessengerAccountLinking` (the dynamic resource),",
  "  interleaved rep by rep, tokens as inputs on both sides; `pluginStateBytesPerResource` measures the plugin",
  "  stack's export like `stateBytesPerResource`. `npm run bench -- --only plugin` measures these two alone.",
  "- The webhook figures run on the engine against a loopback callback receiver of the benchmark",
  "  (`bench/webhook-sync/receiver.ts`), which answers the emulator's verification of every subscription POST.",
  "  `webhookVsBottender` counts the calls of a scripted sequence of webhook edits made by `MessengerWebhook` and",
  "  `MessengerPageSubscription` (one `pulumi up` per step) and by bottender's `messenger webhook set` (replayed,",
  "  `bench/webhook-sync/bottender.ts`, on an emulator of its own), with fields merged and replaced by a POST; `botUp`",
  "  times a bot's whole set-up from empty against its profile alone; `webhookUp50` times 50 Page subscriptions and",
  "  their webhook against 50 no-op resources. `npm run bench -- --only webhook` measures these three alone.",
  "- The Node SDK's figures time a TypeScript program declaring 50 full `messenger.Profile`",
  "  (`bench/program/native.ts`, `pulumi-messenger/native`, the plugin named in its Pulumi.yaml) against the same",
  "  50 profiles through `MessengerProfile` and against 50 no-op dynamic resources, the three interleaved rep by",
  "  rep (the order rotated), every up checked for its Graph calls; then trace further ups of each with the engine's",
  "  OpenTelemetry spans (`bench/engine/trace.ts`) to say where the time goes. `nativeStateBytesPerResource` is",
  "  the SDK stack's stored checkpoint per profile. `npm run bench -- --only native` measures these two alone.",
  "- The figures are wall times on a shared machine: other load during a run shows in the min and max.",
].join("\n");

/** The summary line: when, where, how long, which source, and which goals were missed. */
function summaryLine(r: ReportInput): string {
  const m = r.machine;
  const minutes = Math.floor(r.totalWallSeconds / 60);
  const seconds = Math.round(r.totalWallSeconds - minutes * 60);
  const missed = measuredFigures(r)
    .filter((f) => !f.met)
    .map((f) => `\`${f.figure}\``);
  const edits = r.source.uncommittedSourceChanges;
  const separate = Object.entries(r.separateRuns ?? {});
  const separateText = separate.length
    ? `${separate.map(([f, run]) => `\`${f}\` (${run.generatedAt.slice(0, 10)}, source at ${run.source.commit.slice(0, 7)}, \`${run.command ?? "npm run bench -- --only profile --merge"}\`)`).join(", ")} measured by a run of their own. `
    : "";
  return (
    `Measured ${r.generatedAt.slice(0, 10)} on ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, Pulumi ${m.pulumi}, in ${minutes} min ${seconds} s (\`npm run bench\`, after the build), ` +
    `source at ${r.source.commit.slice(0, 7)}${edits.length ? ` with uncommitted edits to ${edits.map((f) => `\`${f}\``).join(", ")}` : ""}. ` +
    separateText +
    `Timings are medians of ${r.repetitions.scaling} ups per size (${r.repetitions.opOverhead} × ${r.repetitions.opIterations} calls per operation for the overhead, ${r.repetitions.rateLimited} rate-limited ups) with [min–max]. ` +
    (missed.length ? `Goals missed: ${missed.join(", ")} (see the notes).` : "Every goal met.")
  );
}

/** The results part: summary line, table, notes. */
export function renderResults(r: ReportInput): string {
  const phases = renderNativePhases(r);
  return [summaryLine(r), "", renderTable(r), "", renderNotes(r), ...(phases ? ["", phases] : [])].join("\n");
}

/** The whole of docs/performance.md, formatted. */
export async function renderDocument(r: ReportInput): Promise<string> {
  const text = [
    "# Performance",
    "",
    "<!-- Written by `npm run bench` from bench/results.json; edit bench/report/, not this file. -->",
    "",
    METHOD,
    "",
    "## Results",
    "",
    renderResults(r),
    "",
  ].join("\n");
  // Loaded here, not at the top: Prettier cannot even load under jest, which tests the rest.
  const prettier = await import("prettier");
  return prettier.format(text, { parser: "markdown", printWidth: 120 });
}
