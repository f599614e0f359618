// refreshCliDefault, refreshSkipPreview, upRefreshCliDefault, upRefreshSkipPreview: Graph GETs per
// resource of a refresh as people run it. At a terminal, `pulumi refresh --yes` and
// `pulumi up --refresh --yes` run a preview first, and the preview reads every resource too;
// `--skip-preview` (what the Automation API passes) reads once.
import { GOALS, isExactly, withinLimit, type ExactGoal, type LimitGoal } from "../goals";
import { UNLIMITED } from "../limits";
import type { RefreshGetsResult } from "../results";
import { round } from "../stats";
import { describeRequests, programConfig, type EngineContext } from "./context";
import type { BenchStack, Timed } from "./driver";

/** Resources in the refreshed stack (one Page each). */
const RESOURCES = 5;

/** The four refresh figures. */
export interface RefreshResults {
  /** `pulumi refresh --yes`. */
  readonly refreshCliDefault: RefreshGetsResult;
  /** `pulumi refresh --yes --skip-preview`. */
  readonly refreshSkipPreview: RefreshGetsResult;
  /** `pulumi up --refresh --yes`. */
  readonly upRefreshCliDefault: RefreshGetsResult;
  /** `pulumi up --refresh --yes --skip-preview`. */
  readonly upRefreshSkipPreview: RefreshGetsResult;
}

interface RefreshCommand {
  readonly figure: keyof RefreshResults;
  readonly command: string;
  readonly run: (stack: BenchStack) => Promise<Timed>;
}

const COMMANDS: readonly RefreshCommand[] = [
  { figure: "refreshCliDefault", command: "pulumi refresh --yes", run: (s) => s.refresh({ skipPreview: false }) },
  {
    figure: "refreshSkipPreview",
    command: "pulumi refresh --yes --skip-preview",
    run: (s) => s.refresh({ skipPreview: true }),
  },
  {
    figure: "upRefreshCliDefault",
    command: "pulumi up --refresh --yes",
    run: (s) => s.upRefresh({ skipPreview: false }),
  },
  {
    figure: "upRefreshSkipPreview",
    command: "pulumi up --refresh --yes --skip-preview",
    run: (s) => s.upRefresh({ skipPreview: true }),
  },
];

function judge(goal: LimitGoal | ExactGoal, value: number): boolean {
  return "exact" in goal ? isExactly(goal, value) : withinLimit(goal, value);
}

/** Creates a stack of {@link RESOURCES} resources, then counts the Graph calls of each refresh command. */
export async function measureRefresh(ctx: EngineContext): Promise<RefreshResults> {
  const { engine, emu, log } = ctx;
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const stack = await engine.newStack("refresh");
  await stack.setConfig(programConfig({ n: RESOURCES, mode: "real" }));
  await stack.up();
  const results = {} as Record<keyof RefreshResults, RefreshGetsResult>;
  for (const c of COMMANDS) {
    const { ms, calls: reqs } = await c.run(stack);
    const gets = reqs.filter((r) => r.method === "GET").length;
    const value = round(gets / RESOURCES, 2);
    const goal = GOALS[c.figure];
    results[c.figure] = {
      goal: goal.text,
      met: judge(goal, value) && reqs.every((r) => r.method === "GET" && r.status === 200),
      value,
      command: c.command,
      resources: RESOURCES,
      gets,
      calls: reqs.length,
      requests: describeRequests(reqs),
      seconds: round(ms / 1000, 2),
    };
    log(`  ${c.command}: ${gets} GET(s) for ${RESOURCES} resources (${value} per resource), ${reqs.length} call(s)`);
  }
  await stack.destroy();
  await stack.remove();
  return results;
}
