/**
 * The checks across a program's bot resources on the real engine (core/delivery-claims.ts): each
 * conflict fails the preview naming both resources with 0 Graph calls, and an `up` without a
 * preview fails before any request with nothing created; a Page field no webhook of the app
 * subscribes is a warning, and the program goes on.
 */
import * as path from "path";
import { DEFAULT_APPS, DEFAULT_PAGES } from "../../emulator";
import type { StepOutcome } from "../../harness";
import { StepSuite, conflictStep, useSessions } from "../support/engine";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "profile");
const [ONE, TWO] = DEFAULT_PAGES;
const APP = DEFAULT_APPS[0];
const secret = (value: string) => ({ value, secret: true });

/** One entry of the program's `resources` config. */
interface Entry {
  readonly kind: "profile" | "webhook" | "subscription";
  readonly name: string;
  readonly tokenKey?: string;
  readonly args: Readonly<Record<string, unknown>>;
}
const resources = (...entries: Entry[]) => ({ resources: JSON.stringify(entries) });

const BASE_CONFIG = {
  "messenger:pageAccessToken": secret(ONE.token),
  "messenger:appId": APP.id,
  "messenger:appSecret": secret(APP.secret),
  oneToken: secret(ONE.token),
  twoToken: secret(TWO.token),
};

const hook = (name: string, fields: string[], extra: Record<string, unknown> = {}): Entry => ({
  kind: "webhook",
  name,
  args: { callbackUrl: "https://bot.example.com/webhook", verifyToken: "verify-token-of-the-checks", fields, ...extra },
});
const sub = (name: string, subscribedFields: string[], tokenKey?: string): Entry => ({
  kind: "subscription",
  name,
  ...(tokenKey ? { tokenKey } : {}),
  args: { subscribedFields },
});
const GET_STARTED: Entry = { kind: "profile", name: "profile", args: { getStarted: { payload: "GET_STARTED" } } };

/** Fine: a webhook, two Pages' subscriptions (one per Page), a profile with Get Started on a Page that subscribes postbacks. */
const NO_CONFLICT = resources(
  hook("hook", ["messages", "messaging_postbacks"]),
  hook("ig", ["messages"], { object: "instagram" }),
  sub("one", ["messages", "messaging_postbacks"]),
  sub("two", ["messages"], "twoToken"),
  GET_STARTED,
);

const POSTBACKS =
  /MessengerProfile "profile" has Get Started or a postback menu item, but MessengerPageSubscription "one" does not subscribe the Page to messaging_postbacks/;
const TWO_HOOKS = /MessengerWebhook "a" and MessengerWebhook "b" both own the field messages of the stack's app/;
const TWO_SUBS = /MessengerPageSubscription "a" and MessengerPageSubscription "b" both subscribe the same Page/;

const checks = new StepSuite({
  label: "delivery-checks",
  pages: DEFAULT_PAGES,
  test: () => ({ program: PROGRAM, config: { ...BASE_CONFIG, ...NO_CONFLICT } }),
  steps: () => [
    {
      title: "no conflict: preview passes, 0 calls",
      name: "preview (no conflict)",
      op: "preview",
      calls: 0,
      changes: { create: 6 },
    },
    conflictStep(
      "Get Started on a Page whose subscription lacks messaging_postbacks: preview fails naming both, 0 calls",
      "preview (postbacks not subscribed)",
      "preview",
      resources(GET_STARTED, sub("one", ["messages"])),
      POSTBACKS,
    ),
    conflictStep(
      "the same, the subscription declared first, with `up` and no preview: fails before any request",
      "up (postbacks not subscribed)",
      "up",
      resources(sub("one", ["messages"]), GET_STARTED),
      POSTBACKS,
    ),
    conflictStep(
      "two webhooks owning one field of one app's object: preview fails naming both, 0 calls",
      "preview (two webhooks)",
      "preview",
      resources(hook("a", ["messages", "feed"]), hook("b", ["messages"])),
      TWO_HOOKS,
    ),
    conflictStep(
      "two subscriptions of one Page by one app (both on the stack's token): up without preview fails, nothing created",
      "up (two subscriptions)",
      "up",
      resources(sub("a", ["messages"]), sub("b", ["feed"])),
      TWO_SUBS,
    ),
    {
      title:
        "a Page field that the program's webhook of the app does not subscribe: a warning naming both, preview passes",
      name: "preview (field not subscribed by the app)",
      op: "preview",
      config: resources(hook("hook", ["messages"]), sub("one", ["messages", "message_reads"])),
      calls: 0,
      changes: { create: 2, same: 1 },
      validate: (r: StepOutcome) => {
        expect(r.output).toMatch(
          /MessengerPageSubscription "one" subscribes the Page to message_reads, which no MessengerWebhook/,
        );
      },
    },
  ],
});

describe("delivery checks on the real engine", () => {
  const sessions = useSessions("Graph calls per step: delivery checks");
  beforeAll(async () => {
    await checks.start(sessions);
  });
  describe(checks.label, () => checks.tests());
});
