/**
 * `npm run demo`: a whole Messenger bot on the real Pulumi engine, against the embedded Graph API
 * emulator, with no Facebook account, through the harness. The bot's webhook receiver
 * (examples/bot/receiver.ts) listens on a loopback port; `pulumi up` of examples/bot sets the
 * Page's profile, subscribes the app to the receiver (the emulator verifies the callback first, as
 * Graph does) and subscribes the Page to the app; the emulator then delivers a message and a Get
 * Started tap, signed with the app secret, which the receiver checks; a second `up` changes nothing
 * and calls nothing; `pulumi destroy` leaves the app and the Page as they were.
 *
 * The account linking demo is `npm run demo:linking` (scripts/demo-linking.ts).
 */
import * as path from "path";
import { DEFAULT_APPS, DEFAULT_PAGES, type Emulator } from "../emulator";
import { EXAMPLES_DIR, Harness, summarizeCalls, type HarnessStack, type StepResult } from "../harness";
import { startReceiver, type MessagingEvent, type Receiver } from "../examples/bot/receiver";

/** The verify token of this demo (fake: it only has to match between the program and the receiver). */
const VERIFY_TOKEN = "demo-verify-token-not-a-secret";
const page = DEFAULT_PAGES[0];
const app = DEFAULT_APPS[0];
const secret = (value: string) => ({ value, secret: true });

/** What the app and the Page subscribe, and the Page's profile fields, in one line each. */
function snapshot(emu: Emulator): string[] {
  const subs = emu.app(app.id)?.subscriptions ?? [];
  const appLine = subs.length
    ? subs.map((s) => `${s.object} -> ${s.callbackUrl} [${s.fields.join(", ")}]${s.active ? "" : " (inactive)"}`)
    : ["none"];
  const apps = emu.pageSubscriptions(page.id);
  const pageLine = apps.length ? apps.map((a) => `app ${a.appId} [${a.fields.join(", ")}]`) : ["none"];
  const profile = Object.keys(emu.profile(page.id) ?? {});
  return [
    `app ${app.id} "${app.name}" webhook subscriptions: ${appLine.join("; ")}`,
    `Page ${page.id} "${page.name}" subscribed apps: ${pageLine.join("; ")}`,
    `Page ${page.id} Messenger profile fields: ${profile.length ? profile.join(", ") : "none"}`,
  ];
}

function show(emu: Emulator, when: string): string[] {
  const lines = snapshot(emu);
  console.log(`\n[emulator] ${when}:`);
  for (const l of lines) console.log(`  ${l}`);
  return lines;
}

const callList = (r: StepResult) =>
  r.calls.map((c) => `${c.method} ${c.path} -> ${c.status ?? "-"}`).join("\n  ") || "none";

function describeEvent(e: MessagingEvent): string {
  const what = e.kind === "message" ? `a message: ${JSON.stringify(e.text ?? "")}` : `a postback: ${e.payload ?? ""}`;
  return `${what} (Page ${e.pageId}, sender ${e.senderId})`;
}

/** Events the receiver hands to the bot, one promise per expected event. */
function eventQueue(): { onEvent: (e: MessagingEvent) => void; next: () => Promise<MessagingEvent> } {
  const arrived: MessagingEvent[] = [];
  const waiting: Array<(e: MessagingEvent) => void> = [];
  return {
    onEvent: (e) => {
      const w = waiting.shift();
      if (w) w(e);
      else arrived.push(e);
    },
    next: () => {
      const e = arrived.shift();
      return e ? Promise.resolve(e) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** Has the emulator deliver one event, and prints what it sent and what the bot got. */
async function deliver(
  emu: Emulator,
  events: ReturnType<typeof eventQueue>,
  what: string,
  event: Parameters<Emulator["deliverEvent"]>[0],
): Promise<void> {
  console.log(`\n[emulator] delivering ${what}`);
  const r = await emu.deliverEvent(event);
  if (!r.delivered) throw new Error(`the emulator did not deliver ${what}: ${r.reason ?? "no reason given"}`);
  console.log(`  POST ${r.callbackUrl ?? "?"}\n  ${JSON.stringify(r.body)}`);
  console.log(`  X-Hub-Signature-256: ${r.signature256 ?? "-"} (HMAC-SHA256 of the body with the app secret)`);
  console.log(`[receiver] signature valid (recomputed with the app secret): answered ${r.status ?? "-"} at once`);
  const e = await events.next();
  console.log(`[bot] got ${describeEvent(e)}`);
}

/** A delivery with a signature made with another secret: the receiver refuses it. */
async function forged(receiver: Receiver): Promise<void> {
  const body = JSON.stringify({ object: "page", entry: [] });
  const res = await fetch(receiver.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
    body,
  });
  console.log(`\n[demo] a delivery with a forged signature: the receiver answered ${res.status}`);
}

/** `pulumi <args>` on the stack as people type it, its output streamed when `echo` is set. */
function cliOf(stack: HarnessStack, loud: (on: boolean) => void) {
  return async (args: string[], echo: boolean): Promise<StepResult> => {
    console.log(`\n$ pulumi ${args.join(" ")}`);
    loud(echo);
    try {
      return await stack.cli(args.join(" "), args);
    } finally {
      loud(false);
    }
  };
}

async function run(h: Harness, receiver: Receiver, events: ReturnType<typeof eventQueue>, loud: (on: boolean) => void) {
  const before = show(h.emu, "before");
  const stack = await h.newStack({
    program: path.join(EXAMPLES_DIR, "bot"),
    name: `demo-${process.pid}`,
    config: {
      "messenger:pageAccessToken": secret(page.token),
      "messenger:appId": app.id,
      "messenger:appSecret": secret(app.secret),
      callbackUrl: receiver.url,
      verifyToken: secret(VERIFY_TOKEN),
    },
  });
  const cli = cliOf(stack, loud);
  const up = await cli(["up", "--yes", "--skip-preview"], true);
  console.log(`\n[emulator] Graph calls during up:\n  ${callList(up)}`);
  const checks = receiver.log.filter((l) => l.method === "GET");
  console.log(`[receiver] verification requests answered: ${checks.map((l) => `${l.status} ${l.note}`).join(", ")}`);
  show(h.emu, "after pulumi up");
  await deliver(h.emu, events, "a message", {
    pageId: page.id,
    field: "messages",
    senderId: "7000000000000001",
    text: "Hello, bot!",
  });
  await deliver(h.emu, events, "a Get Started tap", {
    pageId: page.id,
    field: "messaging_postbacks",
    senderId: "7000000000000001",
    payload: "GET_STARTED",
    title: "Get Started",
  });
  await forged(receiver);
  const again = await cli(["up", "--yes", "--skip-preview"], false);
  console.log(`[emulator] Graph calls during a second up with nothing changed: ${again.calls.length}`);
  const destroy = await cli(["destroy", "--yes", "--skip-preview"], true);
  console.log(`\n[emulator] Graph calls during destroy: ${summarizeCalls(destroy.calls)}\n  ${callList(destroy)}`);
  const after = show(h.emu, "after pulumi destroy");
  console.log(`[emulator] app and Page as before: ${JSON.stringify(after) === JSON.stringify(before) ? "yes" : "NO"}`);
}

async function main(): Promise<void> {
  let loud = false;
  const h = await Harness.start({ label: "demo", echo: (text) => loud && process.stdout.write(text) });
  const events = eventQueue();
  const receiver = await startReceiver({
    port: 0,
    host: "127.0.0.1",
    verifyToken: VERIFY_TOKEN,
    appSecret: app.secret,
    onEvent: events.onEvent,
  });
  try {
    console.log(`[emulator] Graph API emulator on ${h.emu.url}`);
    console.log(`[receiver] the bot's webhook receiver on ${receiver.url}`);
    await run(h, receiver, events, (on) => (loud = on));
  } finally {
    await receiver.close();
    await h.close();
  }
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
