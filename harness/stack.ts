/**
 * A throwaway stack of any Pulumi program, driven by the Automation API (the only module of this
 * repository that imports `@pulumi/pulumi/automation`) or by the Pulumi CLI, whose every step is
 * measured: the Graph calls it made (from the emulator's log), the engine's change summary, its
 * output and its wall time.
 *
 * @packageDocumentation
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, type ConfigMap, type OpMap, type OutputMap, type Stack } from "@pulumi/pulumi/automation";
import type { Emulator, LoggedRequest } from "../emulator";
import type { Backend, StateResource } from "./backend";
import { callsSince, checkCalls, logMark, summarizeCalls, type CallExpectation, type CallTable } from "./calls";
import { engineEnv } from "./engine";
import { readProgram, type Program } from "./program";

/** Stack config: a string is plain, `{value, secret: true}` is encrypted (undefined: not set). */
export type ConfigInput = Readonly<
  Partial<Record<string, string | { readonly value: string; readonly secret?: boolean }>>
>;

/** What a step ran (`check`: no command, only checks between steps; `run`: a custom step). */
export type StepOp = "preview" | "up" | "refresh" | "destroy" | "import" | "cli" | "check" | "run";

/** A finished step. */
export interface StepResult {
  /** The step's name (its row in the call table). */
  readonly step: string;
  /** What it ran. */
  readonly op: StepOp;
  /** The Graph calls it made, in order of arrival. */
  readonly calls: LoggedRequest[];
  /** The engine's change summary (`{create: 2}`); empty for CLI steps. */
  readonly changes: Readonly<Record<string, number>>;
  /** What the command printed (stdout and stderr). */
  readonly output: string;
  /** What the command printed on stdout alone (e.g. the text of `pulumi stack export`). */
  readonly stdout: string;
  /** Wall time of the command, ms (monotonic clock). */
  readonly ms: number;
  /** Code the CLI generated (import steps only). */
  readonly generatedCode?: string;
}

/** Options of every step. */
export interface StepOptions {
  /** The Graph calls the step must make; the step throws when it makes others. */
  readonly expectCalls?: CallExpectation;
}

/** Text a command printed, kept for secret scans. */
export interface CommandOutput {
  /** The stack's name. */
  readonly stack: string;
  /** The step's name. */
  readonly step: string;
  /** stdout and stderr (or the error's message when it failed). */
  readonly text: string;
}

/** Where a stack's steps are recorded. */
export interface StepRecorder {
  /** The label of the call table's rows. */
  readonly label: string;
  /** The call table. */
  readonly table: CallTable;
  /** Output of every command run so far. */
  readonly outputs: CommandOutput[];
  /** Streams command output as it comes (the demo prints it). */
  readonly echo?: (text: string) => void;
}

/** How to make a {@link HarnessStack}. */
export interface StackOptions {
  /** The program folder (any runtime), or a program read with {@link readProgram}. */
  readonly program: string | Program;
  /** The stack's name. */
  readonly name: string;
  /** The state backend. */
  readonly backend: Backend;
  /** The Graph API emulator whose log counts the calls; its URL becomes `messenger:graphApiUrl`. */
  readonly emulator: Emulator;
  /** Where steps are recorded. */
  readonly recorder: StepRecorder;
  /** Config set when the stack is created. */
  readonly config?: ConfigInput;
  /** More environment for every command (e.g. `MESSENGER_DEBUG`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Count only calls authenticated as these Pages (for stacks sharing an emulator concurrently). */
  readonly pageIds?: readonly string[];
  /** Set `messenger:graphApiUrl` to the emulator's URL. @defaultValue true */
  readonly graphApiUrlConfig?: boolean;
}

/** The last step a stack ran, failed or not. */
export interface LastStep {
  /** The step's name. */
  readonly step: string;
  /** The Graph calls it made. */
  readonly calls: LoggedRequest[];
  /** What it printed. */
  readonly output: string;
  /** Whether it failed. */
  readonly failed: boolean;
}

/** Resource to import (`pulumi import <type> <name> <id>`). */
export interface ImportSpec {
  /** Type token. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Provider id. */
  readonly id: string;
}

function opMap(ops: OpMap | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(ops ?? {}).filter(([, n]) => (n ?? 0) > 0));
}

/** What a step's Automation API result says: its changes, all its text, and stdout alone. */
function outcomeOf(r: { readonly stdout: string; readonly stderr: string }, ops: OpMap | undefined) {
  return { changes: opMap(ops), text: `${r.stdout}\n${r.stderr}`, stdout: r.stdout };
}

function formatChanges(changes: Readonly<Record<string, number>>): string {
  const e = Object.entries(changes);
  return e.length === 0 ? "-" : e.map(([k, n]) => `${k} ${n}`).join(", ");
}

/** A stack of one program on one backend, measured against one emulator. */
export class HarnessStack {
  private last: LastStep | undefined;

  private constructor(
    private readonly opts: StackOptions,
    /** The Automation API stack. */
    readonly stack: Stack,
    /** The program it runs. */
    readonly program: Program,
  ) {}

  /**
   * Creates a stack of a program, with the emulator as Graph endpoint and the given config.
   *
   * @param opts - program, name, backend, emulator, recorder, config
   */
  static async create(opts: StackOptions): Promise<HarnessStack> {
    const program = typeof opts.program === "string" ? readProgram(opts.program) : opts.program;
    const stack = await LocalWorkspace.createStack(
      { stackName: opts.name, workDir: program.dir },
      { envVars: HarnessStack.envOf(opts), pulumiHome: opts.backend.pulumiHome },
    );
    const s = new HarnessStack(opts, stack, program);
    const url: ConfigInput = opts.graphApiUrlConfig === false ? {} : { "messenger:graphApiUrl": opts.emulator.url };
    await s.setConfig({ ...url, ...opts.config });
    return s;
  }

  /**
   * Selects an existing stack of the same backend, from a program folder (e.g. a copy of the
   * project at another path).
   *
   * @param opts - as for {@link HarnessStack.create}; `config` is not applied
   */
  static async select(opts: StackOptions): Promise<HarnessStack> {
    const program = typeof opts.program === "string" ? readProgram(opts.program) : opts.program;
    const stack = await LocalWorkspace.selectStack(
      { stackName: opts.name, workDir: program.dir },
      { envVars: HarnessStack.envOf(opts), pulumiHome: opts.backend.pulumiHome },
    );
    return new HarnessStack(opts, stack, program);
  }

  private static envOf(opts: StackOptions): Record<string, string> {
    return { ...opts.backend.envVars(), ...opts.env };
  }

  /** The stack's name. */
  get name(): string {
    return this.stack.name;
  }

  /** The program's directory (where `Pulumi.<stack>.yaml` lives). */
  get workDir(): string {
    return this.program.dir;
  }

  /** The last step run, failed or not (a failed step's calls are here). */
  get lastStep(): LastStep | undefined {
    return this.last;
  }

  /**
   * Sets config values.
   *
   * @param values - a string is plain; `{value, secret: true}` is encrypted
   */
  async setConfig(values: ConfigInput): Promise<void> {
    const map: ConfigMap = {};
    for (const [k, v] of Object.entries(values))
      if (v !== undefined) map[k] = typeof v === "string" ? { value: v } : { ...v };
    if (Object.keys(map).length > 0) await this.stack.setAllConfig(map);
  }

  /**
   * Removes config keys.
   *
   * @param keys - the keys
   */
  async removeConfig(...keys: string[]): Promise<void> {
    if (keys.length > 0) await this.stack.removeAllConfig(keys);
  }

  /**
   * `pulumi preview --diff` (Automation API).
   *
   * @param step - the step's name
   * @param opts - `refresh: true` adds `--refresh`
   */
  preview(step: string, opts: StepOptions & { readonly refresh?: boolean } = {}): Promise<StepResult> {
    return this.measure(step, "preview", opts, async (onOutput) => {
      const r = await this.stack.preview({ onOutput, onError: onOutput, diff: true, refresh: opts.refresh });
      return outcomeOf(r, r.changeSummary);
    });
  }

  /**
   * `pulumi up --yes --skip-preview --diff` (Automation API).
   *
   * @param step - the step's name
   * @param opts - `refresh: true` adds `--refresh`
   */
  up(step: string, opts: StepOptions & { readonly refresh?: boolean } = {}): Promise<StepResult> {
    return this.measure(step, "up", opts, async (onOutput) => {
      const r = await this.stack.up({ onOutput, onError: onOutput, diff: true, refresh: opts.refresh });
      return outcomeOf(r, r.summary.resourceChanges);
    });
  }

  /**
   * `pulumi refresh --yes --skip-preview` (Automation API; it always skips the preview), running
   * the program so that the stack outputs show what was read.
   *
   * @param step - the step's name
   * @param opts - step options
   */
  refresh(step: string, opts: StepOptions = {}): Promise<StepResult> {
    return this.measure(step, "refresh", opts, async (onOutput) => {
      const r = await this.stack.refresh({ onOutput, onError: onOutput, runProgram: true });
      return outcomeOf(r, r.summary.resourceChanges);
    });
  }

  /**
   * `pulumi destroy --yes --skip-preview --diff` (Automation API).
   *
   * @param step - the step's name
   * @param opts - step options
   */
  destroy(step: string, opts: StepOptions = {}): Promise<StepResult> {
    return this.measure(step, "destroy", opts, async (onOutput) => {
      const r = await this.stack.destroy({ onOutput, onError: onOutput, diff: true });
      return outcomeOf(r, r.summary.resourceChanges);
    });
  }

  /**
   * `pulumi import` of resources (Automation API), with code generation.
   *
   * @param step - the step's name
   * @param resources - what to import
   * @param opts - step options
   */
  import(step: string, resources: readonly ImportSpec[], opts: StepOptions = {}): Promise<StepResult> {
    return this.measure(step, "import", opts, async (onOutput) => {
      const r = await this.stack.import({
        onOutput,
        resources: resources.map((x) => ({ ...x })),
        generateCode: true,
        protect: false,
      });
      return { ...outcomeOf(r, r.summary.resourceChanges), generatedCode: r.generatedCode };
    });
  }

  /**
   * Runs the Pulumi CLI itself on this stack: `pulumi <args> --stack <name> --non-interactive`, in
   * the program's folder, with the stack's backend and environment. For the commands as people run
   * them (e.g. `["refresh", "--yes"]` runs the CLI's default preview first, which the Automation
   * API always skips). Rejects when it exits non-zero.
   *
   * @param step - the step's name
   * @param args - the CLI arguments, without `--stack`
   * @param opts - step options
   */
  cli(step: string, args: readonly string[], opts: StepOptions = {}): Promise<StepResult> {
    return this.measure(step, "cli", opts, (onOutput) =>
      spawnPulumi([...args, "--stack", this.name, "--non-interactive"], this.workDir, this.envForCli(), {
        onOutput,
      }).then((r) => ({ changes: {}, text: r.output, stdout: r.stdout })),
    );
  }

  private envForCli(): Record<string, string> {
    return engineEnv(HarnessStack.envOf(this.opts));
  }

  /** Stack outputs as plain values. */
  async outputs(): Promise<Record<string, unknown>> {
    return plainOutputs(await this.stack.outputs());
  }

  /** The resources of `pulumi stack export --show-secrets` (decrypted). */
  async exportedResources(): Promise<StateResource[]> {
    const d = await this.stack.exportStack();
    return (d.deployment as { resources?: StateResource[] }).resources ?? [];
  }

  /** The whole exported deployment, as text. */
  async exportedText(): Promise<string> {
    return JSON.stringify(await this.stack.exportStack());
  }

  /** The resources of the stack's current raw checkpoint file (secrets still encrypted). */
  rawResources(): StateResource[] {
    return this.opts.backend.rawResources(this.program.project, this.name);
  }

  /**
   * Best-effort clean-up: destroys what is left (when `destroy` is set and the checkpoint holds
   * resources of `resourceTypes`, or any resource when not given), removes the stack and its config file.
   *
   * @param options - what to destroy first
   */
  async dispose(
    options: { readonly destroy?: boolean; readonly resourceTypes?: readonly string[] } = {},
  ): Promise<void> {
    const { destroy = true, resourceTypes } = options;
    try {
      const left = this.rawResources().filter((r) =>
        resourceTypes ? resourceTypes.includes(r.type) : !r.type.startsWith("pulumi:"),
      );
      if (destroy && left.length > 0) await this.stack.destroy();
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

  private async measure(
    step: string,
    op: StepOp,
    opts: StepOptions,
    run: (
      onOutput: (s: string) => void,
    ) => Promise<{ changes: Record<string, number>; text: string; stdout: string; generatedCode?: string }>,
  ): Promise<StepResult> {
    const { emulator, recorder, pageIds } = this.opts;
    const mark = logMark(emulator);
    let streamed = "";
    const onOutput = (s: string) => {
      streamed += s;
      recorder.echo?.(s);
    };
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const row = { setup: recorder.label, stack: this.name, step };
    let done: { changes: Record<string, number>; text: string; stdout: string; generatedCode?: string };
    try {
      done = await run(onOutput);
    } catch (e) {
      const calls = callsSince(emulator, mark, pageIds);
      const output = `${streamed}\n${e instanceof Error ? e.message : String(e)}`;
      recorder.outputs.push({ stack: this.name, step, text: output });
      recorder.table.add({ ...row, calls: calls.length, detail: "FAILED", changes: "-", seconds: seconds() });
      this.last = { step, calls, output, failed: true };
      throw e;
    }
    const ms = seconds() * 1000;
    const calls = callsSince(emulator, mark, pageIds);
    const output = done.text;
    recorder.outputs.push({ stack: this.name, step, text: output });
    recorder.table.add({
      ...row,
      calls: calls.length,
      detail: summarizeCalls(calls),
      changes: formatChanges(done.changes),
      seconds: ms / 1000,
    });
    this.last = { step, calls, output, failed: false };
    if (opts.expectCalls !== undefined) checkCalls(`${this.name}: ${step}`, calls, opts.expectCalls);
    return {
      step,
      op,
      calls,
      changes: done.changes,
      output,
      stdout: done.stdout,
      ms,
      generatedCode: done.generatedCode,
    };
  }
}

/**
 * `{key: {value, secret}}` to `{key: value}`.
 *
 * @param map - Automation API stack outputs
 */
export function plainOutputs(map: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.value as unknown]));
}

/** What {@link spawnPulumi} resolves with. */
export interface PulumiOutput {
  /** stdout alone. */
  readonly stdout: string;
  /** stderr alone. */
  readonly stderr: string;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

/**
 * Runs `pulumi <args>` asynchronously (an emulator in this very process must keep answering);
 * rejects with the last 40 lines of its output when it exits non-zero or outlives the timeout.
 *
 * @param args - the CLI arguments
 * @param cwd - the working directory
 * @param env - the whole environment (see {@link engineEnv})
 * @param options - `onOutput` receives output as it comes; `timeoutMs` kills it after that long (default 300 s)
 */
export function spawnPulumi(
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
  options: { readonly onOutput?: (s: string) => void; readonly timeoutMs?: number } = {},
): Promise<PulumiOutput> {
  const { onOutput = () => undefined, timeoutMs = 300_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
      onOutput(d.toString());
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      output += d.toString();
      onOutput(d.toString());
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr, output });
      const tail = output.trim().split("\n").slice(-40).join("\n");
      reject(
        new Error(`pulumi ${args.join(" ")} failed (${signal ? `killed by ${signal}` : `exit ${code}`}):\n${tail}`),
      );
    });
  });
}

/**
 * Runs `pulumi <args>` asynchronously, resolving with what it printed (stdout and stderr); see
 * {@link spawnPulumi}.
 *
 * @param args - the CLI arguments
 * @param cwd - the working directory
 * @param env - the whole environment (see {@link engineEnv})
 * @param onOutput - receives output as it comes
 * @param timeoutMs - kill it after this long
 */
export async function runPulumi(
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
  onOutput: (s: string) => void = () => undefined,
  timeoutMs = 300_000,
): Promise<string> {
  return (await spawnPulumi(args, cwd, env, { onOutput, timeoutMs })).output;
}
