// The shape of bench/results.json: one key per figure, each with its goal (from GOALS), whether it
// was met, its value and what it is made of. Keys are only ever added, never removed or renamed.
import type { Summary } from "./stats";

/** What every figure has. */
export interface Judged<V> {
  /** The goal, as GOALS states it. */
  goal: string;
  /** Whether this run met it. */
  met: boolean;
  /** The figure. */
  value: V;
}

/** Graph calls of one step of the `calls` run. */
export interface CallStepResult {
  /** Graph calls. */
  calls: number;
  /** Each call: `METHOD path status`. */
  requests: string[];
  /** Wall time of the step's CLI run. */
  seconds: number;
}

/** The Page's URL as the emulator holds it, checked after a step. */
export interface PageStateCheck {
  /** After which step. */
  when: string;
  /** The URL the Page had. */
  pageUrl: string | null;
  /** The URL it should have had. */
  expected: string | null;
  /** Whether they are equal. */
  ok: boolean;
}

/** `calls`: Graph calls per step of one resource. */
export interface CallsResult extends Judged<{
  create: number;
  update: number;
  refresh: number;
  delete: number;
  preview: number;
  noChangeUp: number;
}> {
  /** Every step, by name. */
  steps: Record<string, CallStepResult>;
  /** The Page's state after create, update and destroy. */
  pageStateChecks: PageStateCheck[];
}

/** The four lifecycle operations the overhead run times. */
export type LifecycleOp = "create" | "update" | "read" | "delete";

/** One operation's overhead. */
export interface OpOverhead {
  /** Per rep: median lifecycle time / median raw time. */
  ratio: Summary;
  /** The requests the operation makes (and the raw baseline replays). */
  requests: string[];
  /** Median of the reps' median lifecycle times. */
  lifecycleMedianMs: number;
  /** Median of the reps' median raw times. */
  rawMedianMs: number;
}

/** One overhead run. */
export interface OpOverheadRun {
  /** Per operation. */
  perOp: Record<LifecycleOp, OpOverhead>;
  /** The operation with the highest median ratio. */
  worstOp: LifecycleOp;
  /** Reps. */
  reps: number;
  /** Interleaved calls per operation per rep. */
  iterationsPerRep: number;
  /** Untimed calls per operation first. */
  warmupIterations: number;
}

/** `opOverheadRatio`: a lifecycle operation against the same raw requests. */
export interface OpOverheadResult extends Judged<number>, OpOverheadRun {
  /** The same with 1 ms of emulated latency per call (context, not judged). */
  withEmulatedLatency1ms: {
    perOp: Record<LifecycleOp, Omit<OpOverhead, "requests">>;
    reps: number;
    iterationsPerRep: number;
  };
}

/** `upRatio50`: up of 50 resources against up of 50 no-op dynamic resources. */
export interface UpRatioResult extends Judged<number> {
  /** Per rep ratio. */
  ratio: Summary;
  /** The real up's wall time. */
  realSeconds: Summary;
  /** The no-op up's wall time. */
  noopSeconds: Summary;
  /** What is measured. */
  note: string;
}

/** Sizes of the scaling run. */
export interface BySize<T> {
  /** One resource. */
  N1: T;
  /** Ten resources. */
  N10: T;
  /** Fifty resources. */
  N50: T;
}

/** `upScaling`: wall time of up at N = 1, 10, 50. */
export interface UpScalingResult extends Judged<BySize<number>> {
  /** Wall times. */
  seconds: BySize<Summary>;
  /** Per rep, against N = 1. */
  ratioToN1: Omit<BySize<Summary>, "N1">;
  /** (N50 - N1) / 49. */
  perResourceMarginalMs: number;
  /** The untimed destroys' wall times, for context. */
  destroySeconds: BySize<Summary> & { noopN50: Summary };
  /** The engine's parallelism. */
  parallelism: string;
}

/** Exported state per resource, through either front door. */
export interface StateSizeResult extends Judged<number> {
  /** What is measured. */
  definition: string;
  /** Bytes of the export as printed. */
  exportBytes: number;
  /** MessengerAccountLinking resources. */
  resources: number;
  /** Other resources in the export (stack, provider). */
  otherResources: number;
  /** The same deployment as compact JSON, per resource. */
  compactJsonBytesPerResource: number;
  /** The backend's checkpoint file, per resource. */
  storedCheckpointBytesPerResource: number | null;
  /** What one resource entry is made of. */
  oneEntryCompactBytes: {
    total: number;
    inputsAndOutputs: number;
    ofWhichProviderReference: number;
    ofWhichEncryptedSecrets: number;
    engineProvenance: number;
    engineBookkeeping: number;
  };
}

/** `stateBytesPerResource`: exported state per MessengerAccountLinking (the dynamic resource). */
export interface StateBytesResult extends StateSizeResult {
  /** Bytes of the serialized provider. */
  providerBytes: number;
  /** Whether the provider is captured by reference (a require of the installed shim). */
  providerCapturedByReference: boolean;
}

/** `connectionsPerRequest`: TCP connections per Graph request during the 50-resource ups. */
export interface ConnectionsResult extends Judged<number> {
  /** Per rep. */
  ratio: Summary;
  /** Connections per rep. */
  connections: number[];
  /** Requests per rep. */
  requests: number[];
  /** The same during the destroys. */
  duringDestroy: Summary;
}

/** One rate-limited up. */
export interface RateLimitedRun {
  completed: boolean;
  upMs: number;
  rateLimitedAnswers: number;
  resourcesThatWaited: number;
  resourcesLimitedTwice: number;
  msFromRepeated613ToSuccess: number[];
  waitsMs: number[];
  maxWaitMs: number;
  attempts: string[];
  error?: string;
  unlimitedUpMs: number;
  extraMsVsUnlimited: number;
}

/** `rateLimitedUp`: an up that runs into the rate limit. */
export interface RateLimitedResult extends Judged<{ completed: boolean; waitToWindowRatio: number }> {
  /** Whether every run, not only the median, is within the goal. */
  everyRunWithinGoal: boolean;
  waitToWindowRatio: Summary;
  maxWaitMs: Summary;
  upSeconds: Summary;
  unlimitedUpSeconds: Summary;
  extraUpTimeToWindowRatio: Summary;
  setup: {
    resourcesOnOnePage: number;
    limitCallsPerWindow: number;
    windowMs: number;
    providerConfig: { maxRetries: number; deadlineMs: number };
  };
  runs: RateLimitedRun[];
}

/** `refreshCliDefault` and its siblings: Graph GETs per resource of one CLI command. */
export interface RefreshGetsResult extends Judged<number> {
  /** The command, as a person types it. */
  command: string;
  /** Resources in the stack. */
  resources: number;
  /** Graph GETs of the command. */
  gets: number;
  /** Graph calls of any method. */
  calls: number;
  /** Each call: `METHOD path status`. */
  requests: string[];
  /** Wall time of the command. */
  seconds: number;
}

/** `pluginStateBytesPerResource`: exported state per `messenger:index:AccountLinking` (the provider plugin). */
export interface PluginStateBytesResult extends StateSizeResult {
  /** Bytes of the plugin's default provider resource in the export (compact), shared by every resource. */
  providerResourceCompactBytes: number;
}

/** `pluginUp50`: up of 50 AccountLinking through the plugin against the same 50 through the dynamic resource. */
export interface PluginUpResult extends Judged<number> {
  /** Per rep: plugin / dynamic. */
  ratio: Summary;
  /** The plugin up's wall time. */
  pluginSeconds: Summary;
  /** The dynamic up's wall time. */
  dynamicSeconds: Summary;
  /** The untimed destroys' wall times, for context. */
  destroySeconds: { plugin: Summary; dynamic: Summary };
  /** What is measured. */
  note: string;
}

/** Where the time of one side's `pulumi up` goes, from the engine's OpenTelemetry spans of its traced ups (ms). */
export interface UpPhases {
  /** Wall time of the traced ups, spawn to exit. */
  wallMs: Summary;
  /** The CLI's traced span (the rest of the wall time: the CLI process's own start and exit). */
  tracedMs: Summary;
  /** The traced span cut at points of its timeline: the phases follow one another and add up to it. */
  phases: {
    /** CLI start to the program's run (the stack's checkpoint read, the language host launched). */
    cliStart: Summary;
    /** The program's run to its stack resource registered (Node started, `@pulumi/pulumi` loaded). */
    programStart: Summary;
    /** Stack registered to the program's first resource registered (its modules loaded, the first resource built). */
    programFirstResource: Summary;
    /** First resource registered to the provider's first Check (the provider launched and configured). */
    providerStart: Summary;
    /** The provider's first Check to its last Create answered: the 50 resources' steps. */
    steps: Summary;
    /** Last Create answered to the end of the trace (registrations answered, program exit, last checkpoint). */
    finish: Summary;
  };
  /** The resource provider's launch alone (the engine's `newPlugin`: spawn to its gRPC port), inside `providerStart`. */
  providerLaunchMs: Summary;
  /** Stack registered to the program's last resource registered. */
  programDeclareMs: Summary;
  /** Per traced up, the mean time from one Check call's start to the next: the engine's pace through the registrations. */
  checkPaceMs: Summary;
  /** Check calls that started before the one before them ended, in the traced up with most (0: one at a time). */
  overlappingChecks: number;
  /** Per traced up, the median Check call to the provider, as the engine waits for it. */
  checkRpcMedianMs: Summary;
  /** Per traced up, the median Create call to the provider (its two Graph calls included), as the engine waits for it. */
  createRpcMedianMs: Summary;
  /** Checkpoint writes of one up. */
  checkpointWrites: number;
  /** Their total time with the backend's copies of the checkpoint, which the engine makes one after another. */
  checkpointWriteMs: Summary;
}

/**
 * `nativeProfileUp50`: up of 50 full profiles through the Node SDK and the provider plugin against
 * the same 50 through the dynamic class, and against 50 no-op dynamic resources.
 */
export interface NativeProfileUpResult extends Judged<{ ratioToDynamic: number; ratioToNoop: number }> {
  /** Per rep: native / dynamic. */
  ratioToDynamic: Summary;
  /** Per rep: native / no-op. */
  ratioToNoop: Summary;
  /** The native up's wall time. */
  nativeSeconds: Summary;
  /** The dynamic class's up's wall time. */
  dynamicSeconds: Summary;
  /** The no-op up's wall time. */
  noopSeconds: Summary;
  /** The untimed destroys' wall times, for context. */
  destroySeconds: { native: Summary; dynamic: Summary; noop: Summary };
  /** Graph calls of one up (the last rep's; every rep is checked to make exactly these), by `METHOD path`. */
  callsPerUp: { native: Record<string, number>; dynamic: Record<string, number> };
  /** Traced ups of each side, after the timed reps. */
  tracedUps: number;
  /** Where the time goes, per side. */
  whereTheTimeGoes: { native: UpPhases; dynamic: UpPhases; noop: UpPhases };
  /** What is measured. */
  note: string;
}

/** The sizes of a profile stack, unjudged. */
type ProfileStateSizes = Omit<StateSizeResult, "goal" | "met" | "value"> & {
  /** Bytes of `pulumi stack export` as printed (indented), per resource. */
  printedExportBytesPerResource: number;
};

/** `nativeStateBytesPerResource`: the stored checkpoint per `messenger:index:Profile` (the Node SDK). */
export interface NativeStateBytesResult extends StateSizeResult {
  /** Bytes of `pulumi stack export` as printed (indented), per resource. */
  printedExportBytesPerResource: number;
  /** Bytes of the plugin's default provider resource (compact), shared by every resource. */
  providerResourceCompactBytes: number;
  /** Compact bytes of each field of one resource entry (`"field":value`), largest first. */
  oneEntryByField: Record<string, number>;
  /** Compact bytes of each of its inputs. */
  oneEntryInputs: Record<string, number>;
  /** Compact bytes of each of its outputs. */
  oneEntryOutputs: Record<string, number>;
  /** The same 50 profiles through the dynamic class MessengerProfile, measured the same way. */
  dynamicProfile: ProfileStateSizes;
}

/** The three profile operations `profileOpVsMessagingApis` times. */
export type ProfileOp = "set" | "get" | "delete";

/** One profile operation against messaging-api-messenger's. */
export interface ProfileOpComparison {
  /** Per rep: median of ours / median of theirs. */
  ratio: Summary;
  /** Median of the reps' medians, ours. */
  oursMedianMs: number;
  /** Median of the reps' medians, messaging-api-messenger's. */
  theirsMedianMs: number;
  /** The request both sides send (checked equal before timing): `METHOD path`, and the body's bytes. */
  request: string;
}

/** `profileOpVsMessagingApis`: our profile operations against messaging-api-messenger's, interleaved. */
export interface ProfileOpVsMessagingApisResult extends Judged<Record<ProfileOp, number>> {
  /** Per operation. */
  perOp: Record<ProfileOp, ProfileOpComparison>;
  /** Reps. */
  reps: number;
  /** Interleaved calls per operation per rep. */
  iterationsPerRep: number;
  /** Untimed calls per operation first. */
  warmupIterations: number;
  /** The messaging-api-messenger version measured. */
  messagingApiMessengerVersion: string;
  /** What is measured. */
  note: string;
}

/** Calls (or anything else) of one step, per side. */
export interface PerSide<T> {
  /** Our `MessengerProfile` (engine) or its planner (provisional). */
  ours: T;
  /** bottender's profile sync. */
  bottender: T;
  /** A naive re-post of every field. */
  naive: T;
}

/** One step of the `profileSync` sequence. */
export interface ProfileSyncStepResult {
  /** Step name (bench/profile-sync/edits.ts). */
  name: string;
  /** `create`, `change`, `cosmetic` or `noop`. */
  kind: string;
  /** What the edit does. */
  description: string;
  /** Graph calls. */
  calls: PerSide<number>;
  /** Each call: `METHOD path status` (ours: undefined when the side does not report them). */
  requests: PerSide<string[] | undefined>;
  /** Whether the Page's profile equals the declaration after the step (undefined: not checked). */
  pageMatchesDeclaration: PerSide<boolean | undefined>;
  /** The error the step ended with, or null. */
  errors: PerSide<string | null>;
}

/** `profileSync`: Graph calls of a scripted sequence of profile edits. */
export interface ProfileSyncResult extends Judged<{
  edits: number;
  ourCalls: number;
  bottenderCalls: number;
  naiveCalls: number;
  ratioVsBottender: number;
  maxCallsPerEdit: number;
  cosmeticCalls: number;
}> {
  /** Where our count comes from: the engine, or the in-process planner standing in for it. */
  ourSide: "engine" | "planner-provisional";
  /** Calls of step 0 (create), not counted in the figure. */
  createCalls: PerSide<number>;
  /** The steps after which the Page's profile differed from the declaration (null: not checked). */
  stepsWherePageDiffersFromDeclaration: PerSide<string[] | null>;
  /** Every step. */
  steps: ProfileSyncStepResult[];
}

/** Something of each side of the webhook sequence. */
export interface WebhookPerSide<T> {
  /** Our `MessengerWebhook` and `MessengerPageSubscription`. */
  ours: T;
  /** bottender's `messenger webhook set` (replayed). */
  bottender: T;
}

/** One step of the `webhookVsBottender` sequence. */
export interface WebhookSyncStepResult {
  /** Step name (bench/webhook-sync/steps.ts). */
  name: string;
  /** `create`, `change` or `noop`. */
  kind: string;
  /** What the edit does. */
  description: string;
  /** What the step declares: the callback's path on the receiver, the fields of both levels. */
  declared: { callbackPath: string; fields: string[] };
  /** Graph calls. */
  calls: WebhookPerSide<number>;
  /** Each call: `METHOD path status`. */
  requests: WebhookPerSide<string[]>;
  /** Whether the app's `page` subscription was exactly the declaration after the step. */
  appAsDeclared: WebhookPerSide<boolean>;
  /** Whether the Page subscribed the app to exactly the declared fields after the step. */
  pageAsDeclared: WebhookPerSide<boolean>;
  /** What the app held after the step (the receiver's origin written `<receiver>`). */
  appHeld: WebhookPerSide<string>;
  /** What the Page held for the app after the step. */
  pageHeld: WebhookPerSide<string>;
  /** The error the step ended with, or null. */
  errors: WebhookPerSide<string | null>;
}

/** The sequence under one of the emulator's ways of treating a POST of an app's subscription. */
export interface WebhookSyncModeRun {
  /** `merge`: a POST adds its fields to the subscription's; `replace`: its fields become the subscription's. */
  subscriptionPost: "merge" | "replace";
  /** Calls over the whole sequence. */
  calls: WebhookPerSide<number>;
  /** Ours / bottender's. */
  ratioVsBottender: number;
  /** The steps after which the app differed from the declaration. */
  stepsWhereAppDiffers: WebhookPerSide<string[]>;
  /** The steps after which the Page differed from the declaration. */
  stepsWherePageDiffers: WebhookPerSide<string[]>;
  /** Every step. */
  steps: WebhookSyncStepResult[];
}

/** `webhookVsBottender`: Graph calls of a scripted sequence of webhook edits, ours against bottender's. */
export interface WebhookVsBottenderResult extends Judged<{
  steps: number;
  ourCalls: number;
  bottenderCalls: number;
  ratioVsBottender: number;
  editsOnly: { ours: number; bottender: number; ratio: number };
  noopCalls: number;
  oursAsDeclaredAfterEveryStep: boolean;
}> {
  /** Where our count comes from: the engine (one `pulumi up` per step), or the lifecycles run in process. */
  ourSide: "engine" | "lifecycles-in-process";
  /** The sequence under each way Graph may treat a POST (undocumented); the value is the worse ratio. */
  modes: WebhookSyncModeRun[];
  /** Verification requests the callback receiver answered during the run. */
  callbackVerifications: number;
}

/** `botUp`: a bot's whole set-up from empty (profile, webhook, Page subscription) on the engine. */
export interface BotUpResult extends Judged<{ calls: number; ratioToProfileAlone: number }> {
  /** The calls of the last rep's set-up: `METHOD path status`. */
  requests: string[];
  /** Calls of the profile alone. */
  profileAloneCalls: number;
  /** Per rep: the set-up's up / the profile alone's up. */
  ratio: Summary;
  /** The set-up's up. */
  botSeconds: Summary;
  /** The profile alone's up. */
  profileSeconds: Summary;
  /** Calls of the set-up's destroy (last rep). */
  destroyCalls: number;
  /** What a destroy left on the app or the Page (cleared before the next up); empty when nothing. */
  leftAfterDestroy: string[];
  /** What is measured. */
  note: string;
}

/** `webhookUp50`: up of 50 Page subscriptions and their webhook against 50 no-op resources. */
export interface WebhookUpResult extends UpRatioResult {
  /** Graph calls of the real up (each rep). */
  calls: number;
  /** What a destroy left on the app or the Pages (cleared before the next up); empty when nothing. */
  leftAfterDestroy: string[];
}

/** A figure measured by a run of its own (`npm run bench -- --only <group> --merge`), not with the rest. */
export interface SeparateRun {
  /** The command that measured it (absent: `npm run bench -- --only profile --merge`). */
  command?: string;
  /** When. */
  generatedAt: string;
  /** Wall time of that run. */
  wallSeconds: number;
  /** The source it measured. */
  source: { commit: string; uncommittedSourceChanges: string[] };
}

/** bench/results.json. */
export interface BenchResults {
  generatedAt: string;
  totalWallSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    platform: string;
    node: string;
    pulumi: string;
    pulumiNodeSdk: string;
  };
  source: { commit: string; uncommittedSourceChanges: string[] };
  repetitions: {
    scaling: number;
    opOverhead: number;
    opIterations: number;
    opWarmup: number;
    rateLimited: number;
    profileUp50: number;
    /** Reps of `pluginUp50` (absent from results written before it existed). */
    pluginUp50?: number;
    /** Reps of `botUp` (absent from results written before it existed). */
    botUp?: number;
    /** Reps of `webhookUp50` (absent from results written before it existed). */
    webhookUp50?: number;
    /** Reps of `nativeProfileUp50` (absent from results written before it existed). */
    nativeProfileUp50?: number;
    /** Traced ups of each side of `nativeProfileUp50`, after its reps (absent before it existed). */
    nativeTracedUps?: number;
  };
  consumer: { tarballSha256: string; reusedInstall: boolean; installSeconds: number };
  calls: CallsResult;
  opOverheadRatio: OpOverheadResult;
  upRatio50: UpRatioResult;
  upScaling: UpScalingResult;
  stateBytesPerResource: StateBytesResult;
  connectionsPerRequest: ConnectionsResult;
  rateLimitedUp: RateLimitedResult;
  refreshCliDefault: RefreshGetsResult;
  refreshSkipPreview: RefreshGetsResult;
  upRefreshCliDefault: RefreshGetsResult;
  upRefreshSkipPreview: RefreshGetsResult;
  profileUp50: UpRatioResult;
  profileOpVsMessagingApis: ProfileOpVsMessagingApisResult;
  profileSync: ProfileSyncResult;
  pluginUp50: PluginUpResult;
  pluginStateBytesPerResource: PluginStateBytesResult;
  webhookVsBottender: WebhookVsBottenderResult;
  botUp: BotUpResult;
  webhookUp50: WebhookUpResult;
  nativeProfileUp50: NativeProfileUpResult;
  nativeStateBytesPerResource: NativeStateBytesResult;
  /** Figures merged from a run of their own, by figure (absent: every figure comes from this run). */
  separateRuns?: Record<string, SeparateRun>;
}
