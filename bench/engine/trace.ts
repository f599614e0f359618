// Where the time of one `pulumi up` goes, read from the engine's OpenTelemetry spans
// (`pulumi up --otel-traces file://…`: one JSON object per line, OTLP's JSON encoding). Only the
// CLI's own spans are read (service `pulumi-cli`): its gRPC calls to the language host and to the
// resource provider, its plugin launches and its checkpoint writes. The up is cut at points of its
// timeline into phases that follow one another (they add up to the traced span), and the
// provider's per-resource RPCs are summarized beside them. Nothing of a span is kept but its name,
// times and the kind of plugin launched (the spans also hold paths and gRPC payloads).
import * as fs from "fs";
import { median } from "../stats";

/** One span, in the fields read here. */
interface Span {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** `kind` attribute of a `newPlugin` span: `language` or `resource`. */
  readonly pluginKind?: string;
}

/** The parts of OTLP's JSON encoding read here. */
interface OtlpLine {
  readonly resourceSpans?: readonly {
    readonly resource?: { readonly attributes?: readonly OtlpAttribute[] };
    readonly scopeSpans?: readonly {
      readonly spans?: readonly {
        readonly name: string;
        readonly startTimeUnixNano: string;
        readonly endTimeUnixNano: string;
        readonly attributes?: readonly OtlpAttribute[];
      }[];
    }[];
  }[];
}

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string };
}

const CLI_SERVICE = "pulumi-cli";

function attribute(attrs: readonly OtlpAttribute[] | undefined, key: string): string | undefined {
  return attrs?.find((a) => a.key === key)?.value.stringValue;
}

/** The CLI's spans of a trace file, times in ms from the first span's start. */
function readCliSpans(file: string): Span[] {
  const spans: Span[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    for (const rs of (JSON.parse(line) as OtlpLine).resourceSpans ?? []) {
      if (attribute(rs.resource?.attributes, "service.name") !== CLI_SERVICE) continue;
      for (const ss of rs.scopeSpans ?? [])
        for (const s of ss.spans ?? [])
          spans.push({
            name: s.name,
            start: Number(BigInt(s.startTimeUnixNano) / 1000n) / 1000,
            end: Number(BigInt(s.endTimeUnixNano) / 1000n) / 1000,
            pluginKind: s.name === "newPlugin" ? attribute(s.attributes, "kind") : undefined,
          });
    }
  }
  if (spans.length === 0) throw new Error(`${file}: no span of the CLI`);
  const t0 = Math.min(...spans.map((s) => s.start));
  return spans.map((s) => ({ ...s, start: s.start - t0, end: s.end - t0 }));
}

/** The phases of one traced up, in ms, in the order they follow one another. */
export interface UpPhaseTimes {
  /** CLI start to the program's run (the stack's checkpoint read, the language host launched). */
  readonly cliStart: number;
  /** The program's run to its stack resource registered (Node started, `@pulumi/pulumi` loaded). */
  readonly programStart: number;
  /** Stack registered to the first resource registered (the program's own modules and its first resource built). */
  readonly programFirstResource: number;
  /**
   * First resource registered to the provider's first Check: the engine launches the resource
   * provider (the messenger plugin, or the dynamic-provider host) and configures it, while the
   * program's other registrations arrive.
   */
  readonly providerStart: number;
  /** The provider's first Check to its last Create answered: the resources' steps. */
  readonly steps: number;
  /** Last Create answered to the end of the CLI's trace (registrations answered, program exit, last checkpoint). */
  readonly finish: number;
}

/** What one traced up says, in ms. */
export interface TracedUp {
  /** The phases, which add up to `tracedMs`. */
  readonly phases: UpPhaseTimes;
  /** From the CLI's first span to its last. */
  readonly tracedMs: number;
  /** The resource provider's launch alone (`newPlugin`: spawn to its gRPC port), inside `providerStart`. */
  readonly providerLaunchMs: number;
  /** Last resource registered by the program, from the stack's registration (the program's declaring time). */
  readonly programDeclareMs: number;
  /**
   * Mean time between one Check call's start and the next (first to last / n − 1): the engine takes
   * the registrations one after another, each Check inside its turn, so this paces the steps.
   */
  readonly checkPaceMs: number;
  /** Check calls that started before the one before them ended (0: the engine made them one at a time). */
  readonly overlappingChecks: number;
  /** Median duration of the provider's Check calls, as the engine waits for them. */
  readonly checkRpcMedianMs: number;
  /** Median duration of the provider's Create calls (the Graph calls included), as the engine waits for them. */
  readonly createRpcMedianMs: number;
  /** Checkpoint writes (`blob.NewWriter` spans) during the up. */
  readonly checkpointWrites: number;
  /** Their total time, and of the copies the backend makes of the checkpoint (`blob.Copy`): the engine waits for them in turn. */
  readonly checkpointWriteMs: number;
}

function only(spans: readonly Span[], name: string, file: string): Span {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`${file}: expected one ${name} span, found ${found.length}`);
  return found[0];
}

function named(spans: readonly Span[], name: string, want: number, file: string): Span[] {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== want) throw new Error(`${file}: expected ${want} ${name} spans, found ${found.length}`);
  return found;
}

/** Reads the trace of an up that created `n` resources of one provider (the stack registered first). */
export function readTracedUp(file: string, n: number): TracedUp {
  const spans = readCliSpans(file);
  const root = only(spans, "pulumi", file);
  const run = only(spans, "pulumirpc.LanguageRuntime/Run", file);
  const registrations = named(spans, "pulumirpc.ResourceMonitor/RegisterResource", n + 1, file)
    .map((s) => s.start)
    .sort((a, b) => a - b);
  const launches = spans.filter((s) => s.name === "newPlugin" && s.pluginKind === "resource");
  if (launches.length !== 1) throw new Error(`${file}: expected one resource plugin launch, found ${launches.length}`);
  const checks = named(spans, "pulumirpc.ResourceProvider/Check", n, file);
  const creates = named(spans, "pulumirpc.ResourceProvider/Create", n, file);
  const stack = registrations[0];
  const firstResource = registrations[1];
  const byStart = [...checks].sort((a, b) => a.start - b.start);
  const firstCheck = byStart[0].start;
  const lastCheck = byStart[byStart.length - 1].start;
  const overlappingChecks = byStart.filter((s, i) => i > 0 && s.start < byStart[i - 1].end).length;
  const lastCreate = Math.max(...creates.map((s) => s.end));
  const writes = spans.filter((s) => s.name === "gocloud.dev/blob.NewWriter");
  const copies = spans.filter((s) => s.name === "gocloud.dev/blob.Copy");
  const ms = (s: Span) => s.end - s.start;
  return {
    phases: {
      cliStart: run.start - root.start,
      programStart: stack - run.start,
      programFirstResource: firstResource - stack,
      providerStart: firstCheck - firstResource,
      steps: lastCreate - firstCheck,
      finish: root.end - lastCreate,
    },
    tracedMs: ms(root),
    providerLaunchMs: ms(launches[0]),
    programDeclareMs: registrations[n] - stack,
    checkPaceMs: n > 1 ? (lastCheck - firstCheck) / (n - 1) : 0,
    overlappingChecks,
    checkRpcMedianMs: median(checks.map(ms)),
    createRpcMedianMs: median(creates.map(ms)),
    checkpointWrites: writes.length,
    checkpointWriteMs: [...writes, ...copies].reduce((a, s) => a + ms(s), 0),
  };
}
