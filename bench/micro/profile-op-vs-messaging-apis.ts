// profileOpVsMessagingApis, an in-process micro-benchmark: our profile operations (GraphOperations'
// `setFields`, `getFields`, `deleteFields` on a full profile: all seven fields, two locales) against
// messaging-api-messenger's `setMessengerProfile`, `getMessengerProfile` and `deleteMessengerProfile`,
// the client most Messenger bots in Node use (bottender's), on the same emulator in this process.
// Both send the same request (checked on the emulator's log before timing: method, path, query and
// body byte for byte); each side is given its natural input (ours the wire document, theirs the same
// document in camelCase, which it converts back). Calls are interleaved, alternating which side goes
// first, after a warm-up; a rep's ratio is the median of ours over the median of theirs.
import * as fs from "fs";
import * as path from "path";
import type { Emulator, LoggedRequest, PageSeed } from "../../emulator";
import { PROFILE_WIRE_FIELDS } from "../../provider/graph/profile-fields";
import { normalizeProfileArgs } from "../../provider/profile/normalize";
import { GOALS, withinLimit } from "../goals";
import { FULL_PROFILE } from "../profile-sync/edits";
import { messagingApiClient, type BottenderProfile, type ProfileClient } from "../profile-sync/bottender";
import type { ProfileOp, ProfileOpComparison, ProfileOpVsMessagingApisResult } from "../results";
import { median, msSince, now, round, summary } from "../stats";
import { GraphOperations } from "../../provider/graph/operations";
import { toWire } from "../../provider/profile/wire-form";

const OPS: readonly ProfileOp[] = ["set", "get", "delete"];
const VERSION = "v25.0";

/** How much to measure. */
export interface ProfileOpReps {
  /** Reps; each yields one ratio per operation. */
  readonly reps: number;
  /** Interleaved calls per operation per rep. */
  readonly iterations: number;
  /** Untimed interleaved calls per operation first. */
  readonly warmup: number;
}

/** snake_case keys to camelCase, deep (what a messaging-api-messenger user writes). */
export function camelKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeysDeep);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camelKeysDeep(x)]),
    );
  return v;
}

/** The installed messaging-api-messenger's version. */
function messagingApiVersion(): string {
  const pkg = path.join(path.dirname(require.resolve("messaging-api-messenger")), "..", "package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

type Shape = Pick<LoggedRequest, "method" | "path" | "rawQuery" | "body">;
const shapeOf = ({ method, path: p, rawQuery, body }: LoggedRequest): Shape => ({ method, path: p, rawQuery, body });

/**
 * Times each profile operation against messaging-api-messenger's on `emu`.
 *
 * @param emu - emulator whose rate limit the caller lifted (its log is cleared as it goes)
 * @param page - the Page both sides work on
 * @param reps - reps, iterations, warm-up
 * @param log - progress lines
 */
export async function measureProfileOpVsMessagingApis(
  emu: Emulator,
  page: PageSeed,
  reps: ProfileOpReps,
  log: (line: string) => void = () => undefined,
): Promise<ProfileOpVsMessagingApisResult> {
  delete process.env.MESSENGER_DEBUG; // the default observer logs only when this is set
  const ours = new GraphOperations().page({ graphApiUrl: emu.url, token: page.token, apiVersion: VERSION });
  const theirs: ProfileClient = messagingApiClient(emu.url, page.token, VERSION);
  const wire = toWire(normalizeProfileArgs(FULL_PROFILE, "messenger"));
  const camel = camelKeysDeep(wire) as BottenderProfile;
  const fields = [...PROFILE_WIRE_FIELDS];
  if (Object.keys(wire).length !== fields.length) throw new Error("the full profile must set all seven fields");

  // Before each delete the profile is put back out of band (not timed, not a Graph call), so that
  // every delete removes a full profile and every get reads one.
  const refill = (): void => emu.setProfileFields(page.id, wire as Record<string, unknown>);
  const side: Record<ProfileOp, { ours: () => Promise<unknown>; theirs: () => Promise<unknown>; before?: () => void }> =
    {
      set: { ours: () => ours.setFields(wire), theirs: () => theirs.setMessengerProfile(camel) },
      get: { ours: () => ours.getFields(fields), theirs: () => theirs.getMessengerProfile(fields) },
      delete: {
        ours: () => ours.deleteFields(fields),
        theirs: () => theirs.deleteMessengerProfile(fields),
        before: refill,
      },
    };

  // Both sides must send the same request.
  const request = {} as Record<ProfileOp, string>;
  for (const op of OPS) {
    const sent: Shape[] = [];
    for (const who of ["ours", "theirs"] as const) {
      refill();
      emu.clearRequests();
      await side[op][who]();
      const logged = emu.requests();
      if (logged.length !== 1 || logged[0].status !== 200)
        throw new Error(`${who} ${op}: expected one answered call, got ${JSON.stringify(logged.map(shapeOf))}`);
      sent.push(shapeOf(logged[0]));
    }
    if (JSON.stringify(sent[0]) !== JSON.stringify(sent[1]))
      throw new Error(`${op}: the two sides sent different requests:\n${JSON.stringify(sent, null, 1)}`);
    request[op] = `${sent[0].method} ${sent[0].path} (${Buffer.byteLength(sent[0].body)} B body)`;
  }
  // getFields answers the wire document; messaging-api-messenger the same in camelCase.
  refill();
  const got = await ours.getFields(fields);
  if (JSON.stringify(got) !== JSON.stringify(wire)) throw new Error("getFields did not read back the full profile");

  const time = async (fn: () => Promise<unknown>): Promise<number> => {
    const t = now();
    await fn();
    return msSince(t);
  };
  const pairs = async (op: ProfileOp, count: number, sink?: (a: number, b: number) => void): Promise<void> => {
    const s = side[op];
    for (let i = 0; i < count; i++) {
      const oursFirst = i % 2 === 0;
      s.before?.();
      const first = await time(oursFirst ? s.ours : s.theirs);
      s.before?.();
      const second = await time(oursFirst ? s.theirs : s.ours);
      sink?.(oursFirst ? first : second, oursFirst ? second : first);
    }
  };

  refill();
  for (const op of OPS) await pairs(op, reps.warmup);
  emu.clearRequests();
  const ratios = Object.fromEntries(OPS.map((op) => [op, [] as number[]])) as Record<ProfileOp, number[]>;
  const ms = Object.fromEntries(OPS.map((op) => [op, { ours: [] as number[], theirs: [] as number[] }])) as Record<
    ProfileOp,
    { ours: number[]; theirs: number[] }
  >;
  for (let rep = 0; rep < reps.reps; rep++) {
    for (const op of OPS) {
      const a: number[] = [];
      const b: number[] = [];
      refill();
      await pairs(op, reps.iterations, (x, y) => {
        a.push(x);
        b.push(y);
      });
      ratios[op].push(median(a) / median(b));
      ms[op].ours.push(median(a));
      ms[op].theirs.push(median(b));
      emu.clearRequests(); // keep the log small
    }
    log(
      `  profile op rep ${rep + 1}/${reps.reps}: ${OPS.map((op) => `${op} ${round(ratios[op][rep], 3)}`).join(", ")}`,
    );
  }

  const perOp = {} as Record<ProfileOp, ProfileOpComparison>;
  for (const op of OPS)
    perOp[op] = {
      ratio: summary(ratios[op]),
      oursMedianMs: round(median(ms[op].ours), 4),
      theirsMedianMs: round(median(ms[op].theirs), 4),
      request: request[op],
    };
  const goal = GOALS.profileOpVsMessagingApis;
  const value = Object.fromEntries(OPS.map((op) => [op, perOp[op].ratio.median])) as Record<ProfileOp, number>;
  return {
    goal: goal.text,
    met: OPS.every((op) => withinLimit(goal, value[op])),
    value,
    perOp,
    reps: reps.reps,
    iterationsPerRep: reps.iterations,
    warmupIterations: reps.warmup,
    messagingApiMessengerVersion: messagingApiVersion(),
    note:
      "GraphOperations (setFields/getFields/deleteFields, one PageOperations reused, module keep-alive agent) vs messaging-api-messenger's MessengerClient " +
      "(axios, Node's default agent), same emulator in this process, same requests; a full profile (7 fields, 2 locales)",
  };
}
