/**
 * Shared helpers of the end-to-end suite: the real Pulumi engine (Automation API, file:// backend,
 * passphrase secrets) driving a Pulumi program whose provider talks to the Graph API emulator that
 * runs inside the jest process.
 *
 * Two set-ups use them: a consumer project that installs the package from its `npm pack` tarball,
 * and this repository's root `Pulumi.yaml` program (examples/basic).
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import {
  LocalWorkspace,
  type ConfigMap,
  type DestroyResult,
  type OpMap,
  type OutputMap,
  type PreviewResult,
  type RefreshResult,
  type Stack,
  type UpResult,
} from "@pulumi/pulumi/automation";
import { startEmulator, type Emulator, type LoggedRequest, type PageSeed } from "../../emulator";

const execFileAsync = promisify(execFile);

/** The subset of scripts/engine.js the suite uses. */
interface EngineModule {
  readonly root: string;
  pinnedVersion(): string;
  pulumiBinDir(): string | undefined;
  missingEngineMessage(): string;
  engineEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const engine = require("../../scripts/engine") as EngineModule;

/** This repository's root. */
export const REPO_ROOT: string = engine.root;

/** The passphrase of every test stack's secrets (a test value, not a secret). */
export const PASSPHRASE = "e2e-test-passphrase-not-a-secret";

/** Type token of the resource in state. */
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerAccountLinking";

/** Pulumi's marker of a secret value in state. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Makes the pinned Pulumi engine the one the Automation API runs (PATH of this process, inherited
 * by every `pulumi` it spawns). Throws, and so fails the suite, when the engine is missing.
 * Also drops any MESSENGER_* variable of the caller's shell, so that only what a test configures
 * reaches the provider.
 *
 * @returns the engine's directory
 */
export function useEngine(): string {
  const dir = engine.pulumiBinDir();
  if (!dir) throw new Error(engine.missingEngineMessage());
  const env = engine.engineEnv();
  process.env.PATH = env.PATH;
  process.env.PULUMI_SKIP_UPDATE_CHECK = "true";
  for (const key of Object.keys(process.env)) if (key.startsWith("MESSENGER_")) delete process.env[key];
  return dir;
}

/** A fresh directory under the OS temp dir. */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `messenger-e2e-${label}-`));
}

/** Removes a directory tree, unless E2E_KEEP_TMP is set (for debugging). */
export function removeDir(dir: string | undefined): void {
  if (!dir || process.env.E2E_KEEP_TMP) return;
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
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
    .map((file) => ({ file, count: countOccurrences(fs.readFileSync(file, "latin1"), needle) }))
    .filter((x) => x.count > 0);
}

/** A file:// state backend and a Pulumi home in one temp dir. */
export class Backend {
  /** The backend's directory (PULUMI_BACKEND_URL = file://<stateDir>). */
  readonly stateDir: string;
  /** PULUMI_HOME of every command of this backend. */
  readonly pulumiHome: string;

  /** @param root - a directory this backend owns */
  constructor(readonly root: string) {
    this.stateDir = path.join(root, "state");
    this.pulumiHome = path.join(root, "pulumi-home");
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.mkdirSync(this.pulumiHome, { recursive: true });
  }

  /** Environment of every Automation API command against this backend. */
  envVars(): Record<string, string> {
    return {
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // The provider logs every HTTP attempt to stderr: more output for the secret scans to check.
      MESSENGER_DEBUG: "1",
    };
  }

  /** Every file the backend holds (current state, backups, history, checkpoints). */
  stateFiles(): string[] {
    return filesUnder(this.stateDir);
  }

  /** The current raw state file of a stack (what `pulumi` wrote, secrets still encrypted). */
  rawState(project: string, stack: string): RawCheckpoint {
    const file = path.join(this.stateDir, ".pulumi", "stacks", project, `${stack}.json`);
    return JSON.parse(fs.readFileSync(file, "utf8")) as RawCheckpoint;
  }
}

/** The parts of a raw state file the tests read. */
export interface RawCheckpoint {
  readonly checkpoint: { readonly latest?: { readonly resources?: StateResource[] } };
}

/** One resource in state. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** The MessengerAccountLinking resources of a deployment (raw or exported). */
export function linkResources(resources: readonly StateResource[] | undefined): StateResource[] {
  return (resources ?? []).filter((r) => r.type === RESOURCE_TYPE);
}

/** Whether `v` is Pulumi's encrypted secret envelope (`{sig, ciphertext}`). */
export function isCiphertextEnvelope(v: unknown): v is { ciphertext: string } {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    o[SECRET_SIG_KEY] === SECRET_SIG_VALUE &&
    typeof o.ciphertext === "string" &&
    o.ciphertext.length > 0 &&
    !("plaintext" in o)
  );
}

/** A Graph call, compactly: "GET /v25.0/me". */
export function describeCall(r: LoggedRequest): string {
  return `${r.method} ${r.path}`;
}

/** Calls grouped in order of first appearance: "20×GET /me, 20×POST /me/messenger_profile". */
export function summarizeCalls(calls: readonly LoggedRequest[]): string {
  if (calls.length === 0) return "-";
  const counts = new Map<string, number>();
  for (const c of calls) {
    const key = `${c.method} ${c.path.replace(/^\/v[\d.]+/, "")}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${n}×${k}` : k)).join(", ");
}

/** One row of the Graph-calls-per-step table. */
export interface StepRecord {
  readonly setup: string;
  readonly stack: string;
  readonly step: string;
  readonly calls: number;
  readonly detail: string;
  readonly changes: string;
  readonly seconds: number;
}

/** The Graph calls of every step, printed at the end of a test file. */
export class CallTable {
  readonly rows: StepRecord[] = [];

  /** Adds a row. */
  add(row: StepRecord): void {
    this.rows.push(row);
  }

  /** A fixed-width text table. */
  render(title: string): string {
    const head = ["set-up", "stack", "step", "Graph calls", "which", "engine summary", "s"];
    const body = this.rows.map((r) => [
      r.setup,
      r.stack,
      r.step,
      String(r.calls),
      r.detail,
      r.changes,
      r.seconds.toFixed(1),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
    return [title, line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
  }
}

/** Formats an engine change summary: "create 2", "same 1, update 1". */
export function formatChanges(ops: OpMap | undefined): string {
  const entries = Object.entries(ops ?? {}).filter(([, n]) => (n ?? 0) > 0);
  return entries.length === 0 ? "-" : entries.map(([k, n]) => `${k} ${n}`).join(", ");
}

/** Text a command printed (stdout and stderr), kept for the secret scan. */
export interface CliOutput {
  readonly stack: string;
  readonly step: string;
  readonly text: string;
}

/** What one set-up shares between its scenarios. */
export interface SetupContext {
  /** "consumer" or "repo-root". */
  readonly label: string;
  /** The Pulumi project directory. */
  readonly workDir: string;
  /** The Pulumi project name (namespace of its config keys, directory of its state). */
  readonly project: string;
  readonly backend: Backend;
  readonly emu: Emulator;
  readonly table: CallTable;
  /** Output of every command run so far. */
  readonly cliOutputs: CliOutput[];
  /** Stacks to clean up at the end. */
  readonly stacks: E2EStack[];
  /** Every Page token the emulator knows (none may ever be printed). */
  readonly tokens: readonly string[];
}

/** What {@link openSetup} needs to know about a set-up. */
export interface SetupOptions {
  readonly label: string;
  readonly workDir: string;
  readonly project: string;
  /** A directory the set-up's backend and Pulumi home live in. */
  readonly backendRoot: string;
  /** The emulator's Pages (their tokens are what the output scans look for). */
  readonly pages: readonly PageSeed[];
}

/** Starts an emulator with the set-up's Pages and returns the context its scenarios share. */
export async function openSetup(o: SetupOptions): Promise<SetupContext> {
  const emu = await startEmulator({ port: 0, pages: o.pages });
  return {
    label: o.label,
    workDir: o.workDir,
    project: o.project,
    backend: new Backend(o.backendRoot),
    emu,
    table: new CallTable(),
    cliOutputs: [],
    stacks: [],
    tokens: o.pages.map((p) => p.token),
  };
}

/** Destroys and removes what the set-up's stacks left, stops its emulator and prints its call table. */
export async function closeSetup(ctx: SetupContext | undefined, title: string): Promise<void> {
  if (!ctx) return;
  for (const s of ctx.stacks) await s.dispose();
  await ctx.emu.close();
  console.log(ctx.table.render(title));
}

/** A finished step: the engine's result and the Graph calls it made. */
export interface StepResult<R> {
  readonly result: R;
  readonly calls: LoggedRequest[];
  readonly output: string;
}

type ConfigInput = Record<string, string | { value: string; secret: boolean }>;

/** A stack of a set-up, whose every command is measured against the emulator. */
export class E2EStack {
  private constructor(
    readonly ctx: SetupContext,
    readonly stack: Stack,
    readonly workDir: string,
  ) {}

  /** The stack's name. */
  get name(): string {
    return this.stack.name;
  }

  /** Creates a stack in the set-up's project directory, with the emulator as Graph endpoint. */
  static async create(ctx: SetupContext, name: string, config: ConfigInput): Promise<E2EStack> {
    const stack = await LocalWorkspace.createStack(
      { stackName: name, workDir: ctx.workDir },
      { envVars: ctx.backend.envVars(), pulumiHome: ctx.backend.pulumiHome },
    );
    const s = new E2EStack(ctx, stack, ctx.workDir);
    ctx.stacks.push(s);
    await s.setConfig({ "messenger:graphApiUrl": ctx.emu.url, ...config });
    return s;
  }

  /** Selects an existing stack of the same backend from another copy of the project. */
  static async select(ctx: SetupContext, name: string, workDir: string): Promise<E2EStack> {
    const stack = await LocalWorkspace.selectStack(
      { stackName: name, workDir },
      { envVars: ctx.backend.envVars(), pulumiHome: ctx.backend.pulumiHome },
    );
    return new E2EStack(ctx, stack, workDir);
  }

  /** Sets config values (a string is plain; `{value, secret: true}` is encrypted). */
  async setConfig(values: ConfigInput): Promise<void> {
    const map: ConfigMap = {};
    for (const [k, v] of Object.entries(values)) map[k] = typeof v === "string" ? { value: v } : v;
    await this.stack.setAllConfig(map);
  }

  /** Removes a config key. */
  async removeConfig(key: string): Promise<void> {
    await this.stack.removeConfig(key);
  }

  /** `pulumi preview --diff` (the diff prints every property: more output for the secret scans). */
  preview(step: string): Promise<StepResult<PreviewResult>> {
    return this.run(
      step,
      (onOutput, onError) => this.stack.preview({ onOutput, onError, diff: true }),
      (r) => formatChanges(r.changeSummary),
    );
  }

  /** `pulumi up --yes --skip-preview --diff`. */
  up(step: string): Promise<StepResult<UpResult>> {
    return this.run(
      step,
      (onOutput, onError) => this.stack.up({ onOutput, onError, diff: true }),
      (r) => formatChanges(r.summary.resourceChanges),
    );
  }

  /** `pulumi refresh --yes`, running the program so that the stack outputs show what was read. */
  refresh(step: string): Promise<StepResult<RefreshResult>> {
    return this.run(
      step,
      (onOutput, onError) => this.stack.refresh({ onOutput, onError, runProgram: true }),
      (r) => formatChanges(r.summary.resourceChanges),
    );
  }

  /** `pulumi destroy --yes --skip-preview --diff`. */
  destroy(step: string): Promise<StepResult<DestroyResult>> {
    return this.run(
      step,
      (onOutput, onError) => this.stack.destroy({ onOutput, onError, diff: true }),
      (r) => formatChanges(r.summary.resourceChanges),
    );
  }

  /** Stack outputs as plain values. */
  async outputs(): Promise<Record<string, unknown>> {
    return plainOutputs(await this.stack.outputs());
  }

  /** `pulumi stack export --show-secrets` (decrypted). */
  async exportedResources(): Promise<StateResource[]> {
    const d = await this.stack.exportStack();
    return ((d.deployment as { resources?: StateResource[] }).resources ?? []) as StateResource[];
  }

  /** The whole exported deployment, as text. */
  async exportedText(): Promise<string> {
    return JSON.stringify(await this.stack.exportStack());
  }

  /** The stack's current raw state file, secrets still encrypted. */
  rawResources(): StateResource[] {
    return [...(this.ctx.backend.rawState(this.ctx.project, this.name).checkpoint.latest?.resources ?? [])];
  }

  /** The one MessengerAccountLinking in the raw state file. */
  rawLink(): StateResource {
    const links = linkResources(this.rawResources());
    if (links.length !== 1) throw new Error(`expected one MessengerAccountLinking in state, found ${links.length}`);
    return links[0];
  }

  /** Best-effort clean-up: destroy what is left, remove the stack and its config file. */
  async dispose(): Promise<void> {
    try {
      if (linkResources(this.rawResources()).length > 0) await this.stack.destroy();
    } catch {
      // best effort
    }
    try {
      await this.stack.workspace.removeStack(this.name, { force: true });
    } catch {
      // best effort
    }
    fs.rmSync(path.join(this.workDir, `Pulumi.${this.name}.yaml`), { force: true });
  }

  private async run<R extends { stdout: string; stderr: string }>(
    step: string,
    op: (onOutput: (s: string) => void, onError: (s: string) => void) => Promise<R>,
    changes: (r: R) => string,
  ): Promise<StepResult<R>> {
    const { emu, table, cliOutputs, label } = this.ctx;
    emu.clearRequests();
    let streamed = "";
    const started = Date.now();
    const record = (text: string) => cliOutputs.push({ stack: this.name, step, text });
    try {
      const result = await op(
        (s) => (streamed += s),
        (s) => (streamed += s),
      );
      const calls = emu.requests();
      const output = `${streamed}\n${result.stdout}\n${result.stderr}`;
      record(output);
      table.add({
        setup: label,
        stack: this.name,
        step,
        calls: calls.length,
        detail: summarizeCalls(calls),
        changes: changes(result),
        seconds: (Date.now() - started) / 1000,
      });
      return { result, calls, output };
    } catch (e) {
      record(`${streamed}\n${String((e as Error)?.message ?? e)}`);
      table.add({
        setup: label,
        stack: this.name,
        step,
        calls: emu.requests().length,
        detail: "FAILED",
        changes: "-",
        seconds: (Date.now() - started) / 1000,
      });
      throw e;
    }
  }
}

/** `{key: {value, secret}}` to `{key: value}`. */
export function plainOutputs(map: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.value]));
}

/** Runs a command and returns its stdout; the error carries stdout and stderr. */
export async function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = engine.engineEnv(),
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(" ")} failed in ${cwd}: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`,
    );
  }
}

/** Name of the consumer's Pulumi project. */
export const CONSUMER_PROJECT = "messenger-e2e-consumer";

/** The consumer's Pulumi program (its inputs come from stack config, so that scenarios can change them). */
const CONSUMER_PROGRAM = path.join(__dirname, "consumer-project", "index.ts");

/** The consumer project, ready to run. */
export interface ConsumerProject {
  /** Its directory. */
  readonly dir: string;
  /** The tarball it was installed from. */
  readonly tarball: string;
}

/**
 * `npm pack` of this repository into `root/pack`, then a consumer project in `root/consumer` that
 * depends on the tarball, the pinned `@pulumi/pulumi` and `typescript` ~5.9.3, installed with npm.
 */
export async function createConsumerProject(root: string): Promise<ConsumerProject> {
  const packDir = path.join(root, "pack");
  const dir = path.join(root, "consumer");
  fs.mkdirSync(packDir, { recursive: true });
  fs.mkdirSync(dir, { recursive: true });
  await run("npm", ["pack", "--pack-destination", packDir], REPO_ROOT);
  const tarballs = fs.readdirSync(packDir).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`npm pack produced ${tarballs.length} tarballs in ${packDir}`);
  const tarball = path.join(packDir, tarballs[0]);
  const pkg = {
    name: CONSUMER_PROJECT,
    private: true,
    main: "index.ts",
    dependencies: {
      "@pulumi/pulumi": engine.pinnedVersion(),
      "pulumi-messenger-account-linking": `file:${tarball}`,
      typescript: "~5.9.3",
    },
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    [
      `name: ${CONSUMER_PROJECT}`,
      "description: A user's project, with the package installed from its npm tarball.",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    `${JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true }, files: ["index.ts"] }, null, 2)}\n`,
  );
  fs.copyFileSync(CONSUMER_PROGRAM, path.join(dir, "index.ts"));
  await run("npm", ["install", "--no-audit", "--no-fund"], dir);
  return { dir, tarball };
}

/** The Pages the shared scenarios use. */
export interface ScenarioPages {
  readonly one: PageSeed;
  readonly two: PageSeed;
}

/** An exact request, as the emulator logs it. */
export interface ExpectedRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly body: string;
  readonly pageId?: string;
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

/** Asserts that `r` is exactly this request. */
export function expectExactRequest(r: LoggedRequest | undefined, want: ExpectedRequest): void {
  expect(r).toBeDefined();
  expect({ method: r!.method, path: r!.path, rawQuery: r!.rawQuery, body: r!.body, status: r!.status }).toEqual({
    method: want.method,
    path: want.path,
    rawQuery: want.rawQuery,
    body: want.body,
    status: 200,
  });
  if (want.body !== "") expect(r!.contentType).toMatch(/^application\/json/);
  if (want.pageId !== undefined) expect(r!.pageId).toBe(want.pageId);
}
