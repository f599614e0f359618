/**
 * The steps of the `MessengerWebhook` and `MessengerPageSubscription` fault matrix, as
 * {@link RowPlan}s: the world each starts from (another owner's fields on the same object and
 * callback, a subscription of the other object, a bystander app; for a Page, the bystander app's
 * subscription), the step, the engine's next step, their calls, and the views of the app or Page
 * each must leave.
 */
import type { Emulator, PageSeed } from "../../emulator";
import type { PageSubscriptionLifecycle } from "../../provider/page-subscription/lifecycle";
import type { PageSubscriptionInputs, PageSubscriptionOutputs } from "../../provider/page-subscription/types";
import type { WebhookLifecycle } from "../../provider/webhook/lifecycle";
import type { WebhookInputs, WebhookOutputs } from "../../provider/webhook/types";
import type { CallLine, RowPlan } from "./webhook-matrix";
import {
  APP,
  appView,
  BYSTANDER_APP,
  canonical,
  credentialInputs,
  pageView,
  sorted,
  VERIFY_TOKEN,
  type CredentialSource,
  type SubscriptionView,
} from "./webhook-world";

const V = "/v25.0";

/** The steps of a `MessengerWebhook` row; `update-swap` is an update whose DELETE (after its POST) is faulted. */
export type WebhookOp = "create" | "update-add" | "update-remove" | "update-swap" | "read" | "delete";

/** Fields the row's resource owns before its step, and after it. */
const OWNED = ["messages", "messaging_postbacks"];
const DECLARED: Readonly<Record<WebhookOp, readonly string[]>> = {
  create: OWNED,
  "update-add": ["messages", "messaging_optins", "messaging_postbacks"],
  "update-remove": ["messages"],
  "update-swap": ["messages", "messaging_optins"],
  read: OWNED,
  delete: [],
};
/** Another owner's fields on the same object and callback (another stack of the app). */
export const OTHER_OWNER_FIELDS = ["feed", "message_reads"];
/** What someone removed by hand before a refresh: the app keeps only `messages` of the owned fields. */
const DRIFTED = ["messages"];
/** The other object's subscription of the app, and the bystander app's: owned by no row. */
const INSTAGRAM: SubscriptionView = {
  callbackUrl: "https://other-stack.example.com/instagram",
  fields: ["comments"],
  includeValues: false,
};
const BYSTANDER: SubscriptionView = {
  callbackUrl: "https://bystander.example.com/webhook",
  fields: ["feed"],
  includeValues: false,
};

/** What a webhook row needs. */
export interface WebhookRow {
  readonly emu: Emulator;
  readonly lc: WebhookLifecycle;
  readonly op: WebhookOp;
  readonly mode: "merge" | "replace";
  readonly source: CredentialSource;
  /** The loopback callback that answers verification with the verify token. */
  readonly callbackUrl: string;
}

/** The app's `page` subscription holding `owned` besides the other owner's fields. */
function pageObject(callbackUrl: string, owned: readonly string[]): SubscriptionView {
  return { callbackUrl, fields: sorted([...OTHER_OWNER_FIELDS, ...owned]), includeValues: false };
}

/** The world of a webhook row: the app's subscriptions and the bystander app's. */
function webhookWorld(callbackUrl: string, owned: readonly string[]): unknown {
  return {
    app: { page: pageObject(callbackUrl, owned), instagram: INSTAGRAM },
    bystander: { page: BYSTANDER },
  };
}

/**
 * The world a failed `update-swap` leaves: its POST landed, its DELETE did not. The error carries
 * the state of the POST (the fields given up still owned), so the next step only DELETEs them.
 */
function afterSwapPost(row: WebhookRow): unknown {
  const added = DECLARED["update-swap"];
  return webhookWorld(row.callbackUrl, row.mode === "merge" ? sorted([...OWNED, ...added]) : added);
}

/** Resets the app's subscriptions to the row's starting point (out of band, no call). */
function resetApp(row: WebhookRow): void {
  const { emu } = row;
  emu.setSubscriptionPost(row.mode);
  emu.deleteAppSubscription(APP.id, "page");
  emu.setAppSubscription(APP.id, { object: "page", callbackUrl: row.callbackUrl, fields: OTHER_OWNER_FIELDS });
  emu.setAppSubscription(APP.id, { object: "instagram", ...INSTAGRAM });
  emu.setAppSubscription(BYSTANDER_APP.id, { object: "page", ...BYSTANDER });
}

async function checkedWebhook(row: WebhookRow, fields: readonly string[]): Promise<WebhookInputs> {
  const raw = { callbackUrl: row.callbackUrl, verifyToken: VERIFY_TOKEN, fields, ...credentialInputs(row.source) };
  const r = await row.lc.check({} as WebhookInputs, raw as unknown as WebhookInputs);
  if ((r.failures ?? []).length > 0) throw new Error(`check refused valid inputs: ${canonical(r.failures)}`);
  return r.inputs as WebhookInputs;
}

/** The webhook's state against the world: callback, owned and other fields, app and object. */
function webhookAgreement(row: WebhookRow, s: WebhookOutputs, world: unknown): string[] {
  const page = (world as { app: Record<string, SubscriptionView | undefined> }).app.page;
  const out: string[] = [];
  if (s.appId !== APP.id || s.object !== "page") out.push(`state names app ${s.appId} object ${s.object}`);
  if (s.callbackUrl !== (page?.callbackUrl ?? ""))
    out.push(`state's callback ${s.callbackUrl}, the app's ${page?.callbackUrl}`);
  const claimed = sorted([...s.fields, ...s.otherFields]);
  if (canonical(claimed) !== canonical(page?.fields ?? []))
    out.push(`state's fields and other fields ${canonical(claimed)}, the app's ${canonical(page?.fields ?? [])}`);
  if (canonical(s.otherFields) !== canonical(OTHER_OWNER_FIELDS))
    out.push(`state's other fields ${canonical(s.otherFields)}`);
  return out;
}

/** The webhook state after the engine's next step. */
function webhookFinal(row: WebhookRow, s: WebhookOutputs | undefined): string[] {
  if (row.op === "delete") return s === undefined ? [] : ["the resource still has a state after its delete"];
  if (s === undefined) return ["no state"];
  const declared = DECLARED[row.op === "read" ? "create" : row.op];
  const out: string[] = [];
  if (canonical(s.fields) !== canonical(declared))
    out.push(`fields ${canonical(s.fields)}, declared ${canonical(declared)}`);
  if (s.callbackUrl !== row.callbackUrl) out.push(`callback ${s.callbackUrl}`);
  if (s.verifyToken !== VERIFY_TOKEN) out.push("the verify token is not the declared one");
  return out;
}

/** The call each webhook step's faults hit. */
const WEBHOOK_TARGET = {
  create: "POST",
  "update-add": "POST",
  "update-remove": "DELETE",
  "update-swap": "DELETE",
  read: "GET",
  delete: "DELETE",
} as const;

/** The calls of a webhook step besides its target, and of the engine's next step, as `G`, `P`, `D` letters. */
const WEBHOOK_CALLS: Readonly<Record<WebhookOp, { step: string; nextAfterFailure: string; nextAfterSuccess: string }>> =
  {
    create: { step: "G", nextAfterFailure: "GP", nextAfterSuccess: "" },
    "update-add": { step: "G", nextAfterFailure: "GP", nextAfterSuccess: "" },
    "update-remove": { step: "", nextAfterFailure: "D", nextAfterSuccess: "" },
    "update-swap": { step: "GP", nextAfterFailure: "D", nextAfterSuccess: "" },
    read: { step: "", nextAfterFailure: "GGP", nextAfterSuccess: "GP" },
    delete: { step: "", nextAfterFailure: "D", nextAfterSuccess: "" },
  };

/** The steps of a webhook row: set-up, step, the engine's next step. */
function webhookSteps(row: WebhookRow): Pick<RowPlan<WebhookOutputs>, "prepare" | "step" | "next"> {
  const { lc, op } = row;
  const id = `${APP.id}/page`;
  let news: WebhookInputs | undefined;
  const declared = () => news as WebhookInputs;
  const converge = async (s: WebhookOutputs | undefined) => {
    const d = await lc.diff(id, s as WebhookOutputs, declared());
    return d.changes ? (await lc.update(id, s as WebhookOutputs, declared())).outs : s;
  };
  return {
    async prepare() {
      resetApp(row);
      const full = await checkedWebhook(row, OWNED);
      news = op === "read" || op === "delete" ? full : await checkedWebhook(row, DECLARED[op]);
      if (op === "create") return undefined;
      const olds = (await lc.create(full)).outs;
      if (op === "read")
        row.emu.setAppSubscription(APP.id, { object: "page", ...pageObject(row.callbackUrl, DRIFTED) });
      return olds;
    },
    async step(olds) {
      if (op === "create") return (await lc.create(declared())).outs;
      if (op === "read") return (await lc.read(id, olds)).props;
      if (op === "delete") return void (await lc.delete(id, olds as WebhookOutputs));
      return (await lc.update(id, olds as WebhookOutputs, declared())).outs;
    },
    async next(kept, failed) {
      if (op === "delete") return failed ? void (await lc.delete(id, kept as WebhookOutputs)) : undefined;
      if (op === "create" && kept === undefined) return (await lc.create(declared())).outs;
      if (op === "read" && failed) return converge((await lc.read(id, kept)).props);
      return converge(kept);
    },
  };
}

/** The `MessengerWebhook` plan of a row. */
export function webhookPlan(row: WebhookRow): RowPlan<WebhookOutputs> {
  const { op } = row;
  const subs = `${V}/${APP.id}/subscriptions`;
  const letters: Readonly<Record<string, CallLine>> = { G: `GET ${subs}`, P: `POST ${subs}`, D: `DELETE ${subs}` };
  const lines = (calls: string): CallLine[] => [...calls].map((c) => letters[c]);
  const calls = WEBHOOK_CALLS[op];
  return {
    resource: "MessengerWebhook",
    target: { method: WEBHOOK_TARGET[op], path: subs },
    ...webhookSteps(row),
    otherCalls: lines(calls.step),
    nextCalls: (failed) => lines(failed ? calls.nextAfterFailure : calls.nextAfterSuccess),
    view: () => ({ app: appView(row.emu, APP.id), bystander: appView(row.emu, BYSTANDER_APP.id) }),
    views: {
      afterStep: webhookWorld(row.callbackUrl, op === "read" ? DRIFTED : DECLARED[op]),
      ...(op === "update-swap" ? { afterFailure: afterSwapPost(row) } : {}),
      final: webhookWorld(row.callbackUrl, op === "read" ? OWNED : DECLARED[op]),
    },
    keptDescribesWorldOnFailure: op !== "read" && op !== "update-swap",
    agreement: (s, world) => webhookAgreement(row, s, world),
    finalStateProblems: (s) => webhookFinal(row, s),
  };
}

/** The steps of a `MessengerPageSubscription` row. */
export type PageSubscriptionOp = "create" | "update" | "read" | "delete";

const PAGE_OWNED = ["messages", "messaging_postbacks"];
const PAGE_NEXT = ["message_reads", "messages"];
const PAGE_DRIFTED = ["messages"];
/** The bystander app's subscription on every Page: owned by no row. */
const PAGE_BYSTANDER = ["feed"];

/** What a Page subscription row needs. */
export interface PageSubscriptionRow {
  readonly emu: Emulator;
  readonly lc: PageSubscriptionLifecycle;
  readonly op: PageSubscriptionOp;
  readonly source: CredentialSource;
  readonly page: PageSeed;
}

async function checkedSubscription(
  row: PageSubscriptionRow,
  fields: readonly string[],
): Promise<PageSubscriptionInputs> {
  const raw = { subscribedFields: fields, ...credentialInputs(row.source, row.page) };
  const r = await row.lc.check({} as PageSubscriptionInputs, raw as unknown as PageSubscriptionInputs);
  if ((r.failures ?? []).length > 0) throw new Error(`check refused valid inputs: ${canonical(r.failures)}`);
  return r.inputs as PageSubscriptionInputs;
}

/** The Page's subscriptions: the row's app with `owned` (none when empty), the bystander app's. */
function pageWorld(owned: readonly string[]): unknown {
  return { ...(owned.length > 0 ? { [APP.id]: sorted(owned) } : {}), [BYSTANDER_APP.id]: PAGE_BYSTANDER };
}

function subscriptionAgreement(row: PageSubscriptionRow, s: PageSubscriptionOutputs, world: unknown): string[] {
  const onPage = (world as Record<string, readonly string[] | undefined>)[APP.id] ?? [];
  const out: string[] = [];
  if (s.pageId !== row.page.id || s.appId !== APP.id) out.push(`state names Page ${s.pageId}, app ${s.appId}`);
  if (canonical(sorted(s.subscribedFields)) !== canonical(onPage))
    out.push(`state's fields ${canonical(s.subscribedFields)}, the Page's ${canonical(onPage)}`);
  return out;
}

function subscriptionFinal(row: PageSubscriptionRow, s: PageSubscriptionOutputs | undefined): string[] {
  if (row.op === "delete") return s === undefined ? [] : ["the resource still has a state after its delete"];
  if (s === undefined) return ["no state"];
  const declared = row.op === "update" ? PAGE_NEXT : PAGE_OWNED;
  return canonical(s.subscribedFields) === canonical(declared)
    ? []
    : [`fields ${canonical(s.subscribedFields)}, declared ${canonical(declared)}`];
}

/** The `MessengerPageSubscription` plan of a row. */
export function pageSubscriptionPlan(row: PageSubscriptionRow): RowPlan<PageSubscriptionOutputs> {
  const { lc, op, emu, page } = row;
  const id = `${page.id}/${APP.id}`;
  const apps = `${V}/${page.id}/subscribed_apps`;
  const [ME, G, P, D]: CallLine[] = [`GET ${V}/me`, `GET ${apps}`, `POST ${apps}`, `DELETE ${apps}`];
  let news: PageSubscriptionInputs | undefined;
  const declared = () => news as PageSubscriptionInputs;
  const converge = async (s: PageSubscriptionOutputs | undefined) => {
    const d = await lc.diff(id, s as PageSubscriptionOutputs, declared());
    return d.changes ? (await lc.update(id, s as PageSubscriptionOutputs, declared())).outs : s;
  };
  const method = { create: "POST", update: "POST", read: "GET", delete: "DELETE" } as const;
  return {
    resource: "MessengerPageSubscription",
    target: { method: method[op], path: apps },
    pageId: page.id,
    async prepare() {
      emu.setPageSubscription(page.id, APP.id, undefined);
      emu.setPageSubscription(page.id, BYSTANDER_APP.id, PAGE_BYSTANDER);
      const full = await checkedSubscription(row, PAGE_OWNED);
      news = op === "update" ? await checkedSubscription(row, PAGE_NEXT) : full;
      if (op === "create") return undefined;
      const olds = (await lc.create(full)).outs;
      if (op === "read") emu.setPageSubscription(page.id, APP.id, PAGE_DRIFTED);
      return olds;
    },
    async step(olds) {
      if (op === "create") return (await lc.create(declared())).outs;
      if (op === "read") return (await lc.read(id, olds)).props;
      if (op === "delete") return void (await lc.delete(id, olds as PageSubscriptionOutputs));
      return (await lc.update(id, olds as PageSubscriptionOutputs, declared())).outs;
    },
    async next(kept, failed) {
      if (op === "delete") return failed ? void (await lc.delete(id, kept as PageSubscriptionOutputs)) : undefined;
      if (op === "create" && kept === undefined) return (await lc.create(declared())).outs;
      if (op === "read" && failed) return converge((await lc.read(id, kept)).props);
      return converge(kept);
    },
    otherCalls: op === "create" ? [ME] : [],
    nextCalls: (failed) =>
      ({
        create: failed ? [ME, P] : [],
        update: failed ? [P] : [],
        read: failed ? [G, P] : [P],
        delete: failed ? [D] : [],
      })[op],
    view: () => pageView(emu, page.id),
    views: {
      afterStep: pageWorld({ create: PAGE_OWNED, update: PAGE_NEXT, read: PAGE_DRIFTED, delete: [] }[op]),
      final: pageWorld({ create: PAGE_OWNED, update: PAGE_NEXT, read: PAGE_OWNED, delete: [] }[op]),
    },
    keptDescribesWorldOnFailure: op !== "read",
    agreement: (s, world) => subscriptionAgreement(row, s, world),
    finalStateProblems: (s) => subscriptionFinal(row, s),
  };
}
