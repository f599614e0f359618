/**
 * The row runner of the `MessengerWebhook` and `MessengerPageSubscription` fault matrix. A row is a
 * {@link RowPlan} (one step of one resource: its set-up, the step, the engine's next step, the calls
 * and the views of the app or Page each must leave) and a {@link SubscriptionFault}. The runner:
 *
 * 1. sets the world up without faults (the state the step starts from, bystanders included);
 * 2. injects the fault on the step's call and runs the step, then waits for any delayed write;
 * 3. checks the outcome (a retry that succeeds, or a typed failure with the expected code, kind,
 *    attempts and advice), the calls, the attempts the observer or the debug log saw, and the app or
 *    Page after the step: as declared and in agreement with the state on success, unchanged (or as
 *    the failure's last landed write left it) on failure, with the state the engine keeps;
 * 4. runs the engine's next step with no fault and checks its exact calls, the world (declared
 *    fields, other owners' fields intact, bystanders untouched) and the final state;
 * 5. scans every text the row produced (errors, output, attempt reports, state without its secret
 *    properties, the emulator's request and outbound logs) for every registered secret.
 */
import type { Emulator, LoggedRequest } from "../../emulator";
import type { AttemptReport } from "../../provider/graph/client";
import { GraphApiError } from "../../provider/graph/errors";
import { partialStateOf } from "../../provider/core/partial-state";
import type { ScenarioResult } from "./report";
import { withDetails } from "./report";
import { captureOutput, errorString, errorTexts, secrets, type ScanResult, type ScanText } from "./secret-scan";
import type { FaultExpectation, SubscriptionFault, SubscriptionResource } from "./webhook-faults";
import { canonical, sleep, withoutSecretProperties } from "./webhook-world";

/** A call as rows write it: `POST /v25.0/3700000000000001/subscriptions`. */
export type CallLine = string;

/** The views of the world a step must leave. */
export interface PlanViews {
  /** After the step succeeded (or its write landed although it failed). */
  readonly afterStep: unknown;
  /** After the step failed without its write landing: undefined means unchanged. */
  readonly afterFailure?: unknown;
  /** After the engine's next step. */
  readonly final: unknown;
}

/** One step of one resource, as a row runs it. */
export interface RowPlan<S> {
  readonly resource: SubscriptionResource;
  /** The faulted call. */
  readonly target: { readonly method: "GET" | "POST" | "DELETE"; readonly path: string };
  /** What a fault matches to hit only the target (besides method and path). */
  readonly pageId?: string;
  /** Sets the world up with no fault; returns the state the step starts from. */
  prepare(): Promise<S | undefined>;
  /** The step, on the state the engine keeps. */
  step(olds: S | undefined): Promise<S | undefined>;
  /** The engine's next step once the fault is cleared, from the state it kept. */
  next(kept: S | undefined, failed: boolean): Promise<S | undefined>;
  /** The step's calls besides the target's attempts, in order. */
  readonly otherCalls: readonly CallLine[];
  /** The calls of the engine's next step. */
  nextCalls(failed: boolean): readonly CallLine[];
  /** The world now. */
  view(): unknown;
  /** The views the step must leave. */
  readonly views: PlanViews;
  /** Whether the state kept after a failure must describe the world (not after a read or a half-done update). */
  readonly keptDescribesWorldOnFailure: boolean;
  /** Where a state and the world disagree. */
  agreement(state: S, world: unknown): string[];
  /** Where the state after the engine's next step differs from what is declared. */
  finalStateProblems(state: S | undefined): string[];
}

/** What a row runs with besides its plan. */
export interface RowContext {
  readonly emu: Emulator;
  /** Attempt reports of the row's lifecycle, when it has an observer (else the debug log is read). */
  readonly reports?: AttemptReport[];
}

/** What the faulted step did. */
interface StepObservation<S> {
  readonly state: S | undefined;
  readonly error: unknown;
  readonly durationMs: number;
  readonly calls: LoggedRequest[];
  readonly targetCalls: LoggedRequest[];
  readonly output: string;
  readonly reports: AttemptReport[];
}

/** What the engine's next step did. */
interface NextObservation<S> {
  readonly state: S | undefined;
  readonly error: unknown;
  readonly calls: LoggedRequest[];
}

const lineOf = (r: LoggedRequest): CallLine => `${r.method} ${r.path}`;
const lastSeq = (emu: Emulator): number => emu.requests().at(-1)?.seq ?? 0;
const since = (emu: Emulator, seq: number): LoggedRequest[] => emu.requests().filter((r) => r.seq > seq);

/**
 * Waits until every request since `seq` has been answered: a delayed write lands when the emulator
 * answers it, after its callback verification, which a loaded machine can hold past the fault's
 * delay. Gives up after 10 s (the row then reads the world as it is, and fails).
 */
async function answered(emu: Emulator, seq: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(25)) {
    if (since(emu, seq).every((r) => r.status !== undefined)) return;
  }
}

/** Throws when `cond` is false. */
export function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

/**
 * Scans texts for every registered secret and returns the scan; when something leaked (or nothing
 * was scanned), throws with the scan and `details` attached, so that the report counts the leak.
 *
 * @param texts - everything a row produced
 * @param details - the row's report details
 */
export function scanRow(texts: readonly ScanText[], details: Record<string, unknown>): ScanResult {
  const scan = secrets.scan(texts);
  if (scan.texts === 0 || scan.chars === 0) throw withDetails(new Error("nothing was scanned"), details, scan);
  if (scan.hits.length > 0)
    throw withDetails(
      new Error(`secret leaked: ${scan.hits.map((h) => `${h.label} in ${h.where}`).join("; ")}`),
      details,
      scan,
    );
  return scan;
}

/** Runs the step with the fault injected; waits for a delayed write to land. */
async function faultedStep<S>(
  ctx: RowContext,
  plan: RowPlan<S>,
  fc: SubscriptionFault,
  olds: S | undefined,
): Promise<StepObservation<S>> {
  const { emu } = ctx;
  const m = lastSeq(emu);
  const { method, path } = plan.target;
  const match = { method, path: path.replace(/^\/v[0-9.]+/, ""), ...(plan.pageId ? { pageId: plan.pageId } : {}) };
  for (const spec of fc.faults(match, plan.resource)) emu.injectFault(spec);
  ctx.reports?.splice(0);
  const cap = captureOutput();
  const t0 = Date.now();
  let state: S | undefined;
  let error: unknown;
  try {
    state = await plan.step(olds);
  } catch (e) {
    error = e;
  }
  const durationMs = Date.now() - t0;
  const output = cap.stop();
  if (fc.settleMs !== undefined) {
    await sleep(Math.max(0, fc.settleMs - durationMs));
    await answered(emu, m);
  }
  emu.clearFaults();
  const calls = since(emu, m);
  const targetCalls = calls.filter((r) => r.method === method && r.path === path);
  return { state, error, durationMs, calls, targetCalls, output, reports: [...(ctx.reports ?? [])] };
}

/** The engine's next step, with no fault. */
async function nextStep<S>(ctx: RowContext, plan: RowPlan<S>, kept: S | undefined, failed: boolean) {
  const m = lastSeq(ctx.emu);
  let state: S | undefined;
  let error: unknown;
  try {
    state = await plan.next(kept, failed);
  } catch (e) {
    error = e;
  }
  return { state, error, calls: since(ctx.emu, m) } satisfies NextObservation<S>;
}

/** Checks a step that had to succeed after its retries. */
function checkRetried<S>(e: Extract<FaultExpectation, { kind: "retry-succeeds" }>, obs: StepObservation<S>): void {
  check(obs.error === undefined, `expected a retry that succeeds, got: ${errorString(obs.error)}`);
  check(
    obs.targetCalls.length === e.attempts,
    `expected ${e.attempts} attempts of the faulted call, the emulator saw ${obs.targetCalls.length}`,
  );
  if (e.minGapMs !== undefined) {
    const gap = obs.targetCalls[1].time - obs.targetCalls[0].time;
    check(gap >= e.minGapMs, `the retry came ${gap} ms after the fault; the server asked for ${e.minGapMs} ms`);
  }
  if (e.minDurationMs !== undefined)
    check(obs.durationMs >= e.minDurationMs, `done in ${obs.durationMs} ms: the first attempt cannot have timed out`);
}

/** Checks a step that had to fail: a typed error with the expected facts and advice. */
function checkFailed<S>(
  e: Extract<FaultExpectation, { kind: "fails" }>,
  obs: StepObservation<S>,
  plan: RowPlan<S>,
  deadlineMs: number,
): void {
  check(obs.error !== undefined, `expected a failure; the step succeeded after ${obs.targetCalls.length} attempts`);
  check(GraphApiError.isInstance(obs.error), `expected a GraphApiError, got ${errorString(obs.error)}`);
  const g = obs.error as GraphApiError;
  check(g.kind === e.errorKind, `expected a ${e.errorKind} failure, got ${g.kind}`);
  if (e.code !== undefined) check(g.code === e.code, `expected Graph code ${e.code}, got ${String(g.code)}`);
  check(g.retryable === e.retryable, `retryable should be ${e.retryable}`);
  const n = obs.targetCalls.length;
  check(g.attempts === n, `the error says ${g.attempts} attempts, the emulator saw ${n}`);
  if (typeof e.attempts === "number") check(n === e.attempts, `expected ${e.attempts} attempts, saw ${n}`);
  else {
    check(n >= e.attempts.atLeast, `expected retries until the deadline (>= ${e.attempts.atLeast}), saw ${n}`);
    check(obs.durationMs <= deadlineMs + 300, `gave up after ${obs.durationMs} ms, past the ${deadlineMs} ms deadline`);
  }
  check(g.message.includes(`${plan.target.method} ${plan.target.path}`), "the message does not name the failed call");
  if (g.kind === "graph") {
    check(/^[A-Za-z0-9]{6,}$/.test(g.fbtraceId ?? ""), "no fbtrace id in the error");
    check(g.message.includes(`fbtrace_id ${g.fbtraceId}`), "the message does not quote the fbtrace id");
  }
  for (const re of e.message) check(re.test(g.message), `the message does not match ${re}: ${g.message}`);
  for (const re of e.notMessage ?? []) check(!re.test(g.message), `the message matches ${re}: ${g.message}`);
}

/** Checks the world after the step, and that the state the engine keeps describes it. */
function checkWorldAfterStep<S>(
  plan: RowPlan<S>,
  e: FaultExpectation,
  obs: StepObservation<S>,
  before: unknown,
  after: unknown,
  kept: S | undefined,
): void {
  const succeeded = obs.error === undefined;
  const landed = succeeded || (e.kind === "fails" && e.committed === true);
  const expected = landed ? plan.views.afterStep : (plan.views.afterFailure ?? before);
  const what = succeeded ? "after the step" : landed ? "after the failed step whose write landed" : "after the failure";
  check(
    canonical(after) === canonical(expected),
    `${what}: expected ${canonical(expected)}, found ${canonical(after)}`,
  );
  if (succeeded && obs.state !== undefined) {
    const bad = plan.agreement(obs.state, after);
    check(bad.length === 0, `the step's state does not describe the world: ${bad.join("; ")}`);
  }
  if (!succeeded && !landed && kept !== undefined && plan.keptDescribesWorldOnFailure) {
    const bad = plan.agreement(kept, after);
    check(bad.length === 0, `the state the engine keeps does not describe the world: ${bad.join("; ")}`);
  }
}

/** Checks the step's calls besides the target, and that the observer or the debug log saw every attempt. */
function checkCallsAndAttempts<S>(ctx: RowContext, plan: RowPlan<S>, obs: StepObservation<S>): void {
  const { method, path } = plan.target;
  const others = obs.calls.filter((r) => !(r.method === method && r.path === path)).map(lineOf);
  check(
    canonical(others) === canonical(plan.otherCalls),
    `expected ${canonical(plan.otherCalls)} besides the faulted call, got ${canonical(others)}`,
  );
  const n = obs.targetCalls.length;
  if (ctx.reports !== undefined) {
    const mine = obs.reports.filter((r) => r.method === method && r.path === path);
    check(mine.length === n, `onAttempt reported ${mine.length} attempts, the emulator saw ${n}`);
    check(
      mine.slice(0, -1).every((r) => r.retryInMs !== undefined) && mine.at(-1)?.retryInMs === undefined,
      "onAttempt should announce a retry on every attempt but the last",
    );
  } else {
    const lines = obs.output.split("\n").filter((l) => l.startsWith(`[messenger] ${method} ${path} attempt `));
    check(lines.length === n, `the MESSENGER_DEBUG log has ${lines.length} lines for the call, the emulator saw ${n}`);
  }
}

/** Checks the engine's next step: its calls, the world, the final state. */
function checkNext<S>(plan: RowPlan<S>, failed: boolean, next: NextObservation<S>, world: unknown): void {
  check(next.error === undefined, `the next step failed: ${errorString(next.error)}`);
  const expected = plan.nextCalls(failed);
  const made = next.calls.map((r) => `${lineOf(r)} -> ${r.status}`);
  check(
    canonical(next.calls.map(lineOf)) === canonical(expected) && next.calls.every((r) => r.status === 200),
    `the next step should make ${canonical(expected)}, made ${made.join(", ") || "no call"}`,
  );
  check(
    canonical(world) === canonical(plan.views.final),
    `after the next step: expected ${canonical(plan.views.final)}, found ${canonical(world)}`,
  );
  const bad = plan.finalStateProblems(next.state);
  check(bad.length === 0, `after the next step the state is not as declared: ${bad.join("; ")}`);
  if (next.state !== undefined) {
    const off = plan.agreement(next.state, world);
    check(off.length === 0, `after the next step the state does not describe the world: ${off.join("; ")}`);
  }
}

/** Every text a row produced, for the secret scan. */
function rowTexts<S>(ctx: RowContext, obs: StepObservation<S>, next: NextObservation<S>, setup: string): ScanText[] {
  return [
    { where: "set-up output", text: setup },
    ...errorTexts(obs.error, "step error"),
    ...errorTexts(next.error, "next step error"),
    { where: "step output", text: obs.output },
    { where: "onAttempt reports", text: JSON.stringify(obs.reports) },
    {
      where: "state after the step (secret properties left out)",
      text: JSON.stringify(withoutSecretProperties(obs.state)) ?? "(none)",
    },
    {
      where: "state after the next step (secret properties left out)",
      text: JSON.stringify(withoutSecretProperties(next.state)) ?? "(none)",
    },
    { where: "emulator request log", text: JSON.stringify([...obs.calls, ...next.calls]) },
    { where: "emulator outbound log", text: JSON.stringify(ctx.emu.outbound()) },
  ];
}

/** The report details of a row. */
function detailsOf<S>(fc: SubscriptionFault, obs: StepObservation<S>, next: NextObservation<S>, views: unknown[]) {
  const g = GraphApiError.isInstance(obs.error) ? obs.error : undefined;
  return {
    fault: fc.key,
    outcome: obs.error === undefined ? "succeeded" : "failed",
    attempts: obs.targetCalls.length,
    statuses: obs.targetCalls.map((r) => r.status ?? r.fault ?? "no answer"),
    durationMs: obs.durationMs,
    ...(g ? { error: { kind: g.kind, code: g.code, retryable: g.retryable, message: g.message } } : {}),
    ...(obs.error !== undefined && !g ? { unexpectedError: errorString(obs.error) } : {}),
    calls: obs.calls.map(lineOf),
    nextCalls: next.calls.map((r) => `${lineOf(r)} -> ${r.status}`),
    nextOutcome: next.error === undefined ? "succeeded" : `failed: ${errorString(next.error)}`,
    world: { before: views[0], afterStep: views[1], afterNext: views[2] },
  };
}

/**
 * Runs one row of the matrix (see the module's comment) and returns its report details and scan.
 *
 * @param ctx - the emulator, and the reports of the row's observer when it has one
 * @param plan - the step
 * @param fc - the fault
 * @param deadlineMs - the deadline of the row's retries
 */
export async function runFaultRow<S>(
  ctx: RowContext,
  plan: RowPlan<S>,
  fc: SubscriptionFault,
  deadlineMs: number,
): Promise<ScenarioResult> {
  const setupCapture = captureOutput();
  let olds: S | undefined;
  try {
    olds = await plan.prepare();
  } finally {
    setupCapture.stop();
  }
  const setup = setupCapture.text();
  const before = plan.view();
  const obs = await faultedStep(ctx, plan, fc, olds);
  const after = plan.view();
  const failed = obs.error !== undefined;
  const kept = failed ? ((partialStateOf(obs.error)?.properties as S | undefined) ?? olds) : obs.state;
  const next = await nextStep(ctx, plan, kept, failed);
  const final = plan.view();
  const details = detailsOf(fc, obs, next, [before, after, final]);
  const scan = secrets.scan(rowTexts(ctx, obs, next, setup));
  try {
    check(scan.texts > 0 && scan.chars > 0, "nothing was scanned");
    check(scan.hits.length === 0, `secret leaked: ${scan.hits.map((h) => `${h.label} in ${h.where}`).join("; ")}`);
    const e = fc.expect(plan.resource);
    if (e.kind === "retry-succeeds") checkRetried(e, obs);
    else checkFailed(e, obs, plan, deadlineMs);
    checkCallsAndAttempts(ctx, plan, obs);
    checkWorldAfterStep(plan, e, obs, before, after, kept);
    checkNext(plan, failed, next, final);
  } catch (err) {
    throw withDetails(err, details, scan);
  }
  return { details, scan };
}
