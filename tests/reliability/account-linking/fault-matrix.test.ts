/**
 * Fault matrix on the lifecycle code: create, update, read (refresh) and delete × the twelve
 * faults of FAULT_CASES, each on its own emulator Page, over real HTTP.
 *
 * For every row: the expected outcome (retry that succeeds, or a clear failure with the Graph code
 * and fbtrace id and the right number of attempts, counted in the emulator's request log), the
 * Page's state afterwards (a failed create leaves nothing, a failed update keeps the old URL, a
 * failed delete keeps the URL, a failed read changes nothing), a re-run once the fault is cleared
 * that reaches the desired state with one call, and a secret scan of everything the row produced
 * (errors, debug log on stderr with MESSENGER_DEBUG=1 or onAttempt reports).
 *
 * Rows vary the token source (input or environment), the presence of an app secret (the Page then
 * requires appsecret_proof) and the observer (onAttempt, or the lifecycle's own debug log).
 */
import type { Emulator } from "../../../emulator/server";
import type { PageSeed } from "../../../emulator/pages";
import { GraphApiError } from "../../../provider/graph/errors";
import type { AttemptReport } from "../../../provider/graph/client";
import type { AccountLinkingOutputs } from "../../../provider/account-linking/types";
import {
  checked,
  FAST_RETRY,
  FAULT_CASES,
  isTarget,
  lifecycleFor,
  mark,
  requestsSince,
  targetOf,
  type FaultCase,
  type Operation,
  useDebugEmulator,
} from "../../support/fault-harness";
import { mulberry32, SEED } from "../../support/prng";
import { scenario, useReport, withDetails } from "../../support/report";
import { captureOutput, errorString, errorTexts, secrets, seedPage, type ScanText } from "../../support/secret-scan";

useReport("fault-matrix-lifecycle");
const CATEGORY = "fault-matrix/lifecycle";
const OPS: readonly Operation[] = ["create", "update", "read", "delete"];
const rows = OPS.flatMap((op) => FAULT_CASES.map((fc) => ({ op, fc })));
const random = mulberry32(SEED);
const pages: PageSeed[] = rows.map((_, i) =>
  seedPage(random, i, { appSecret: Math.floor(i / 2) % 2 === 0, prefix: "Matrix Page" }),
);

const emulator = useDebugEmulator(pages);
let emu: Emulator;
beforeAll(() => {
  emu = emulator();
});

function fail(message: string): never {
  throw new Error(message);
}

function check(cond: boolean, message: string): void {
  if (!cond) fail(message);
}

/** The debug log lines of one call target: `[messenger] POST /v25.0/me/messenger_profile attempt 2: …`. */
function debugLines(text: string, op: Operation): string[] {
  const t = targetOf(op);
  return text.split("\n").filter((l) => l.startsWith(`[messenger] ${t.method} `) && l.includes(`${t.path} attempt `));
}

describe("fault matrix on the lifecycle (real HTTP against the emulator)", () => {
  rows.forEach(({ op, fc }, i) => {
    const page = pages[i];
    const tokenSource = i % 2 === 0 ? "input" : "env";
    const observed = Math.floor(i / 4) % 2 === 0;
    const variant = `${tokenSource} token${page.appSecret ? ", appsecret_proof" : ""}, ${observed ? "onAttempt observer" : "MESSENGER_DEBUG log"}`;
    scenario(CATEGORY, `${op} × ${fc.title} [${variant}]`, () => runRow(op, fc, page, tokenSource, observed), 30_000);
  });
});

async function runRow(op: Operation, fc: FaultCase, page: PageSeed, tokenSource: "input" | "env", observed: boolean) {
  const reports: AttemptReport[] = [];
  const lc = lifecycleFor(emu, {
    retry: fc.retry,
    envToken: tokenSource === "env" ? page.token : undefined,
    envAppSecret: tokenSource === "env" ? page.appSecret : undefined,
    observer: observed ? (r) => reports.push(r) : undefined,
  });
  const retry = { ...FAST_RETRY, ...fc.retry };
  const base = `https://example.com/reliability/${op}/${fc.key}`;
  const OLD = `${base}/old`;
  const NEW = `${base}/new`;
  const DRIFT = `${base}/drift`;
  const raw = (url: string): Record<string, unknown> => ({
    accountLinkingUrl: url,
    ...(tokenSource === "input"
      ? { pageAccessToken: page.token, ...(page.appSecret ? { appSecret: page.appSecret } : {}) }
      : {}),
  });
  const texts: ScanText[] = [];
  const details: Record<string, unknown> = {
    op,
    fault: fc.key,
    tokenSource,
    appSecretProof: page.appSecret !== undefined,
    observer: observed ? "onAttempt" : "debug log",
    expected: fc.expect.kind,
  };

  // Set-up, without faults: the state the operation starts from.
  const capSetup = captureOutput();
  let olds: AccountLinkingOutputs | undefined;
  try {
    emu.setAccountLinkingUrl(page.id, undefined);
    if (op !== "create") {
      olds = (await lc.create(await checked(lc, raw(OLD)))).outs;
      check(emu.page(page.id)?.accountLinkingUrl === OLD, "set-up: the Page should hold the old URL");
    }
    if (op === "read") emu.setAccountLinkingUrl(page.id, DRIFT);
  } finally {
    texts.push({ where: "set-up output", text: capSetup.stop() });
  }
  const news = await checked(lc, raw(NEW));
  const run = async (): Promise<unknown> => {
    switch (op) {
      case "create":
        return lc.create(news);
      case "update":
        return lc.update(page.id, olds!, news);
      case "read":
        return lc.read(page.id, olds);
      case "delete":
        return lc.delete(page.id, olds!);
    }
  };
  const pageBefore = emu.page(page.id)?.accountLinkingUrl;

  // The operation, with the fault.
  reports.length = 0;
  const m = mark(emu);
  const target = targetOf(op);
  for (const spec of fc.faults({ method: target.method, path: target.path, pageId: page.id }, page.id))
    emu.injectFault(spec);
  const capOp = captureOutput();
  const t0 = Date.now();
  let result: unknown;
  let error: unknown;
  try {
    result = await run();
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
  const otherCalls = logged.filter((r) => !isTarget(op, r)).map((r) => `${r.method} ${r.path}`);
  const pageAfterOp = emu.page(page.id)?.accountLinkingUrl;
  const opReports = [...reports];
  emu.clearFaults();

  // Re-run once the fault is cleared: no manual repair.
  const m2 = mark(emu);
  const capRerun = captureOutput();
  let rerunResult: unknown;
  let rerunError: unknown;
  try {
    rerunResult = await run();
  } catch (e) {
    rerunError = e;
  }
  texts.push(...errorTexts(rerunError, "re-run error"), { where: "re-run output", text: capRerun.stop() });
  const rerunCalls = requestsSince(emu, m2, page.id);
  const pageAfterRerun = emu.page(page.id)?.accountLinkingUrl;

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
      otherCalls,
    },
    page: { before: pageBefore ?? null, afterOperation: pageAfterOp ?? null, afterRerun: pageAfterRerun ?? null },
    rerun: {
      outcome: rerunError === undefined ? "succeeded" : `failed: ${errorString(rerunError)}`,
      calls: rerunCalls.map((r) => `${r.method} ${r.path} -> ${r.status}`),
    },
  });
  const scan = secrets.scan(texts);

  try {
    // 1. No secret anywhere.
    check(scan.texts > 0 && scan.chars > 0, "nothing was scanned");
    check(scan.hits.length === 0, `secret leaked: ${scan.hits.map((h) => `${h.label} in ${h.where}`).join("; ")}`);

    // 2. The outcome and the attempt count.
    const e = fc.expect;
    if (e.kind === "retry-succeeds") {
      check(error === undefined, `expected a retry that succeeds, got: ${String(error)}`);
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
          const r = result as { id: string; outs: AccountLinkingOutputs };
          check(r.id === page.id, `create returned id ${r.id}, expected Page ${page.id}`);
          check(
            r.outs.accountLinkingUrl === NEW && pageAfterOp === NEW,
            "create succeeded but the Page or the outputs do not hold the new URL",
          );
          break;
        }
        case "update": {
          const r = result as { outs: AccountLinkingOutputs };
          check(
            r.outs.accountLinkingUrl === NEW && pageAfterOp === NEW,
            "update succeeded but the Page or the outputs do not hold the new URL",
          );
          break;
        }
        case "read": {
          const r = result as { id: string; props: AccountLinkingOutputs };
          check(
            r.id === page.id && r.props.accountLinkingUrl === DRIFT,
            `read returned ${r.props?.accountLinkingUrl}, the Page holds the drifted URL`,
          );
          check(pageAfterOp === DRIFT, "a read changed the Page");
          break;
        }
        case "delete":
          check(pageAfterOp === undefined, "delete succeeded but the Page still holds a URL");
          break;
      }
    } else {
      check(error !== undefined, `expected a failure, the operation succeeded after ${targetCalls.length} attempts`);
      check(gErr !== undefined, `expected a GraphApiError, got ${String(error)}`);
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
      check(g.message.includes(`${target.method} /v25.0${target.path}`), "the message does not name the failed call");
      check(g.message.includes(`Graph error ${e.code}`), `the message does not name Graph error ${e.code}`);
      for (const re of e.message) check(re.test(g.message), `the message does not match ${re}: ${g.message}`);
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
      // State consistent after the failure.
      const expectedPage = op === "create" ? undefined : op === "read" ? DRIFT : OLD;
      check(
        pageAfterOp === expectedPage,
        `after the failed ${op} the Page holds ${String(pageAfterOp)}, expected ${String(expectedPage)}`,
      );
    }

    // 3. No other calls than the operation's own.
    const expectedOthers = op === "create" ? ["GET /v25.0/me"] : [];
    check(
      JSON.stringify(otherCalls) === JSON.stringify(expectedOthers),
      `unexpected calls besides the target: ${otherCalls.join(", ")}`,
    );

    // 4. The observer (or the debug log) saw every attempt.
    if (observed) {
      const mine = opReports.filter((r) => r.method === target.method && r.path.endsWith(target.path));
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

    // 5. The re-run reaches the desired state with one call.
    check(rerunError === undefined, `the re-run failed: ${String(rerunError)}`);
    const rerunTarget = rerunCalls.filter((r) => isTarget(op, r));
    check(
      rerunTarget.length === 1 && rerunTarget[0].status === 200,
      `the re-run should make one successful call, made ${rerunCalls.map((r) => `${r.method} ${r.path} -> ${r.status}`).join(", ")}`,
    );
    if (op === "read") {
      const r = rerunResult as { props: AccountLinkingOutputs };
      check(r.props.accountLinkingUrl === DRIFT, "the re-run read does not report the Page's URL");
    } else {
      const desired = op === "delete" ? undefined : NEW;
      check(
        pageAfterRerun === desired,
        `after the re-run the Page holds ${String(pageAfterRerun)}, expected ${String(desired)}`,
      );
    }
  } catch (err) {
    throw withDetails(err, details, scan);
  }
  return { details, scan };
}
