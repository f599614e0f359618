/**
 * Fault matrix of `MessengerProfile` on its lifecycle (`ProfileLifecycle`): create, update (the
 * fault on its POST), update (the fault on its DELETE, after the POST went through), read (refresh)
 * and delete × the twelve faults of FAULT_CASES, each row on its own emulator Page, over real HTTP,
 * with full profiles (every field the platform has, two locales).
 *
 * For every row:
 * - the outcome: a retry that succeeds, or a typed failure with the Graph code, the fbtrace id and the
 *   attempts the emulator saw;
 * - the Page afterwards, field by field on normalized values: a failed create sets nothing; a refused
 *   POST changes nothing; a failed DELETE after the POST leaves the new values and the fields to
 *   remove; a failed read and a failed delete change nothing; and the state the engine keeps after
 *   the failure (the old state, or the partial state the error carries) describes the Page exactly;
 *   a field of the other platform, owned by nobody, is never touched;
 * - the engine's next step once the fault is cleared (the same operation on the kept state, or for a
 *   step that succeeded, a no-change `up` with 0 calls; after a refresh, the `up` that repairs the
 *   drift), with the exact calls it makes, converging on the desired profile;
 * - a secret scan of everything the row produced (errors, debug log or onAttempt reports).
 *
 * Rows vary the platform (Messenger, Instagram), the token source (input, stack config, environment),
 * the app secret (the Page then requires appsecret_proof) and the observer (onAttempt, debug log).
 */
import type { Emulator, LoggedRequest } from "../../../emulator/server";
import type { PageSeed } from "../../../emulator/pages";
import { GraphApiError } from "../../../provider/graph/errors";
import type { AttemptReport } from "../../../provider/graph/client";
import { partialStateOf } from "../../../provider/core/partial-state";
import type { ProfileLifecycle } from "../../../provider/profile/lifecycle";
import {
  PROFILE_WIRE_FIELDS,
  fieldByWire,
  type ProfilePlatform,
  type ProfileWireField,
} from "../../../provider/graph/profile-fields";
import { fieldValue } from "../../../provider/profile/normalize";
import type { NormalizedProfile } from "../../../provider/profile/types";
import {
  checkedProfile,
  FAST_RETRY,
  FAULT_CASES,
  mark,
  profileLifecycleFor,
  requestsSince,
  type FaultCase,
  useDebugEmulator,
} from "../../support/fault-harness";
import {
  bystanderOf,
  driftOf,
  fieldMismatches,
  fieldsOf,
  normalized,
  otherPlatform,
  profileOnPage,
  PROFILES,
  summary,
} from "../../support/profile-matrix";
import { mulberry32, SEED } from "../../support/prng";
import { scenario, useReport, withDetails } from "../../support/report";
import { captureOutput, errorString, errorTexts, secrets, seedPage, type ScanText } from "../../support/secret-scan";
import { fromWire } from "../../../provider/profile/wire-form";
import type { MessengerProfileInputs, MessengerProfileOutputs } from "../../../provider/profile/types";

useReport("fault-matrix-profile", "MessengerProfile");
const CATEGORY = "fault-matrix/profile-lifecycle";

/** The lifecycle steps of the matrix; `update-delete` is an update whose DELETE (after its POST) is faulted. */
type ProfileOp = "create" | "update" | "update-delete" | "read" | "delete";
const OPS: readonly ProfileOp[] = ["create", "update", "update-delete", "read", "delete"];
type TokenSource = "input" | "config" | "env";
const TOKEN_SOURCES: readonly TokenSource[] = ["input", "config", "env"];

const PROFILE_PATH = "/me/messenger_profile";
const V = "/v25.0";

/** The call a row's faults hit. */
function targetOf(op: ProfileOp): { method: "GET" | "POST" | "DELETE"; path: string } {
  switch (op) {
    case "create":
    case "update":
      return { method: "POST", path: PROFILE_PATH };
    case "update-delete":
    case "delete":
      return { method: "DELETE", path: PROFILE_PATH };
    case "read":
      return { method: "GET", path: PROFILE_PATH };
  }
}

const isTarget = (op: ProfileOp, r: { method: string; path: string }): boolean =>
  r.method === targetOf(op).method && r.path.endsWith(PROFILE_PATH);
const callLine = (r: LoggedRequest): string => `${r.method} ${r.path}`;

/** Every third row is on Instagram, rotating with the operation so that each fault meets both platforms. */
const platformOf = (n: number): ProfilePlatform => (n % 3 === 1 ? "instagram" : "messenger");
const rows = OPS.flatMap((op, o) =>
  FAULT_CASES.map((fc, f) => ({
    op,
    fc,
    platform: platformOf(f + o),
    tokenSource: TOKEN_SOURCES[f % 3],
  })),
);
const random = mulberry32(SEED + 101);
const pages: PageSeed[] = rows.map((_, i) =>
  seedPage(random, i, {
    id: String(3200000000000001 + i),
    appSecret: Math.floor(i / 2) % 2 === 0,
    prefix: "Profile Matrix Page",
  }),
);

const emulator = useDebugEmulator(pages);
let emu: Emulator;
beforeAll(() => {
  emu = emulator();
});

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

/** The debug log lines of the target call: `[messenger] DELETE /v25.0/me/messenger_profile attempt 2: …`. */
function debugLines(text: string, op: ProfileOp): string[] {
  const t = targetOf(op);
  return text
    .split("\n")
    .filter((l) => l.startsWith(`[messenger] ${t.method} `) && /\/me\/messenger_profile(\?\S*)? attempt /.test(l));
}

/** The messages a profile failure must carry: FAULT_CASES' own, with the profile's advice for Graph 100. */
function expectedMessages(fc: FaultCase): readonly RegExp[] {
  if (fc.expect.kind === "retry-succeeds") return [];
  if (fc.key === "graph-100") return [/Graph error 100\b/, /field of the profile/, /docs\/profile\.md/];
  return fc.expect.message;
}

/** The owned fields' values as state records them (outputs carry them under their input names). */
const stateProfile = (outs: MessengerProfileOutputs): NormalizedProfile => outs;

describe("fault matrix on the MessengerProfile lifecycle (real HTTP against the emulator)", () => {
  rows.forEach(({ op, fc, platform, tokenSource }, i) => {
    const page = pages[i];
    const observed = Math.floor(i / 4) % 2 === 0;
    const variant = `${platform}, ${tokenSource} token${page.appSecret ? ", appsecret_proof" : ""}, ${observed ? "onAttempt observer" : "MESSENGER_DEBUG log"}`;
    const title = op === "update-delete" ? "update (DELETE after the POST)" : op === "update" ? "update (POST)" : op;
    scenario(
      CATEGORY,
      `${title} × ${fc.title} [${variant}]`,
      () => runRow(op, fc, page, platform, tokenSource, observed),
      30_000,
    );
  });
});

async function runRow(
  op: ProfileOp,
  fc: FaultCase,
  page: PageSeed,
  platform: ProfilePlatform,
  tokenSource: TokenSource,
  observed: boolean,
) {
  const reports: AttemptReport[] = [];
  const lc: ProfileLifecycle = profileLifecycleFor(emu, {
    retry: fc.retry,
    ...(tokenSource === "env" ? { envToken: page.token, envAppSecret: page.appSecret } : {}),
    ...(tokenSource === "config" ? { configToken: page.token, configAppSecret: page.appSecret } : {}),
    observer: observed ? (r) => reports.push(r) : undefined,
  });
  const retry = { ...FAST_RETRY, ...fc.retry };
  const { full, next } = PROFILES[platform];
  const raw = (args: object): Record<string, unknown> => ({
    ...args,
    platform,
    ...(tokenSource === "input"
      ? { pageAccessToken: page.token, ...(page.appSecret ? { appSecret: page.appSecret } : {}) }
      : {}),
  });
  const FULL = normalized(full, platform);
  const NEXT = normalized(next, platform);
  const owned = fieldsOf(FULL);
  const ownedNext = fieldsOf(NEXT);
  const removed = owned.filter((f) => !ownedNext.includes(f));
  const DRIFTED: NormalizedProfile = { ...FULL, ...fromWire(driftOf(platform), platform) };
  const other = otherPlatform(platform);
  const BYSTANDER = fromWire(bystanderOf(platform), other);
  const onPage = () => profileOnPage(emu, page.id, platform);
  const texts: ScanText[] = [];
  const details: Record<string, unknown> = {
    op,
    fault: fc.key,
    platform,
    tokenSource,
    appSecretProof: page.appSecret !== undefined,
    observer: observed ? "onAttempt" : "debug log",
    expected: fc.expect.kind,
    ownedFields: owned,
    ...(op.startsWith("update") ? { post: ownedNext.filter((f) => !fieldsEqual(FULL, NEXT, f)), delete: removed } : {}),
  };

  // Set-up, without faults: the state the operation starts from.
  const capSetup = captureOutput();
  let olds: MessengerProfileOutputs | undefined;
  let fullInputs: MessengerProfileInputs;
  let news: MessengerProfileInputs;
  try {
    emu.deleteProfileFields(
      page.id,
      PROFILE_WIRE_FIELDS.filter((f) => fieldByWire(f).platforms.includes(platform)),
      platform,
    );
    emu.setProfileFields(page.id, bystanderOf(platform), other);
    fullInputs = await checkedProfile(lc, raw(full));
    if (op !== "create") {
      olds = (await lc.create(fullInputs)).outs;
      const bad = fieldMismatches(FULL, onPage(), PROFILE_WIRE_FIELDS);
      check(bad.length === 0, `set-up: the Page should hold the full profile: ${bad.join("; ")}`);
    }
    if (op === "read") emu.setProfileFields(page.id, driftOf(platform), platform);
    news = op.startsWith("update") ? await checkedProfile(lc, raw(next), fullInputs) : fullInputs;
  } finally {
    texts.push({ where: "set-up output", text: capSetup.stop() });
  }
  const run = async (state: MessengerProfileOutputs | undefined): Promise<unknown> => {
    switch (op) {
      case "create":
        return lc.create(news);
      case "update":
      case "update-delete":
        return lc.update(page.id, state!, news);
      case "read":
        return lc.read(page.id, state);
      case "delete":
        return lc.delete(page.id, state!);
    }
  };
  const pageBefore = onPage();

  // The operation, with the fault.
  reports.length = 0;
  const m = mark(emu);
  const target = targetOf(op);
  for (const spec of fc.faults(
    { method: target.method, path: "messenger_profile", pageId: page.id, platform },
    page.id,
  ))
    emu.injectFault(spec);
  const capOp = captureOutput();
  const t0 = Date.now();
  let result: unknown;
  let error: unknown;
  try {
    result = await run(olds);
  } catch (e) {
    error = e;
  }
  const durationMs = Date.now() - t0;
  const opOutput = capOp.stop();
  texts.push(
    ...errorTexts(error, "operation error"),
    { where: "operation output", text: opOutput },
    { where: "onAttempt reports", text: JSON.stringify(reports) },
  );
  const logged = requestsSince(emu, m, page.id);
  const targetCalls = logged.filter((r) => isTarget(op, r));
  const otherCalls = logged.filter((r) => !isTarget(op, r)).map(callLine);
  const pageAfterOp = onPage();
  const bystanderAfterOp = profileOnPage(emu, page.id, other);
  const opReports = [...reports];
  emu.clearFaults();

  // What the engine keeps after the step: the new outputs on success; after a failure, the partial
  // state the error carries (ErrorResourceInitFailed), else the old state (none for a create).
  const partial = partialStateOf(error)?.properties as MessengerProfileOutputs | undefined;
  let kept: MessengerProfileOutputs | undefined;
  if (error === undefined) {
    if (op === "create" || op.startsWith("update")) kept = (result as { outs: MessengerProfileOutputs }).outs;
    else if (op === "read") kept = (result as { props: MessengerProfileOutputs }).props;
  } else kept = partial ?? olds;

  // The engine's next step once the fault is cleared: after a failure, the same operation on the kept
  // state (a refresh is followed by the up that repairs the drift); after a success, a no-change up
  // (0 calls), except after a refresh, whose drift the next up repairs with one POST.
  const m2 = mark(emu);
  const capRerun = captureOutput();
  let rerunError: unknown;
  let rerunState: MessengerProfileOutputs | undefined = kept;
  let rerunChanges: boolean | undefined;
  try {
    if (op === "read") {
      if (error !== undefined) rerunState = ((await run(kept)) as { props: MessengerProfileOutputs }).props;
      const d = await lc.diff(page.id, rerunState!, news);
      rerunChanges = d.changes;
      if (d.changes) rerunState = (await lc.update(page.id, rerunState!, news)).outs;
    } else if (op === "delete") {
      if (error !== undefined) await run(kept);
      rerunState = undefined;
    } else if (error !== undefined && op === "create" && partial === undefined) {
      rerunState = ((await run(undefined)) as { outs: MessengerProfileOutputs }).outs;
    } else {
      const d = await lc.diff(page.id, kept!, news);
      rerunChanges = d.changes;
      if (d.changes) rerunState = (await lc.update(page.id, kept!, news)).outs;
    }
  } catch (e) {
    rerunError = e;
  }
  texts.push(...errorTexts(rerunError, "re-run error"), { where: "re-run output", text: capRerun.stop() });
  const rerunCalls = requestsSince(emu, m2, page.id);
  const pageAfterRerun = onPage();
  const bystanderAfterRerun = profileOnPage(emu, page.id, other);

  const gErr = GraphApiError.isInstance(error) ? error : undefined;
  Object.assign(details, {
    observed: {
      outcome: error === undefined ? "succeeded" : "failed",
      attempts: targetCalls.length,
      statuses: targetCalls.map(
        (r) => r.status ?? (r.fault === "reset" ? "reset" : r.fault === "delay" ? "no answer" : "?"),
      ),
      durationMs,
      ...(gErr
        ? {
            kind: gErr.kind,
            code: gErr.code,
            fbtraceId: gErr.fbtraceId,
            retryable: gErr.retryable,
            errorAttempts: gErr.attempts,
            message: gErr.message,
          }
        : {}),
      ...(error !== undefined && !gErr ? { unexpectedError: errorString(error) } : {}),
      partialState: partial !== undefined ? { ownedFields: partial.ownedFields } : null,
      otherCalls,
    },
    page: {
      before: summary(pageBefore),
      afterOperation: summary(pageAfterOp),
      afterRerun: summary(pageAfterRerun),
    },
    rerun: {
      outcome: rerunError === undefined ? "succeeded" : `failed: ${errorString(rerunError)}`,
      ...(rerunChanges !== undefined ? { diffChanges: rerunChanges } : {}),
      calls: rerunCalls.map((r) => `${callLine(r)} -> ${r.status}`),
    },
  });
  const scan = secrets.scan(texts);

  try {
    // 1. No secret anywhere.
    check(scan.texts > 0 && scan.chars > 0, "nothing was scanned");
    check(scan.hits.length === 0, `secret leaked: ${scan.hits.map((h) => `${h.label} in ${h.where}`).join("; ")}`);

    // 2. The outcome, the attempts, and the Page after the step.
    const e = fc.expect;
    const pageIs = (expected: NormalizedProfile, what: string) => {
      const bad = fieldMismatches(expected, pageAfterOp, PROFILE_WIRE_FIELDS);
      check(bad.length === 0, `${what}: ${bad.join("; ")}`);
    };
    if (e.kind === "retry-succeeds") {
      check(error === undefined, `expected a retry that succeeds, got: ${errorString(error)}`);
      check(
        targetCalls.length === e.attempts,
        `expected ${e.attempts} attempts of ${target.method} ${target.path}, the emulator saw ${targetCalls.length}`,
      );
      if (e.minGapMs !== undefined) {
        const gap = targetCalls[1].time - targetCalls[0].time;
        details.observedGapMs = gap;
        check(
          gap >= e.minGapMs,
          `the retry came ${gap} ms after the fault; the server asked for at least ${e.minGapMs} ms`,
        );
      }
      if (e.minDurationMs !== undefined)
        check(durationMs >= e.minDurationMs, `finished in ${durationMs} ms: the hung attempt cannot have timed out`);
      switch (op) {
        case "create": {
          const r = result as { id: string; outs: MessengerProfileOutputs };
          check(r.id === page.id, `create returned id ${r.id}, expected Page ${page.id}`);
          check(
            JSON.stringify(r.outs.ownedFields) === JSON.stringify(owned),
            `create owns ${r.outs.ownedFields.join(",")}`,
          );
          check(fieldMismatches(FULL, r.outs, owned).length === 0, "create's outputs are not the declared profile");
          pageIs(FULL, "create succeeded but the Page does not hold the declared profile");
          break;
        }
        case "update":
        case "update-delete": {
          const r = result as { outs: MessengerProfileOutputs };
          check(
            JSON.stringify(r.outs.ownedFields) === JSON.stringify(ownedNext),
            `update owns ${r.outs.ownedFields.join(",")}`,
          );
          check(
            fieldMismatches(NEXT, r.outs, PROFILE_WIRE_FIELDS).length === 0,
            "update's outputs are not the profile",
          );
          pageIs(NEXT, "update succeeded but the Page does not hold the new profile");
          break;
        }
        case "read": {
          const r = result as { id: string; props: MessengerProfileOutputs };
          check(r.id === page.id, `read returned id ${r.id}`);
          const bad = fieldMismatches(DRIFTED, r.props, PROFILE_WIRE_FIELDS);
          check(bad.length === 0, `read does not report the Page's profile (the drift): ${bad.join("; ")}`);
          pageIs(DRIFTED, "a read changed the Page");
          break;
        }
        case "delete":
          pageIs({}, "delete succeeded but owned fields are still set");
          break;
      }
    } else {
      check(error !== undefined, `expected a failure, the operation succeeded after ${targetCalls.length} attempts`);
      check(gErr !== undefined, `expected a GraphApiError, got ${errorString(error)}`);
      const g = gErr!;
      check(
        g.kind === "graph" && g.code === e.code,
        `expected Graph code ${e.code}, got kind ${g.kind} code ${g.code}`,
      );
      check(
        typeof g.fbtraceId === "string" && /^[A-Za-z0-9]{6,}$/.test(g.fbtraceId),
        `no fbtrace id in the error (got ${String(g.fbtraceId)})`,
      );
      check(g.message.includes(`fbtrace_id ${g.fbtraceId}`), "the message does not quote the fbtrace id");
      check(g.message.includes(`${target.method} ${V}${target.path}`), "the message does not name the failed call");
      check(g.message.includes(`Graph error ${e.code}`), `the message does not name Graph error ${e.code}`);
      for (const re of expectedMessages(fc))
        check(re.test(g.message), `the message does not match ${re}: ${g.message}`);
      check(
        g.attempts === targetCalls.length,
        `the error says ${g.attempts} attempts, the emulator saw ${targetCalls.length}`,
      );
      if (e.kind === "fails-fast") {
        check(g.retryable === e.retryable, `retryable should be ${e.retryable}`);
        check(targetCalls.length === 1, `expected no retry, the emulator saw ${targetCalls.length} attempts`);
        check(durationMs < 1000, `expected a fast failure, took ${durationMs} ms`);
      } else {
        check(g.retryable, "a deadline failure of a transient error should say retryable");
        check(
          targetCalls.length >= e.minAttempts,
          `expected retries until the deadline (>= ${e.minAttempts} attempts), saw ${targetCalls.length}`,
        );
        check(
          durationMs <= retry.deadlineMs + 300,
          `gave up after ${durationMs} ms, beyond the ${retry.deadlineMs} ms deadline`,
        );
        check(
          durationMs >= retry.deadlineMs / 2,
          `gave up after ${durationMs} ms, long before the ${retry.deadlineMs} ms deadline`,
        );
      }
      // The Page after the failure.
      switch (op) {
        case "create":
          pageIs({}, "a failed create left fields set");
          check(partial === undefined, "a failed create must not leave state behind");
          break;
        case "update":
          pageIs(FULL, "a refused POST changed the Page");
          check(partial === undefined, "an update whose POST failed changed nothing: the old state stands");
          break;
        case "update-delete": {
          const expected: NormalizedProfile = { ...NEXT };
          for (const f of removed) Object.assign(expected, pick(FULL, f));
          pageIs(expected, "after the POST went through and the DELETE failed");
          check(
            partial !== undefined && partialStateOf(error)?.reasons[0] === g.message,
            "the failed DELETE's error carries no partial state for the engine (or its first reason is not the failure)",
          );
          break;
        }
        case "read":
          pageIs(DRIFTED, "a failed read changed the Page");
          break;
        case "delete":
          pageIs(FULL, "a failed delete changed the Page");
          break;
      }
      // The state the engine keeps describes the Page, field by field.
      if (kept !== undefined && op !== "read") {
        const bad = fieldMismatches(stateProfile(kept), pageAfterOp, kept.ownedFields);
        check(
          bad.length === 0,
          `after the failed ${op} the state the engine keeps does not describe the Page: ${bad.join("; ")}`,
        );
      }
    }
    // The field nobody owns, on the other platform, is untouched.
    check(
      fieldMismatches(BYSTANDER, bystanderAfterOp, PROFILE_WIRE_FIELDS).length === 0,
      `the ${other} profile, owned by nobody, changed`,
    );

    // 3. No other calls than the operation's own.
    const post = `POST ${V}${PROFILE_PATH}`;
    const del = `DELETE ${V}${PROFILE_PATH}`;
    const expectedOthers =
      op === "create"
        ? [`GET ${V}/me`]
        : op === "update"
          ? error === undefined
            ? [del]
            : []
          : op === "update-delete"
            ? [post]
            : [];
    check(
      JSON.stringify(otherCalls) === JSON.stringify(expectedOthers),
      `expected ${JSON.stringify(expectedOthers)} besides the target, got ${JSON.stringify(otherCalls)}`,
    );
    // Instagram calls say so; Messenger calls name no platform.
    for (const r of logged.filter((x) => x.path.endsWith(PROFILE_PATH)))
      check(
        platform === "instagram" ? /(^|&)platform=instagram(&|$)/.test(r.rawQuery) : !/platform=/.test(r.rawQuery),
        `${r.method} ${r.path}?${r.rawQuery} does not address the ${platform} profile`,
      );

    // 4. The observer (or the debug log) saw every attempt.
    if (observed) {
      const mine = opReports.filter((r) => r.method === target.method && r.path.includes(PROFILE_PATH));
      check(
        mine.length === targetCalls.length,
        `onAttempt reported ${mine.length} attempts, the emulator saw ${targetCalls.length}`,
      );
      check(
        mine.slice(0, -1).every((r) => r.retryInMs !== undefined) && mine[mine.length - 1]?.retryInMs === undefined,
        "onAttempt should announce a retry on every attempt but the last",
      );
    } else {
      const lines = debugLines(opOutput, op);
      check(
        lines.length === targetCalls.length,
        `the MESSENGER_DEBUG log has ${lines.length} lines for the call, the emulator saw ${targetCalls.length} attempts`,
      );
    }

    // 5. The engine's next step converges, with the expected calls.
    check(rerunError === undefined, `the re-run failed: ${errorString(rerunError)}`);
    const failed = error !== undefined;
    const expectedRerun: string[] = {
      create: failed ? [`GET ${V}/me`, post] : [],
      update: failed ? [post, del] : [],
      "update-delete": failed ? [del] : [],
      read: failed ? [`GET ${V}${PROFILE_PATH}`, post] : [post],
      delete: failed ? [del] : [],
    }[op];
    check(
      JSON.stringify(rerunCalls.map(callLine)) === JSON.stringify(expectedRerun) &&
        rerunCalls.every((r) => r.status === 200),
      `the re-run should make ${JSON.stringify(expectedRerun)}, made ${rerunCalls.map((r) => `${callLine(r)} -> ${r.status}`).join(", ") || "no call"}`,
    );
    const desired = op === "delete" ? {} : op.startsWith("update") ? NEXT : FULL;
    const bad = fieldMismatches(desired, pageAfterRerun, PROFILE_WIRE_FIELDS);
    check(bad.length === 0, `after the re-run the Page is not the desired profile: ${bad.join("; ")}`);
    if (rerunState !== undefined) {
      const stale = fieldMismatches(desired, stateProfile(rerunState), PROFILE_WIRE_FIELDS);
      check(stale.length === 0, `after the re-run the state is not the desired profile: ${stale.join("; ")}`);
    }
    check(
      fieldMismatches(BYSTANDER, bystanderAfterRerun, PROFILE_WIRE_FIELDS).length === 0,
      `the ${other} profile, owned by nobody, changed in the re-run`,
    );
  } catch (err) {
    throw withDetails(err, details, scan);
  }
  return { details, scan };
}

/** One field of a normalized profile, as a profile of its own. */
function pick(profile: NormalizedProfile, field: ProfileWireField): NormalizedProfile {
  const v = fieldValue(profile, field);
  return v === undefined ? {} : { [fieldByWire(field).input]: v };
}

function fieldsEqual(a: NormalizedProfile, b: NormalizedProfile, f: ProfileWireField): boolean {
  return fieldMismatches(a, b, [f]).length === 0;
}
