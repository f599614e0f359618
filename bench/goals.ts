// The goal of every benchmark figure, written once. results.json's `goal` and `met` fields and
// docs/performance.md both read this table.

/** A goal on one number: the figure meets it when `value <= limit` (or `< limit` when `strict`). */
export interface LimitGoal {
  /** The goal as results.json and the docs state it. */
  readonly text: string;
  /** The limit. */
  readonly limit: number;
  /** When true, the figure must stay strictly below the limit. */
  readonly strict?: boolean;
}

/** The Graph call steps that `calls` judges. */
export type CallStep = "create" | "update" | "refresh" | "delete" | "preview" | "noChangeUp";

/** A goal on the Graph calls of each step: at most `max` for some steps, exactly `exact` for the others. */
export interface CallsGoal {
  /** The goal as results.json and the docs state it. */
  readonly text: string;
  /** Steps whose count may be lower than the goal. */
  readonly max: Readonly<Partial<Record<CallStep, number>>>;
  /** Steps whose count must be exactly the goal. */
  readonly exact: Readonly<Partial<Record<CallStep, number>>>;
}

/** A goal met exactly by one number. */
export interface ExactGoal {
  /** The goal as results.json and the docs state it. */
  readonly text: string;
  /** The one value that meets it. */
  readonly exact: number;
}

/** The goals of the `profileSync` figure, one per judged number. */
export interface ProfileSyncGoal {
  /** The goal as results.json and the docs state it. */
  readonly text: string;
  /** Our calls over the edits / bottender's. */
  readonly ratioVsBottender: LimitGoal;
  /** Our most calls for one edit. */
  readonly maxCallsPerEdit: LimitGoal;
  /** Our calls for the cosmetic and no-op edits. */
  readonly cosmeticCalls: ExactGoal;
}

/** The goals of the `webhookVsBottender` figure. */
export interface WebhookSyncGoal {
  /** The goal as results.json and the docs state it. */
  readonly text: string;
  /** Our calls over the whole sequence / bottender's. */
  readonly ratioVsBottender: LimitGoal;
  /** Our calls for the no-op step. */
  readonly noopCalls: ExactGoal;
}

/** The goals of the `botUp` figure. */
export interface BotUpGoal {
  /** The goal as results.json and the docs state it. */
  readonly text: string;
  /** Graph calls of the whole set-up from empty. */
  readonly calls: ExactGoal;
  /** Median ratio of its up to the up of the same program with the profile alone. */
  readonly ratioToProfileAlone: LimitGoal;
}

/** The goals of the `nativeProfileUp50` figure. */
export interface NativeUpGoal {
  /** The goal as results.json and the docs state it. */
  readonly text: string;
  /** Median ratio of the Node SDK's up to the dynamic class's. */
  readonly ratioToDynamic: LimitGoal;
  /** Median ratio of the Node SDK's up to the no-op up (the engine's floor). */
  readonly ratioToNoop: LimitGoal;
}

function atMost(limit: number, text = `≤ ${limit}`): LimitGoal {
  return { text, limit };
}

function exactly(value: number, text = `${value}`): ExactGoal {
  return { text, exact: value };
}

const CALLS_MAX: CallsGoal["max"] = { create: 2 };
const CALLS_EXACT: CallsGoal["exact"] = { update: 1, refresh: 1, delete: 1, preview: 0, noChangeUp: 0 };
const OP_OVERHEAD = 1.1;
const RATE_LIMITED_WAIT = 1.2;
const PROFILE_OP_VS_MESSAGING_APIS = 0.9;
const PROFILE_SYNC = { ratioVsBottender: 0.5, maxCallsPerEdit: 2, cosmeticCalls: 0 };
const WEBHOOK_SYNC = { ratioVsBottender: 0.5, noopCalls: 0 };
const BOT_UP = { calls: 6, ratioToProfileAlone: 1.3 };
const NATIVE_UP = { ratioToDynamic: 0.7, ratioToNoop: 1.0 };
const NATIVE_STATE_BYTES = 2048;

/** Every figure's goal. */
export const GOALS = {
  /** Graph calls per step of one resource. */
  calls: {
    text: [
      ...Object.entries(CALLS_MAX).map(([k, v]) => `${k} ≤ ${v}`),
      ...Object.entries(CALLS_EXACT).map(([k, v]) => `${k} ${v}`),
    ].join(", "),
    max: CALLS_MAX,
    exact: CALLS_EXACT,
  } satisfies CallsGoal,
  /** Median ratio of a lifecycle operation to the same raw requests, for every operation. */
  opOverheadRatio: atMost(OP_OVERHEAD, `median ≤ ${OP_OVERHEAD.toFixed(2)} (every operation)`),
  /** Median ratio of an up of 50 resources to an up of 50 no-op dynamic resources. */
  upRatio50: atMost(1.15),
  /** Median ratio of the N = 50 up to the N = 1 up. */
  upScaling: {
    text: "reported; parallel: N=50 takes well under 50× the N=1 time (met when < 10×)",
    limit: 10,
    strict: true,
  } satisfies LimitGoal,
  /** Bytes of `pulumi stack export` per resource. */
  stateBytesPerResource: atMost(3072),
  /** Median TCP connections per Graph request during a 50-resource up. */
  connectionsPerRequest: atMost(0.5),
  /** Median of the longest wait of a rate-limited up, in windows; the up must complete. */
  rateLimitedUp: {
    text: `completes; wait ≤ window + ${Math.round((RATE_LIMITED_WAIT - 1) * 100)}%`,
    limit: RATE_LIMITED_WAIT,
  } satisfies LimitGoal,
  /** GETs per resource of `pulumi refresh --yes` (the CLI runs a preview first, which reads too). */
  refreshCliDefault: atMost(2, "≤ 2 (the CLI's default preview reads too; reported)"),
  /** GETs per resource of `pulumi refresh --yes --skip-preview`. */
  refreshSkipPreview: exactly(1),
  /** GETs per resource of `pulumi up --refresh --yes` (the CLI runs a preview first, which reads too). */
  upRefreshCliDefault: atMost(2, "≤ 2 (the CLI's default preview reads too; reported)"),
  /** GETs per resource of `pulumi up --refresh --yes --skip-preview`. */
  upRefreshSkipPreview: exactly(1),
  /** Median ratio of an up of 50 full MessengerProfiles (50 Pages) to an up of 50 no-op dynamic resources. */
  profileUp50: atMost(1.2),
  /**
   * Median ratio of our profile operation (set, get, delete of a full profile) to messaging-api-messenger's
   * same call, for each of the three.
   */
  profileOpVsMessagingApis: atMost(
    PROFILE_OP_VS_MESSAGING_APIS,
    `median ≤ ${PROFILE_OP_VS_MESSAGING_APIS.toFixed(2)} (set, get and delete)`,
  ),
  /** Graph calls of a scripted sequence of profile edits: ours against bottender's profile sync. */
  profileSync: {
    text: `ratioVsBottender ≤ ${PROFILE_SYNC.ratioVsBottender}, maxCallsPerEdit ≤ ${PROFILE_SYNC.maxCallsPerEdit}, cosmeticCalls ${PROFILE_SYNC.cosmeticCalls}`,
    ratioVsBottender: atMost(PROFILE_SYNC.ratioVsBottender),
    maxCallsPerEdit: atMost(PROFILE_SYNC.maxCallsPerEdit),
    cosmeticCalls: exactly(PROFILE_SYNC.cosmeticCalls),
  } satisfies ProfileSyncGoal,
  /**
   * Median ratio of an up of 50 AccountLinking through the provider plugin (a YAML program) to the same
   * 50 through the dynamic resource (the TypeScript program), interleaved rep by rep.
   */
  pluginUp50: atMost(1.0),
  /** Bytes of `pulumi stack export` per `messenger:index:AccountLinking` of the provider plugin. */
  pluginStateBytesPerResource: atMost(1024),
  /**
   * Graph calls of a scripted sequence of webhook edits (set-up included): ours (MessengerWebhook and
   * MessengerPageSubscription) against bottender's `messenger webhook set`; ours must also leave the
   * app and the Page exactly as declared after every step, whether Graph merges or replaces fields.
   */
  webhookVsBottender: {
    text: `ratioVsBottender ≤ ${WEBHOOK_SYNC.ratioVsBottender} (whole sequence), noopCalls ${WEBHOOK_SYNC.noopCalls}, ours as declared after every step`,
    ratioVsBottender: atMost(WEBHOOK_SYNC.ratioVsBottender),
    noopCalls: exactly(WEBHOOK_SYNC.noopCalls),
  } satisfies WebhookSyncGoal,
  /** A bot's whole set-up from empty (profile, webhook, Page subscription): calls, and time against the profile alone. */
  botUp: {
    text: `calls ${BOT_UP.calls} (the floor), time ≤ ${BOT_UP.ratioToProfileAlone}× the profile alone`,
    calls: exactly(BOT_UP.calls),
    ratioToProfileAlone: atMost(BOT_UP.ratioToProfileAlone),
  } satisfies BotUpGoal,
  /** Median ratio of an up of 50 MessengerPageSubscriptions and their webhook to an up of 50 no-op resources. */
  webhookUp50: atMost(1.2),
  /**
   * Median ratios of an up of 50 full profiles through the Node SDK (`pulumi-messenger/native`, the
   * provider plugin) to the same 50 through the dynamic class, and to 50 no-op dynamic resources.
   */
  nativeProfileUp50: {
    text: `ratioToDynamic ≤ ${NATIVE_UP.ratioToDynamic}, ratioToNoop ≤ ${NATIVE_UP.ratioToNoop.toFixed(1)} (medians)`,
    ratioToDynamic: atMost(NATIVE_UP.ratioToDynamic),
    ratioToNoop: atMost(NATIVE_UP.ratioToNoop),
  } satisfies NativeUpGoal,
  /** Bytes of the stored checkpoint per `messenger:index:Profile` of the Node SDK (50 full profiles). */
  nativeStateBytesPerResource: atMost(NATIVE_STATE_BYTES, `≤ ${NATIVE_STATE_BYTES} (stored checkpoint)`),
} as const;

/** The name of a figure that has a goal. */
export type Figure = keyof typeof GOALS;

/** Whether `value` meets a {@link LimitGoal}. */
export function withinLimit(goal: LimitGoal, value: number): boolean {
  return goal.strict ? value < goal.limit : value <= goal.limit;
}

/** Whether every step's count meets the {@link CallsGoal}. */
export function callsMeet(goal: CallsGoal, value: Readonly<Record<CallStep, number>>): boolean {
  return (
    Object.entries(goal.max).every(([k, v]) => value[k as CallStep] <= v) &&
    Object.entries(goal.exact).every(([k, v]) => value[k as CallStep] === v)
  );
}

/** Whether `value` meets an {@link ExactGoal}. */
export function isExactly(goal: ExactGoal, value: number): boolean {
  return value === goal.exact;
}
