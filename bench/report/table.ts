// The results table of docs/performance.md: one row per figure, its goal read from GOALS.
import { GOALS, type Figure } from "../goals";
import type { BenchResults, RefreshGetsResult } from "../results";
import { fmt, range, yes } from "./format";

/** The refresh figures, which results written before they existed lack. */
export type RefreshFigure = "refreshCliDefault" | "refreshSkipPreview" | "upRefreshCliDefault" | "upRefreshSkipPreview";

/** The profile figures, which results written before they existed lack. */
export type ProfileFigure = "profileOpVsMessagingApis" | "profileSync" | "profileUp50";

/** The provider plugin's figures, which results written before they existed lack. */
export type PluginFigure = "pluginUp50" | "pluginStateBytesPerResource";

/** The webhook figures, which results written before they existed lack. */
export type WebhookFigure = "webhookVsBottender" | "botUp" | "webhookUp50";

/** The Node SDK's figures, which results written before they existed lack. */
export type NativeFigure = "nativeProfileUp50" | "nativeStateBytesPerResource";

/** The figures an older results.json may lack. */
type LaterFigure = RefreshFigure | ProfileFigure | PluginFigure | WebhookFigure | NativeFigure;

/** Results as the report reads them: the refresh, profile, plugin, webhook and Node SDK figures may be missing from an older results.json. */
export type ReportInput = Omit<BenchResults, LaterFigure> & Partial<Pick<BenchResults, LaterFigure>>;

/** One row: what the figure is, and its result and met cells (undefined when the figure was not measured). */
interface Row {
  readonly what: string;
  readonly result: (r: ReportInput) => { text: string; met: boolean } | undefined;
}

function refreshRow(what: string, figure: RefreshFigure): Row {
  return {
    what,
    result: (r) => {
      const f: RefreshGetsResult | undefined = r[figure];
      return f && { text: `${f.value} (${f.gets} GETs for ${f.resources} resources)`, met: f.met };
    },
  };
}

const ROWS: Record<Figure, Row> = {
  calls: {
    what: "Graph calls per step of one resource (real engine, emulator)",
    result: (r) => {
      const c = r.calls.value;
      return {
        text: `create ${c.create}, update ${c.update}, refresh ${c.refresh}, delete ${c.delete}, preview ${c.preview}, noChangeUp ${c.noChangeUp}`,
        met: r.calls.met,
      };
    },
  },
  opOverheadRatio: {
    what: "one lifecycle operation / the same HTTP requests sent raw with node-fetch (same emulator, same process)",
    result: ({ opOverheadRatio: op }) => {
      const ops = Object.entries(op.perOp)
        .map(([k, v]) => `${k} ${fmt(v.ratio.median)}`)
        .join(", ");
      return {
        text: `worst: ${op.worstOp} ${fmt(op.value)} ${range(op.perOp[op.worstOp].ratio)}; ${ops}`,
        met: op.met,
      };
    },
  },
  upRatio50: {
    what: "`pulumi up` of 50 resources on 50 Pages / `pulumi up` of 50 no-op dynamic resources",
    result: ({ upRatio50: up }) => ({
      text: `${fmt(up.value)} ${range(up.ratio)} (${fmt(up.realSeconds.median)} s vs ${fmt(up.noopSeconds.median)} s)`,
      met: up.met,
    }),
  },
  profileUp50: {
    what: "`pulumi up` of 50 full MessengerProfiles on 50 Pages / `pulumi up` of 50 no-op dynamic resources",
    result: ({ profileUp50: up }) =>
      up && {
        text: `${fmt(up.value)} ${range(up.ratio)} (${fmt(up.realSeconds.median)} s vs ${fmt(up.noopSeconds.median)} s)`,
        met: up.met,
      },
  },
  upScaling: {
    what: "wall time of `pulumi up` creating N resources",
    result: ({ upScaling: sc }) => ({
      text: `N=1 ${fmt(sc.seconds.N1.median)} s ${range(sc.seconds.N1)}, N=10 ${fmt(sc.seconds.N10.median)} s ${range(sc.seconds.N10)}, N=50 ${fmt(sc.seconds.N50.median)} s ${range(sc.seconds.N50)}; N=50 / N=1 = ${fmt(sc.ratioToN1.N50.median)}×`,
      met: sc.met,
    }),
  },
  stateBytesPerResource: {
    what: "bytes of `pulumi stack export` per resource (installed package, 50 resources)",
    result: ({ stateBytesPerResource: st }) => ({
      text: `${st.value} B as printed; ${st.compactJsonBytesPerResource} B as compact JSON; ${st.storedCheckpointBytesPerResource ?? "?"} B in the backend's checkpoint file`,
      met: st.met,
    }),
  },
  connectionsPerRequest: {
    what: "TCP connections accepted / Graph requests served, during a 50-resource up",
    result: ({ connectionsPerRequest: cp }) => ({
      text: `${fmt(cp.value)} ${range(cp.ratio)} (${cp.connections[0]} connections for ${cp.requests[0]} requests in the first rep)`,
      met: cp.met,
    }),
  },
  rateLimitedUp: {
    what: "an up of many resources on one Page that runs into the Page's rate limit",
    result: ({ rateLimitedUp: rl }) => ({
      text: `${rl.setup.resourcesOnOnePage} resources, limit ${rl.setup.limitCallsPerWindow} calls per ${fmt(rl.setup.windowMs / 1000, 0)} s window: ${rl.value.completed ? "completed" : "**did not complete**"} (${rl.runs.filter((x) => x.completed).length}/${rl.runs.length}); longest wait ${fmt(rl.value.waitToWindowRatio)} × window ${range(rl.waitToWindowRatio)}`,
      met: rl.met,
    }),
  },
  refreshCliDefault: refreshRow(
    "GETs per resource of `pulumi refresh --yes` (the CLI's default: a preview first)",
    "refreshCliDefault",
  ),
  refreshSkipPreview: refreshRow("GETs per resource of `pulumi refresh --yes --skip-preview`", "refreshSkipPreview"),
  upRefreshCliDefault: refreshRow(
    "GETs per resource of `pulumi up --refresh --yes` (the CLI's default: a preview first)",
    "upRefreshCliDefault",
  ),
  upRefreshSkipPreview: refreshRow(
    "GETs per resource of `pulumi up --refresh --yes --skip-preview`",
    "upRefreshSkipPreview",
  ),
  profileOpVsMessagingApis: {
    what: "our profile operation on a full profile (7 fields, 2 locales) / messaging-api-messenger's same call (same emulator, same process, same request)",
    result: ({ profileOpVsMessagingApis: p }) =>
      p && {
        text: (["set", "get", "delete"] as const)
          .map((op) => `${op} ${fmt(p.perOp[op].ratio.median)} ${range(p.perOp[op].ratio)}`)
          .join(", "),
        met: p.met,
      },
  },
  profileSync: {
    what: "Graph calls of a scripted sequence of profile edits: ours / bottender's profile sync (and a naive re-post)",
    result: ({ profileSync: p }) =>
      p && {
        text:
          `${p.value.edits} edits: ours ${p.value.ourCalls}${p.ourSide === "engine" ? "" : " (planner, provisional)"}, bottender ${p.value.bottenderCalls}, naive ${p.value.naiveCalls}; ` +
          `ratioVsBottender ${fmt(p.value.ratioVsBottender)}, maxCallsPerEdit ${p.value.maxCallsPerEdit}, cosmeticCalls ${p.value.cosmeticCalls}`,
        met: p.met,
      },
  },
  pluginUp50: {
    what: "`pulumi up` of 50 AccountLinking on 50 Pages through the provider plugin (YAML program) / the same 50 through the dynamic resource (TypeScript program)",
    result: ({ pluginUp50: up }) =>
      up && {
        text: `${fmt(up.value)} ${range(up.ratio)} (${fmt(up.pluginSeconds.median)} s vs ${fmt(up.dynamicSeconds.median)} s)`,
        met: up.met,
      },
  },
  pluginStateBytesPerResource: {
    what: "bytes of `pulumi stack export` per resource through the provider plugin (installed package, 50 resources)",
    result: ({ pluginStateBytesPerResource: st }) =>
      st && {
        text: `${st.value} B as printed; ${st.compactJsonBytesPerResource} B as compact JSON; ${st.storedCheckpointBytesPerResource ?? "?"} B in the backend's checkpoint file`,
        met: st.met,
      },
  },
  webhookVsBottender: {
    what: "Graph calls of a scripted sequence of webhook edits (set-up, a field added, one removed, the callback moved, a no-op): MessengerWebhook + MessengerPageSubscription / bottender's `messenger webhook set`",
    result: ({ webhookVsBottender: w }) =>
      w && {
        text:
          `${w.value.steps} steps: ours ${w.value.ourCalls}${w.ourSide === "engine" ? "" : " (lifecycles in process)"}, bottender ${w.value.bottenderCalls}; ratioVsBottender ${fmt(w.value.ratioVsBottender)} ` +
          `(edits alone ${w.value.editsOnly.ours} vs ${w.value.editsOnly.bottender}, ${fmt(w.value.editsOnly.ratio)}), noopCalls ${w.value.noopCalls}, ours as declared after every step: ${w.value.oursAsDeclaredAfterEveryStep ? "yes" : "**no**"}`,
        met: w.met,
      },
  },
  botUp: {
    what: "a bot's whole set-up from empty (full MessengerProfile, MessengerWebhook, MessengerPageSubscription) on the engine: Graph calls, and `pulumi up` / the same program with the profile alone",
    result: ({ botUp: b }) =>
      b && {
        text: `calls ${b.value.calls}; ${fmt(b.value.ratioToProfileAlone)} ${range(b.ratio)} (${fmt(b.botSeconds.median)} s vs ${fmt(b.profileSeconds.median)} s)`,
        met: b.met,
      },
  },
  webhookUp50: {
    what: "`pulumi up` of 50 MessengerPageSubscriptions on 50 Pages and their MessengerWebhook / `pulumi up` of 50 no-op dynamic resources",
    result: ({ webhookUp50: up }) =>
      up && {
        text: `${fmt(up.value)} ${range(up.ratio)} (${fmt(up.realSeconds.median)} s vs ${fmt(up.noopSeconds.median)} s)`,
        met: up.met,
      },
  },
  nativeProfileUp50: {
    what: "`pulumi up` of 50 full profiles on 50 Pages through the Node SDK (`pulumi-messenger/native`, the provider plugin) / the same 50 through the dynamic class MessengerProfile, and / 50 no-op dynamic resources",
    result: ({ nativeProfileUp50: up }) =>
      up && {
        text:
          `to dynamic ${fmt(up.value.ratioToDynamic)} ${range(up.ratioToDynamic)}, to no-op ${fmt(up.value.ratioToNoop)} ${range(up.ratioToNoop)} ` +
          `(${fmt(up.nativeSeconds.median)} s vs ${fmt(up.dynamicSeconds.median)} s and ${fmt(up.noopSeconds.median)} s)`,
        met: up.met,
      },
  },
  nativeStateBytesPerResource: {
    what: "bytes of the stored checkpoint per full profile through the Node SDK (installed package, 50 profiles)",
    result: ({ nativeStateBytesPerResource: st }) =>
      st && {
        text: `${st.value} B stored (the dynamic class: ${st.dynamicProfile.storedCheckpointBytesPerResource ?? "?"} B); ${st.compactJsonBytesPerResource} B as compact JSON; ${st.printedExportBytesPerResource} B as \`pulumi stack export\` prints it`,
        met: st.met,
      },
  },
};

/** The figures of `r` that were measured, in GOALS order, with their result and met cells. */
export function measuredFigures(r: ReportInput): { figure: Figure; text: string; met: boolean }[] {
  return (Object.keys(GOALS) as Figure[]).flatMap((figure) => {
    const cell = ROWS[figure].result(r);
    return cell ? [{ figure, ...cell }] : [];
  });
}

/** The Markdown table: figure, what, goal (from GOALS), result, met. */
export function renderTable(r: ReportInput): string {
  const head = ["figure", "what", "goal", "result: median [min–max]", "met"];
  const rows = measuredFigures(r).map(({ figure, text, met }) => [
    `\`${figure}\``,
    ROWS[figure].what,
    GOALS[figure].text,
    text,
    yes(met),
  ]);
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}
