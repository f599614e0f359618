/**
 * The reliability report, reports/reliability.json (git-ignored): every reliability scenario's
 * category, name and outcome, with counts by category.
 *
 * Each test file records its scenarios and, when it finishes, writes its partial file under
 * reports/.work/reliability/partials/<suite>.json (replacing that suite's previous one), then merges
 * every suite's latest partial into reports/reliability.json. The lifecycle-level suites run in
 * `npm test`, the engine-level suite in `npm run test:e2e`; each run regenerates its own suites'
 * rows, and each suite's row says when it ran. Nothing under reports/ is tracked, so a test run
 * leaves the working tree clean.
 */
import * as fs from "fs";
import * as path from "path";
import { SEED } from "./prng";
import { secrets, type ScanResult } from "./secret-scan";

/** Outcome of one scenario. */
export type Outcome = "pass" | "fail";

/** The resource a scenario exercises (the report counts rows by resource). */
export type ReportedResource =
  "MessengerAccountLinking" | "MessengerProfile" | "MessengerWebhook" | "MessengerPageSubscription";

/** The resource of rows that name none (every row written before `MessengerProfile` existed). */
export const DEFAULT_RESOURCE: ReportedResource = "MessengerAccountLinking";
/**
 * Which front door of the lifecycle a scenario goes through: the dynamic resources (TypeScript
 * programs; also the lifecycle-level suites, which configure the lifecycle as the dynamic-provider host
 * does) or the provider plugin (`pulumi-resource-messenger`, here from YAML programs).
 */
export type FrontDoor = "dynamic" | "plugin";

/** One scenario as reported. */
export interface ScenarioRecord {
  readonly resource: ReportedResource;
  readonly category: string;
  readonly frontDoor: FrontDoor;
  readonly name: string;
  readonly outcome: Outcome;
  readonly durationMs: number;
  /** What the scenario expected and observed. */
  readonly details?: Record<string, unknown>;
  /** Secret scan of everything the scenario produced. */
  readonly secretScan?: {
    readonly texts: number;
    readonly chars: number;
    readonly secrets: number;
    readonly occurrences: number;
  };
  /** The failure, scrubbed of secrets. */
  readonly error?: string;
}

interface Partial {
  readonly suite: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly notes: string[];
  readonly scenarios: ScenarioRecord[];
}

/** Where test runs write what they produce (git-ignored). */
const REPORTS_DIR = path.resolve(__dirname, "..", "..", "reports");
/** Where the reliability report is written. */
export const REPORT_PATH = path.join(REPORTS_DIR, "reliability.json");
/** Scratch space of the suite (git-ignored). */
export const WORK_DIR = path.join(REPORTS_DIR, ".work", "reliability");
const PARTIALS = path.join(WORK_DIR, "partials");

/** What a scenario body returns: details for the report, and optionally its secret scan. */
export interface ScenarioResult {
  readonly details?: Record<string, unknown>;
  readonly scan?: ScanResult;
}

const records: ScenarioRecord[] = [];
const notes: string[] = [];
let suiteName = "unnamed";
let suiteResource: ReportedResource = DEFAULT_RESOURCE;
let suiteFrontDoor: FrontDoor = "dynamic";
let startedAt = Date.now();

/** Adds a free-text note to the report (e.g. how the concurrency scenario was run). */
export function note(text: string): void {
  notes.push(text);
}

/**
 * Registers the report hooks of one test file. Call once at the top of the file.
 *
 * @param suite - the suite's name (its partial file's name)
 * @param options - the resource of the file's rows, unless a row names its own (a resource name is
 *   the same as `{ resource }`), and the front door of every row (default `"dynamic"`)
 */
export function useReport(
  suite: string,
  options: ReportedResource | { readonly resource?: ReportedResource; readonly frontDoor?: FrontDoor } = {},
): void {
  const o = typeof options === "string" ? { resource: options } : options;
  suiteName = suite;
  suiteResource = o.resource ?? DEFAULT_RESOURCE;
  suiteFrontDoor = o.frontDoor ?? "dynamic";
  beforeAll(() => {
    startedAt = Date.now();
  });
  afterAll(() => {
    writePartialAndMerge();
  });
}

/**
 * A jest test that is also a report row: the row passes when the body resolves and fails (with
 * the scrubbed error) when it throws; the jest test fails in the same way.
 *
 * @param category - the row's category, e.g. `fault-matrix/lifecycle`
 * @param name - the row's name (the jest test's name)
 * @param body - the scenario
 * @param timeoutMs - the jest timeout
 * @param resource - the resource the row exercises (default: the file's, see {@link useReport})
 */
export function scenario(
  category: string,
  name: string,
  body: () => Promise<ScenarioResult | void>,
  timeoutMs?: number,
  resource?: ReportedResource,
): void {
  test(
    name,
    async () => {
      const t0 = Date.now();
      const record = (outcome: Outcome, found: ScenarioResult, error?: string) =>
        records.push({
          resource: resource ?? suiteResource,
          category,
          frontDoor: suiteFrontDoor,
          name,
          outcome,
          durationMs: Date.now() - t0,
          ...(found.details ? { details: scrubDeep(found.details) as Record<string, unknown> } : {}),
          ...(found.scan ? { secretScan: scanSummary(found.scan) } : {}),
          ...(error !== undefined ? { error } : {}),
        });
      try {
        record("pass", (await body()) ?? {});
      } catch (e) {
        const attached = (e as { scenarioDetails?: Record<string, unknown>; scan?: ScanResult }) ?? {};
        record(
          "fail",
          { details: attached.scenarioDetails, scan: attached.scan },
          secrets.scrub(e instanceof Error ? e.message : String(e)).slice(0, 4000),
        );
        throw e;
      }
    },
    timeoutMs,
  );
}

function scanSummary(scan: ScanResult): ScenarioRecord["secretScan"] {
  return { texts: scan.texts, chars: scan.chars, secrets: scan.secrets, occurrences: scan.hits.length };
}

function scrubDeep(v: unknown): unknown {
  if (typeof v === "string") return secrets.scrub(v);
  if (Array.isArray(v)) return v.map(scrubDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubDeep(x)]));
  return v;
}

function writePartialAndMerge(): void {
  fs.mkdirSync(PARTIALS, { recursive: true });
  const partial: Partial = { suite: suiteName, startedAt, finishedAt: Date.now(), notes, scenarios: records };
  const file = path.join(PARTIALS, `${suiteName}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(partial, null, 2));
  fs.renameSync(`${file}.tmp`, file);

  const mine: Partial[] = [];
  for (const f of fs.readdirSync(PARTIALS)) {
    const full = path.join(PARTIALS, f);
    if (!f.endsWith(".json")) continue;
    try {
      mine.push(JSON.parse(fs.readFileSync(full, "utf8")) as Partial);
    } catch {
      // another worker is writing it: its own afterAll will merge again
    }
  }
  mine.sort((a, b) => a.startedAt - b.startedAt);
  // Partials written before rows named their resource are account linking rows.
  const scenarios = mine.flatMap((p) => p.scenarios.map((s) => ({ ...s, resource: s.resource ?? DEFAULT_RESOURCE })));
  type Count = { total: number; passed: number; failed: number };
  const tally = (into: Record<string, Count>, key: string, s: ScenarioRecord) => {
    const c = (into[key] ??= { total: 0, passed: 0, failed: 0 });
    c.total++;
    if (s.outcome === "pass") c.passed++;
    else c.failed++;
  };
  const byCategory: Record<string, Count> = {};
  const byResource: Record<string, Count & { byCategory: Record<string, Count> }> = {};
  for (const s of scenarios) {
    tally(byCategory, s.category, s);
    const r = (byResource[s.resource] ??= { total: 0, passed: 0, failed: 0, byCategory: {} });
    tally(byResource, s.resource, s);
    tally(r.byCategory, s.category, s);
  }
  const byFrontDoor: Record<string, { total: number; passed: number; failed: number }> = {};
  for (const s of scenarios) {
    // Rows written before the field existed went through the dynamic resources.
    const c = (byFrontDoor[s.frontDoor ?? "dynamic"] ??= { total: 0, passed: 0, failed: 0 });
    c.total++;
    if (s.outcome === "pass") c.passed++;
    else c.failed++;
  }
  const scanned = scenarios.filter((s) => s.secretScan);
  const report = {
    generatedAt: new Date().toISOString(),
    seed: SEED,
    suites: mine.map((p) => ({
      suite: p.suite,
      ranAt: new Date(p.finishedAt).toISOString(),
      durationMs: p.finishedAt - p.startedAt,
      scenarios: p.scenarios.length,
    })),
    counts: {
      total: scenarios.length,
      passed: scenarios.filter((s) => s.outcome === "pass").length,
      failed: scenarios.filter((s) => s.outcome === "fail").length,
      byCategory,
      byResource,
      byFrontDoor,
    },
    secretScan: {
      scenariosScanned: scanned.length,
      textsScanned: scanned.reduce((n, s) => n + (s.secretScan?.texts ?? 0), 0),
      charsScanned: scanned.reduce((n, s) => n + (s.secretScan?.chars ?? 0), 0),
      occurrences: scanned.reduce((n, s) => n + (s.secretScan?.occurrences ?? 0), 0),
      byResource: Object.fromEntries(
        Object.keys(byResource).map((r) => {
          const mineScanned = scanned.filter((s) => s.resource === r);
          return [
            r,
            {
              scenariosScanned: mineScanned.length,
              occurrences: mineScanned.reduce((n, s) => n + (s.secretScan?.occurrences ?? 0), 0),
            },
          ];
        }),
      ),
    },
    notes: mine.flatMap((p) => p.notes.map((n) => `[${p.suite}] ${n}`)),
    scenarios,
  };
  fs.writeFileSync(`${REPORT_PATH}.tmp`, JSON.stringify(report, null, 2) + "\n");
  fs.renameSync(`${REPORT_PATH}.tmp`, REPORT_PATH);
}

/** Attaches report details (and a scan) to an error thrown by a scenario body. */
export function withDetails(e: unknown, details: Record<string, unknown>, scan?: ScanResult): unknown {
  if (e && typeof e === "object") Object.assign(e, { scenarioDetails: details, ...(scan ? { scan } : {}) });
  return e;
}
