// opOverheadRatio, an in-process micro-benchmark: the cost of one provider operation (create,
// update, read, delete called through AccountLinkingLifecycle, exactly as the dynamic-provider host
// calls it) against the same HTTP requests sent raw with node-fetch (same method, path, query and
// body, replayed from what the lifecycle sent), both against the same emulator in this process,
// each over its own keep-alive http.Agent. Calls are interleaved (alternating which goes first) so
// that drift hits both alike.
import * as crypto from "crypto";
import * as http from "http";
import fetch from "node-fetch";
import { startEmulator, type Emulator, type LoggedRequest, type PageSeed } from "../../emulator";
import { AccountLinkingLifecycle } from "../../provider/account-linking/lifecycle";
import { readProviderSettings } from "../../provider/core/settings";
import type { AccountLinkingInputs, AccountLinkingOutputs } from "../../provider/account-linking/types";
import { GOALS, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import type { LifecycleOp, OpOverheadResult, OpOverheadRun } from "../results";
import { median, now, msSince, round, summary } from "../stats";

const OPS: readonly LifecycleOp[] = ["create", "update", "read", "delete"];
const URLS = ["https://example.com/messenger/link?bench=a", "https://example.com/messenger/link?bench=b"] as const;

/** The credentials the lifecycle runs with, which the raw baseline puts back into each query. */
export interface OverheadPage {
  /** The Page's access token. */
  readonly token: string;
  /** The Page's id. */
  readonly pageId: string;
  /** An app secret, when the calls carry `appsecret_proof`. */
  readonly appSecret?: string;
}

/** How much to measure. */
export interface OverheadOptions {
  /** Reps; each yields one ratio per operation. */
  readonly reps: number;
  /** Interleaved calls per operation per rep. */
  readonly iterations: number;
  /** Untimed interleaved calls per operation first. */
  readonly warmup: number;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** A request as the emulator logged it, in the fields that the replay needs and compares. */
type RequestShape = Pick<LoggedRequest, "method" | "path" | "rawQuery" | "body" | "bodyBytes" | "contentType">;

function shapeOf(r: LoggedRequest): RequestShape {
  const { method, path, rawQuery, body, bodyBytes, contentType } = r;
  return { method, path, rawQuery, body, bodyBytes, contentType };
}

/**
 * The query string to send for a logged one: the credentials rebuilt from what is known, since the
 * log may redact them (`access_token=[REDACTED]`); every other parameter as logged, in order.
 */
export function replayQuery(rawQuery: string, page: OverheadPage): string {
  if (rawQuery === "") return "";
  return rawQuery
    .split("&")
    .map((param) => {
      const name = param.split("=", 1)[0];
      if (name === "access_token") return `access_token=${encodeURIComponent(page.token)}`;
      if (name === "appsecret_proof") {
        if (page.appSecret === undefined) throw new Error("the log has an appsecret_proof but no app secret is known");
        return `appsecret_proof=${crypto.createHmac("sha256", page.appSecret).update(page.token).digest("hex")}`;
      }
      return param;
    })
    .join("&");
}

/**
 * Measures each lifecycle operation against the same requests sent raw.
 *
 * @param emu - emulator whose rate limit the caller lifted
 * @param page - the Page the lifecycle runs on, with its credentials
 * @param opts - reps, iterations and progress log
 */
export async function measureOpOverhead(
  emu: Emulator,
  page: OverheadPage,
  opts: OverheadOptions,
): Promise<OpOverheadRun> {
  const { reps, iterations, warmup, log } = opts;
  delete process.env.MESSENGER_DEBUG; // the host's default observer logs only when this is set
  const lc = new AccountLinkingLifecycle({
    settings: readProviderSettings(undefined, {
      MESSENGER_GRAPH_API_URL: emu.url,
      MESSENGER_PAGE_ACCESS_TOKEN: page.token,
      ...(page.appSecret === undefined ? {} : { MESSENGER_APP_SECRET: page.appSecret }),
    }),
  });
  const rawAgent = new http.Agent({ keepAlive: true, maxSockets: 32, keepAliveMsecs: 10_000 });

  // Resolved inputs and outputs, as the engine would hand them over.
  const inputsFor = async (url: string): Promise<AccountLinkingInputs> => {
    const raw = { accountLinkingUrl: url } as unknown as AccountLinkingInputs;
    const { inputs, failures } = await lc.check({} as AccountLinkingInputs, raw);
    if ((failures && failures.length > 0) || inputs === undefined)
      throw new Error(`check failed: ${JSON.stringify(failures)}`);
    return inputs;
  };
  const inputs = [await inputsFor(URLS[0]), await inputsFor(URLS[1])];
  const created = await lc.create(inputs[0]);
  const id = created.id;
  const createdOuts = created.outs;
  if (createdOuts === undefined) throw new Error("create returned no outputs");
  const outsFor = (p: number): AccountLinkingOutputs => ({ ...createdOuts, accountLinkingUrl: URLS[p] });

  // Parity p alternates the URL so that every update really changes it.
  const lifecycleOp: Record<LifecycleOp, (p: number) => Promise<unknown>> = {
    create: (p) => lc.create(inputs[p]),
    update: (p) => lc.update(id, outsFor(1 - p), inputs[p]),
    read: (p) => lc.read(id, outsFor(p)),
    delete: (p) => lc.delete(id, outsFor(p)),
  };

  // What each lifecycle op sends, captured from the emulator's log, per parity.
  const templates = {} as Record<LifecycleOp, RequestShape[][]>;
  for (const op of OPS) {
    templates[op] = [];
    for (const p of [0, 1]) {
      emu.clearRequests();
      await lifecycleOp[op](p);
      const sent = emu.requests().map(shapeOf);
      for (const r of sent)
        if (Buffer.byteLength(r.body) !== r.bodyBytes)
          throw new Error(`the log holds only part of ${op}'s ${r.method} body (${r.bodyBytes} bytes): cannot replay`);
      templates[op].push(sent);
    }
  }
  const rawOp = (op: LifecycleOp, p: number) => async (): Promise<void> => {
    for (const r of templates[op][p]) {
      const query = replayQuery(r.rawQuery, page);
      const res = await fetch(`${emu.url}${r.path}${query ? `?${query}` : ""}`, {
        method: r.method,
        headers: r.body
          ? { accept: "application/json", "content-type": r.contentType ?? "application/json" }
          : { accept: "application/json" },
        body: r.body || undefined,
        agent: rawAgent,
      });
      const body: unknown = await res.json();
      if (res.status !== 200) throw new Error(`raw ${r.method} ${r.path}: HTTP ${res.status} ${JSON.stringify(body)}`);
    }
  };
  // The raw baseline must send byte-identical requests.
  const sameRequests = {} as Record<LifecycleOp, string[]>;
  for (const op of OPS) {
    for (const p of [0, 1]) {
      emu.clearRequests();
      await rawOp(op, p)();
      const sent = JSON.stringify(emu.requests().map(shapeOf));
      const want = JSON.stringify(templates[op][p]);
      if (sent !== want)
        throw new Error(`raw baseline of ${op} differs from the lifecycle's requests:\n${sent}\n${want}`);
    }
    sameRequests[op] = templates[op][0].map((r) => `${r.method} ${r.path}`);
  }

  const timeOne = async (fn: () => Promise<unknown>): Promise<number> => {
    const t = now();
    await fn();
    return msSince(t);
  };
  const runPairs = async (op: LifecycleOp, count: number, sink?: (lifecycle: number, raw: number) => void) => {
    for (let i = 0; i < count; i++) {
      const p = i % 2;
      const lifecycleFirst = (i >> 1) % 2 === 0;
      if (lifecycleFirst) {
        const a = await timeOne(() => lifecycleOp[op](p));
        const b = await timeOne(rawOp(op, p));
        sink?.(a, b);
      } else {
        const b = await timeOne(rawOp(op, p));
        const a = await timeOne(() => lifecycleOp[op](p));
        sink?.(a, b);
      }
    }
  };

  for (const op of OPS) await runPairs(op, warmup);
  emu.clearRequests();

  const ratios = Object.fromEntries(OPS.map((op) => [op, [] as number[]])) as Record<LifecycleOp, number[]>;
  const latency = Object.fromEntries(
    OPS.map((op) => [op, { lifecycle: [] as number[], raw: [] as number[] }]),
  ) as Record<LifecycleOp, { lifecycle: number[]; raw: number[] }>;
  for (let rep = 0; rep < reps; rep++) {
    for (const op of OPS) {
      const l: number[] = [];
      const r: number[] = [];
      await runPairs(op, iterations, (a, b) => {
        l.push(a);
        r.push(b);
      });
      ratios[op].push(median(l) / median(r));
      latency[op].lifecycle.push(median(l));
      latency[op].raw.push(median(r));
      emu.clearRequests(); // keep the log small
    }
    log(`  op overhead rep ${rep + 1}/${reps}: ${OPS.map((op) => `${op} ${round(ratios[op][rep], 3)}`).join(", ")}`);
  }
  await lc.delete(id, outsFor(0));
  rawAgent.destroy();

  const perOp = {} as OpOverheadRun["perOp"];
  for (const op of OPS) {
    perOp[op] = {
      ratio: summary(ratios[op]),
      requests: sameRequests[op],
      lifecycleMedianMs: round(median(latency[op].lifecycle), 4),
      rawMedianMs: round(median(latency[op].raw), 4),
    };
  }
  const worstOp = OPS.reduce((a, b) => (perOp[a].ratio.median >= perOp[b].ratio.median ? a : b));
  return { perOp, worstOp, reps, iterationsPerRep: iterations, warmupIterations: warmup };
}

/** How much {@link measureOpOverheadRatio} measures. */
export interface OverheadReps {
  /** Reps of the judged run. */
  readonly reps: number;
  /** Interleaved calls per operation per rep of the judged run. */
  readonly iterations: number;
  /** Untimed calls per operation first. */
  readonly warmup: number;
}

/** The context run: 1 ms of emulated latency per call. */
const WITH_LATENCY = { latencyMs: 1, reps: 5, iterations: 100, warmup: 20 };

/**
 * The `opOverheadRatio` figure: the judged run on `emu` (whose rate limit the caller lifted), then
 * the same on a second emulator that adds 1 ms of latency to every call, for context.
 */
export async function measureOpOverheadRatio(
  emu: Emulator,
  pages: readonly PageSeed[],
  page: PageSeed,
  reps: OverheadReps,
  log: (line: string) => void,
): Promise<OpOverheadResult> {
  const credentials = { token: page.token, pageId: page.id };
  const op = await measureOpOverhead(emu, credentials, { ...reps, log });
  log(
    `opOverheadRatio, context: the same with ${WITH_LATENCY.latencyMs} ms of emulated latency per call (${WITH_LATENCY.reps} reps × ${WITH_LATENCY.iterations})`,
  );
  const slow = await startEmulator({
    port: 0,
    pages: [...pages],
    latencyMs: WITH_LATENCY.latencyMs,
    rateLimit: UNLIMITED,
  });
  let withLatency: OpOverheadRun;
  try {
    withLatency = await measureOpOverhead(slow, credentials, { ...WITH_LATENCY, log });
  } finally {
    await slow.close();
  }
  const goal = GOALS.opOverheadRatio;
  return {
    goal: goal.text,
    met: OPS.every((k) => withinLimit(goal, op.perOp[k].ratio.median)),
    value: op.perOp[op.worstOp].ratio.median,
    ...op,
    withEmulatedLatency1ms: {
      perOp: Object.fromEntries(
        OPS.map((k) => {
          const { ratio, lifecycleMedianMs, rawMedianMs } = withLatency.perOp[k];
          return [k, { ratio, lifecycleMedianMs, rawMedianMs }];
        }),
      ) as OpOverheadResult["withEmulatedLatency1ms"]["perOp"],
      reps: WITH_LATENCY.reps,
      iterationsPerRep: WITH_LATENCY.iterations,
    },
  };
}
