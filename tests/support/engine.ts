/**
 * What the engine suites share on top of the harness: sessions closed after the file, program
 * tests whose steps are jest tests, the exact Graph requests the provider must send, and scans of
 * everything the engine printed and stored.
 */
import * as fs from "fs";
import * as path from "path";
import type { LoggedRequest, PageSeed } from "../../emulator";
import {
  Harness,
  buildConsumerProject,
  copyProgram,
  filesUnder,
  readIfStillThere,
  normalizeQuery,
  packCompat,
  startProgramTest,
  type CommandOutput,
  type HarnessOptions,
  type HarnessStack,
  type StepOutcome,
  type ProgramRun,
  type ProgramStep,
  type ProgramTestOptions,
  type StateResource,
} from "../../harness";

/** Type token of the resource in state. */
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerAccountLinking";

/** The environment variable in which the e2e global set-up names the run's work directory. */
export const WORK_DIR_ENV = "HARNESS_E2E_WORK_DIR";

/** The run's work directory (made by the global set-up, removed by the global teardown). */
export function workDir(): string {
  const dir = process.env[WORK_DIR_ENV];
  if (!dir || !fs.existsSync(dir)) throw new Error("no e2e work directory: run the suite with jest.e2e.config.js");
  return dir;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A consumer project of this run (the package installed from its `npm pack` tarball), built by the
 * first test file that asks for it and shared by the others (jest workers wait on a lock):
 *
 * - `fresh`: a new user's project, the package alone;
 * - `upgraded`: a project upgraded from 0.1.x, which keeps the compatibility package of the first
 *   name (`compat/pulumi-messenger-account-linking`, from its own tarball) beside the package, so
 *   that state recorded by 0.1.x resolves.
 */
export async function consumerProject(
  variant: "fresh" | "upgraded" = "fresh",
): Promise<{ readonly dir: string; readonly tarball: string }> {
  const root = workDir();
  const name = variant === "fresh" ? "consumer" : "consumer-upgraded";
  const ready = path.join(root, `${name}-ready.json`);
  const lock = path.join(root, `${name}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      await sleep(500);
    }
  }
  try {
    if (!fs.existsSync(ready)) {
      const dir = path.join(root, name);
      const dependencies: Record<string, string> = {};
      if (variant === "upgraded") {
        const compat = await packCompat(path.join(root, "pack-compat"));
        dependencies["pulumi-messenger-account-linking"] = `file:${path.relative(dir, compat)}`;
      }
      const project = await buildConsumerProject({ dir, name: "messenger-e2e-consumer", dependencies });
      fs.writeFileSync(ready, JSON.stringify({ dir: project.dir, tarball: project.tarball.file }));
    }
    return JSON.parse(fs.readFileSync(ready, "utf8")) as { dir: string; tarball: string };
  } finally {
    fs.rmdirSync(lock);
  }
}

/**
 * Copies a program into a consumer project, in a subfolder of its own (it resolves the
 * project's `node_modules`), and returns the copy's directory.
 */
export async function consumerProgram(
  from: string,
  subdir: string,
  variant: "fresh" | "upgraded" = "fresh",
): Promise<string> {
  const { dir } = await consumerProject(variant);
  return copyProgram(from, path.join(dir, subdir)).dir;
}

/** Type token of the profile resource in state. */
export const PROFILE_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerProfile";

/** Type tokens of the provider plugin's resources in state. */
export const PLUGIN_TYPES = ["messenger:index:AccountLinking", "messenger:index:Profile"] as const;

/**
 * Every resource of this package in a deployment (raw or exported): account linkings and profiles,
 * dynamic or through the provider plugin.
 */
export function messengerResources(resources: readonly StateResource[] | undefined): StateResource[] {
  return (resources ?? []).filter(
    (r) => r.type === RESOURCE_TYPE || r.type === PROFILE_TYPE || (PLUGIN_TYPES as readonly string[]).includes(r.type),
  );
}

/** The MessengerProfile resources of a deployment (raw or exported). */
export function profileResources(resources: readonly StateResource[] | undefined): StateResource[] {
  return (resources ?? []).filter((r) => r.type === PROFILE_TYPE);
}

/** The MessengerAccountLinking resources of a deployment (raw or exported). */
export function linkResources(resources: readonly StateResource[] | undefined): StateResource[] {
  return (resources ?? []).filter((r) => r.type === RESOURCE_TYPE);
}

/** The one MessengerAccountLinking in a stack's raw state file. */
export function rawLink(stack: HarnessStack): StateResource {
  const links = linkResources(stack.rawResources());
  if (links.length !== 1) throw new Error(`expected one MessengerAccountLinking in state, found ${links.length}`);
  return links[0];
}

/** How many times `needle` occurs in `text`. */
export function countOccurrences(text: string, needle: string): number {
  if (needle === "") throw new Error("empty needle");
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Files under `dir` that contain `needle`, with counts (only files with at least one). */
export function occurrencesIn(dir: string, needle: string): Array<{ file: string; count: number }> {
  return filesUnder(dir)
    .map((file) => ({ file, count: countOccurrences(readIfStillThere(file) ?? "", needle) }))
    .filter((x) => x.count > 0);
}

/** Harness sessions of one test file, closed (tables printed) after it. */
export class Sessions {
  /** Every session opened so far. */
  readonly all: Harness[] = [];

  /** Opens a session: an emulator with these Pages, a backend, the provider's debug log on. */
  async open(label: string, pages: readonly PageSeed[], options: Partial<HarnessOptions> = {}): Promise<Harness> {
    const h = await Harness.start({ label, providerDebug: true, ...options, emulator: { pages, ...options.emulator } });
    this.all.push(h);
    return h;
  }

  /** Output of every command of every session. */
  outputs(): CommandOutput[] {
    return this.all.flatMap((h) => h.outputs);
  }

  /** Closes every session and prints their call tables. */
  async close(title: string): Promise<void> {
    const tables = await Promise.all(this.all.map((h) => h.close(`${title}: ${h.label}`)));
    console.log(tables.join("\n\n"));
  }
}

/** Sessions closed in the file's afterAll. */
export function useSessions(title: string): Sessions {
  const sessions = new Sessions();
  afterAll(() => sessions.close(title));
  return sessions;
}

/** A program test step that is also a jest test. */
export interface TestStep extends ProgramStep {
  /** The jest test's title. */
  readonly title: string;
}

/**
 * A program test whose steps are jest tests: {@link StepSuite.start} (from a beforeAll, so that
 * independent suites run concurrently) opens its session and starts the steps; the test of each
 * step awaits it. The steps are built at once; their callbacks read {@link StepSuite.harness}
 * when they run.
 */
export class StepSuite {
  /** The session, once started. */
  harness!: Harness;
  /** The running program test, once started. */
  run!: ProgramRun;
  /** The steps. */
  readonly steps: readonly TestStep[];

  constructor(
    private readonly o: {
      readonly label: string;
      readonly pages: readonly PageSeed[];
      readonly test: () => Omit<ProgramTestOptions, "steps">;
      readonly steps: (suite: StepSuite) => TestStep[];
    },
  ) {
    this.steps = o.steps(this);
  }

  /** The suite's label (its session's). */
  get label(): string {
    return this.o.label;
  }

  /** The session's emulator. */
  get emu(): Harness["emu"] {
    return this.harness.emu;
  }

  /** Opens the session and starts the steps (returns at once). */
  async start(sessions: Sessions): Promise<void> {
    this.harness = await sessions.open(this.o.label, this.o.pages);
    this.run = startProgramTest(this.harness, { ...this.o.test(), steps: this.steps });
  }

  /** Registers one jest test per step (inside the caller's describe). */
  tests(): void {
    for (const s of this.steps)
      test(s.title, async () => {
        await this.run.step(s.name);
      });
  }
}

/** An exact request, as the emulator logs it. */
export interface ExpectedRequest {
  readonly method: string;
  readonly path: string;
  /** The query string; token and proof values are compared as `[REDACTED]`, see {@link expectExactRequest}. */
  readonly rawQuery: string;
  readonly body: string;
  /** The Page the token must authenticate. */
  readonly pageId: string;
}

/**
 * The exact requests the provider must send for a Page, written out once: `GET /me` (any version)
 * and the three Messenger Profile API calls (v25.0, the default).
 */
export const want = {
  me: (page: PageSeed, version = "v25.0"): ExpectedRequest => ({
    method: "GET",
    path: `/${version}/me`,
    rawQuery: `fields=id,name&access_token=${page.token}`,
    body: "",
    pageId: page.id,
  }),
  profileSet: (page: PageSeed, url: string): ExpectedRequest => ({
    method: "POST",
    path: "/v25.0/me/messenger_profile",
    rawQuery: `access_token=${page.token}`,
    body: `{"account_linking_url":"${url}"}`,
    pageId: page.id,
  }),
  profileGet: (page: PageSeed): ExpectedRequest => ({
    method: "GET",
    path: "/v25.0/me/messenger_profile",
    rawQuery: `fields=account_linking_url&access_token=${page.token}`,
    body: "",
    pageId: page.id,
  }),
  profileDelete: (page: PageSeed): ExpectedRequest => ({
    method: "DELETE",
    path: "/v25.0/me/messenger_profile",
    rawQuery: `access_token=${page.token}`,
    body: `{"fields":["account_linking_url"]}`,
    pageId: page.id,
  }),
};

/** A request to the Graph API of a step (Graph v25.0), with the Page's token. */
export function graphCall(
  page: PageSeed,
  method: "GET" | "POST" | "DELETE",
  route: string,
  o: { readonly body?: unknown; readonly query?: string } = {},
): ExpectedRequest {
  return {
    method,
    path: `/v25.0${route}`,
    rawQuery: [...(o.query === undefined ? [] : [o.query]), `access_token=${page.token}`].join("&"),
    body: o.body === undefined ? "" : JSON.stringify(o.body),
    pageId: page.id,
  };
}

/** A step check: the step's calls are exactly these requests (method, path, query, body, Page), in any order. */
export function exactRequests(...expected: ExpectedRequest[]) {
  return (calls: readonly LoggedRequest[]): void => {
    const key = (c: { method: string; path: string; rawQuery: string; body: string; pageId?: string }) =>
      `${c.method} ${c.path}?${c.rawQuery.replace(/access_token=[^&]*/, "access_token")} ${c.pageId} ${c.body}`;
    expect(calls.map(key).sort()).toEqual(expected.map(key).sort());
    for (const w of expected)
      expectExactRequest(
        calls.find((c) => key(c) === key(w)),
        w,
      );
  };
}

/** This package's resource named `name` in a stack's raw state. */
export function resourceNamed(stack: HarnessStack, name: string): StateResource {
  const r = messengerResources(stack.rawResources()).find((x) => x.urn.endsWith(`::${name}`));
  if (r === undefined) throw new Error(`no resource "${name}" in state`);
  return r;
}

/**
 * Asserts that `r` is exactly this request, answered 200. The values of `access_token` and
 * `appsecret_proof` are compared normalized to `[REDACTED]` (the emulator may log them either way);
 * the token is pinned by `pageId`, the Page it authenticated. A body logged as a bounded prefix
 * plus `bodyBytes` must be a prefix of the expected body, of the expected length.
 */
export function expectExactRequest(r: LoggedRequest | undefined, w: ExpectedRequest): void {
  expect(r).toBeDefined();
  const logged = r as LoggedRequest & { readonly bodyBytes?: number };
  const body =
    logged.bodyBytes === undefined
      ? logged.body
      : logged.bodyBytes === Buffer.byteLength(w.body) && w.body.startsWith(logged.body)
        ? w.body
        : `${logged.body}… (${logged.bodyBytes} bytes)`;
  expect({
    method: logged.method,
    path: logged.path,
    rawQuery: normalizeQuery(logged.rawQuery),
    body,
    status: logged.status,
    pageId: logged.pageId,
  }).toEqual({
    method: w.method,
    path: w.path,
    rawQuery: normalizeQuery(w.rawQuery),
    body: w.body,
    status: 200,
    pageId: w.pageId,
  });
  if (w.body !== "") expect(logged.contentType).toMatch(/^application\/json/);
}

/** `METHOD /path pageId` of each call, to compare sequences. */
export function callLines(calls: readonly LoggedRequest[]): string[] {
  return calls.map((c) => `${c.method} ${c.path} ${c.pageId}`);
}

/**
 * Registers the scan of every command's output for every Page token (run it last): the scan must
 * have seen real output (at least `minCommands` commands, with the provider's own log lines and
 * the resource type `resourceType`).
 */
export function cliOutputScan(
  outputs: () => CommandOutput[],
  tokens: () => readonly string[],
  minCommands: number,
  resourceType = "messenger:MessengerAccountLinking",
): void {
  test("no Page token in the output of any preview, up, refresh or destroy", () => {
    const all = outputs();
    expect(all.length).toBeGreaterThanOrEqual(minCommands);
    const text = all.map((o) => o.text).join("\n");
    expect(text).toContain(resourceType);
    expect(text).toContain("[messenger] POST /v25.0/me/messenger_profile attempt 1: HTTP 200");
    const leaks = tokens().flatMap((token) =>
      all
        .filter((o) => o.text.includes(token))
        .map((o) => `${o.stack} ${o.step}: ${countOccurrences(o.text, token)}× a Page token`),
    );
    expect(leaks).toEqual([]);
  });
}

/**
 * A step that must fail with `message` before any request, leaving no resource in state (a conflict
 * between resources of one program).
 */
export function conflictStep(
  title: string,
  name: string,
  op: "preview" | "up",
  config: Record<string, string>,
  message: RegExp,
): StepSuite["steps"][number] {
  return {
    title,
    name,
    op,
    config,
    fails: message,
    calls: 0,
    validate: (r: StepOutcome, stack) => {
      expect(r.error?.message).toMatch(message);
      expect(messengerResources(stack.rawResources())).toEqual([]);
    },
  };
}
