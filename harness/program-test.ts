/**
 * One driver for every program test, after Pulumi's `ProgramTest` with `EditDirs`: a program,
 * its config and a sequence of steps; each step may edit the program or its config first, runs one
 * command, and states the Graph calls it must make and the changes the engine must report.
 *
 * ```ts
 * const run = startProgramTest(harness, {
 *   program: "examples/basic",
 *   config: { "messenger:pageAccessToken": { value: token, secret: true } },
 *   steps: [
 *     { name: "up", op: "up", calls: ["GET /me", "POST /me/messenger_profile"] },
 *     { name: "no-change up", op: "up", calls: 0, changes: { same: 2 } },
 *     { name: "edit", op: "up", config: { accountLinkingUrl: "https://example.com/b" }, calls: ["POST /me/messenger_profile"] },
 *     { name: "destroy", op: "destroy", calls: ["DELETE /me/messenger_profile"] },
 *   ],
 * });
 * await run.done; // or: await run.step("no-change up") in a test of its own
 * ```
 *
 * Steps of one program test run in order; program tests of independent stacks run concurrently.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import { checkCalls, type CallExpectation } from "./calls";
import type { Harness } from "./harness";
import type { ConfigInput, HarnessStack, ImportSpec, StepResult } from "./stack";

/** What a step runs. */
export type ProgramStepOp =
  | "preview"
  | "up"
  | "refresh"
  | "destroy"
  | { readonly preview: { readonly refresh?: boolean } }
  | { readonly up: { readonly refresh?: boolean } }
  | { readonly import: readonly ImportSpec[] }
  /** The Pulumi CLI itself: `pulumi <args> --stack <name>`. */
  | { readonly cli: readonly string[] }
  /** Anything else that runs steps, e.g. on another stack selected from a copy of the program. */
  | { readonly run: (stack: HarnessStack) => Promise<StepResult> };

/** One step of a program test. */
export interface ProgramStep {
  /** The step's name (unique in the test; its row in the call table). */
  readonly name: string;
  /** What it runs; without one, the step only applies its edits and runs `validate` (a check between steps). */
  readonly op?: ProgramStepOp;
  /** EditDirs: a folder whose files are copied over the program before the step. */
  readonly editDir?: string;
  /** Config set before the step. */
  readonly config?: ConfigInput;
  /** Config keys removed before the step. */
  readonly removeConfig?: readonly string[];
  /** Anything else to do before the step, e.g. a change made out of band on the emulator. */
  readonly before?: (stack: HarnessStack) => void | Promise<void>;
  /** The Graph calls the step must make. */
  readonly calls?: CallExpectation;
  /** The engine's change summary the step must report (`{same: 2}`); not for CLI steps. */
  readonly changes?: Readonly<Partial<Record<string, number>>>;
  /** The step must fail, with a message matching this (or any message with `true`). */
  readonly fails?: RegExp | true;
  /** More checks right after the step (state of the emulator, outputs, raw state). */
  readonly validate?: (result: StepOutcome, stack: HarnessStack) => void | Promise<void>;
}

/** A step's result, or the error of a step that had to fail. */
export interface StepOutcome extends StepResult {
  /** The error of a step that failed as expected. */
  readonly error?: Error;
}

/** A program test. */
export interface ProgramTestOptions {
  /** The program folder (any runtime). Edits are copied into it: use a copy, not a tracked folder. */
  readonly program: string;
  /** The stack's name; default from the harness. */
  readonly stack?: string;
  /** Config set at creation. */
  readonly config?: ConfigInput;
  /** More environment for every command. */
  readonly env?: Readonly<Record<string, string>>;
  /** Count only calls of these Pages (program tests sharing the emulator concurrently). */
  readonly pageIds?: readonly string[];
  /** The steps, in order. */
  readonly steps: readonly ProgramStep[];
}

/** A running program test. */
export interface ProgramRun {
  /** The stack, once created. */
  readonly stack: Promise<HarnessStack>;
  /** Every step's outcome, once all passed; rejects with the first failure. */
  readonly done: Promise<StepOutcome[]>;
  /**
   * One step's outcome; rejects when it failed its checks or an earlier step did.
   *
   * @param name - the step's name
   */
  step(name: string): Promise<StepOutcome>;
}

async function runOne(stack: HarnessStack, s: ProgramStep): Promise<StepOutcome> {
  if (s.editDir) fs.cpSync(s.editDir, stack.workDir, { recursive: true });
  if (s.removeConfig) await stack.removeConfig(...s.removeConfig);
  if (s.config) await stack.setConfig(s.config);
  await s.before?.(stack);
  const op = s.op;
  let outcome: StepOutcome;
  try {
    if (op === undefined)
      outcome = { step: s.name, op: "check", calls: [], changes: {}, output: "", stdout: "", ms: 0 };
    else if (op === "preview" || op === "up" || op === "refresh" || op === "destroy") outcome = await stack[op](s.name);
    else if ("preview" in op) outcome = await stack.preview(s.name, op.preview);
    else if ("up" in op) outcome = await stack.up(s.name, op.up);
    else if ("import" in op) outcome = await stack.import(s.name, op.import);
    else if ("run" in op) outcome = await op.run(stack);
    else outcome = await stack.cli(s.name, op.cli);
    if (s.fails) throw new Error(`step "${s.name}" must fail, and it passed`);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const last = stack.lastStep;
    if (!s.fails || !last?.failed || last.step !== s.name) throw error;
    if (s.fails instanceof RegExp && !s.fails.test(error.message))
      throw new Error(`step "${s.name}" failed, but not with ${String(s.fails)}:\n${error.message}`, {
        cause: e,
      });
    const failedOp = (typeof op === "string" ? op : Object.keys(op ?? { check: 1 })[0]) as StepOutcome["op"];
    outcome = {
      step: s.name,
      op: failedOp,
      calls: last.calls,
      changes: {},
      output: last.output,
      stdout: "",
      ms: 0,
      error,
    };
  }
  if (s.calls !== undefined) checkCalls(`${stack.name}: ${s.name}`, outcome.calls, s.calls);
  const canonical = (c: Readonly<Partial<Record<string, number>>>) =>
    JSON.stringify(
      Object.entries(c)
        .filter(([, n]) => n !== undefined && n !== 0)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  if (s.changes !== undefined && canonical(outcome.changes) !== canonical(s.changes))
    throw new Error(
      `step "${s.name}" must report changes ${JSON.stringify(s.changes)}, reported ${JSON.stringify(outcome.changes)}`,
    );
  await s.validate?.(outcome, stack);
  return outcome;
}

/**
 * Starts a program test: creates the stack, then runs the steps in order. Returns at once; await
 * {@link ProgramRun.done} or each {@link ProgramRun.step}. The stack is disposed by
 * {@link Harness.close}.
 *
 * @param harness - the session (emulator, backend, records)
 * @param o - program, config and steps
 */
export function startProgramTest(harness: Harness, o: ProgramTestOptions): ProgramRun {
  const names = o.steps.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`step names must be unique: ${names.join(", ")}`);
  const stack = harness.newStack({
    program: o.program,
    name: o.stack,
    config: o.config,
    env: o.env,
    pageIds: o.pageIds,
  });
  const results = new Map<string, Promise<StepOutcome>>();
  let previous: Promise<unknown> = stack;
  for (const s of o.steps) {
    const p = previous.then(
      () => stack.then((st) => runOne(st, s)),
      () => Promise.reject(new Error(`step "${s.name}" skipped: an earlier step failed`)),
    );
    p.catch(() => undefined); // awaited by step() or done
    results.set(s.name, p);
    previous = p;
  }
  const done = Promise.all(o.steps.map((s) => results.get(s.name)!));
  done.catch(() => undefined);
  stack.catch(() => undefined);
  return {
    stack,
    done,
    step: (name) => results.get(name) ?? Promise.reject(new Error(`no step named "${name}"`)),
  };
}

/**
 * Runs a program test to its end.
 *
 * @param harness - the session
 * @param o - program, config and steps
 * @returns every step's outcome
 */
export function programTest(harness: Harness, o: ProgramTestOptions): Promise<StepOutcome[]> {
  return startProgramTest(harness, o).done;
}
