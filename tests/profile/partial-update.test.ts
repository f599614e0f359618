// MessengerProfile's update when its DELETE fails after its POST went through: the error carries the
// state the Page now has (for the engine's ErrorResourceInitFailed), never shows the secrets in it,
// and an update from that state makes only the DELETE. Real HTTP against the emulator.
import * as util from "util";
import { readProviderSettings } from "../../provider/core/settings";
import { retryEnv } from "../../harness/retry";
import { GraphApiError } from "../../provider/graph/errors";
import { forDynamicHost } from "../../provider/core/dynamic-host";
import { partialStateOf } from "../../provider/core/partial-state";
import { ProfileLifecycle } from "../../provider/profile/lifecycle";
import { IN_PROCESS_RETRY, PAGE_1, TOKEN_1, useEmulator } from "../support/emulator";
import type { MessengerProfileInputs, MessengerProfileOutputs } from "../../provider/profile/types";

const emulator = useEmulator();
const lifecycle = () =>
  new ProfileLifecycle({
    settings: readProviderSettings(undefined, {
      MESSENGER_GRAPH_API_URL: emulator().url,
      ...retryEnv(IN_PROCESS_RETRY),
    }),
  });

const OLD = {
  platform: "messenger",
  apiVersion: "v25.0",
  pageAccessToken: TOKEN_1,
  getStarted: { payload: "GET_STARTED" },
  greeting: [
    { locale: "default", text: "Hello" },
    { locale: "fr_FR", text: "Bonjour" },
  ],
  commands: [{ locale: "default", commands: [{ name: "order", description: "Track an order" }] }],
  accountLinkingUrl: "https://example.com/link",
} as unknown as MessengerProfileInputs;
// The greeting changes; commands and the account linking URL are removed.
const NEW = {
  platform: "messenger",
  apiVersion: "v25.0",
  pageAccessToken: TOKEN_1,
  getStarted: { payload: "GET_STARTED" },
  greeting: [
    { locale: "default", text: "Hello again" },
    { locale: "fr_FR", text: "Bonjour" },
  ],
} as unknown as MessengerProfileInputs;

const calls = () =>
  emulator()
    .requests()
    .map((r) => `${r.method} ${r.path} ${r.status ?? r.fault}`);

async function failedUpdate(fault: "POST" | "DELETE"): Promise<{ olds: MessengerProfileOutputs; error: unknown }> {
  const lc = lifecycle();
  const olds = (await lc.create(OLD)).outs!;
  emulator().clearRequests();
  emulator().injectFault({
    match: { method: fault, path: "messenger_profile" },
    fault: { type: "graph", code: 190, subcode: 463, status: 400, message: "Error validating access token" },
    times: 1,
  });
  let error: unknown;
  try {
    await lc.update(PAGE_1, olds, NEW);
  } catch (e) {
    error = e;
  }
  return { olds, error };
}

test("a DELETE that fails after the POST: the error carries the Page's state, and the next update only DELETEs", async () => {
  const { error } = await failedUpdate("DELETE");
  expect(GraphApiError.isInstance(error)).toBe(true);
  expect((error as Error).message).toMatch(/Graph error 190\/463/);
  expect(calls()).toEqual(["POST /v25.0/me/messenger_profile 200", "DELETE /v25.0/me/messenger_profile 400"]);
  const p = partialStateOf(error)!;
  expect(p.id).toBe(PAGE_1);
  // The engine prints the reasons, not the message: the failure comes first, then what is left to do.
  expect(p.reasons[0]).toBe((error as Error).message);
  expect(p.reasons[1]).toMatch(/POST of greeting went through; the DELETE of commands, account_linking_url/);
  const state = p.properties as unknown as MessengerProfileOutputs;
  // The new greeting (sent), the removed fields still owned with their values (still on the Page).
  expect(state.ownedFields).toEqual(["get_started", "greeting", "commands", "account_linking_url"]);
  expect(state.greeting).toEqual([
    { locale: "default", text: "Hello again" },
    { locale: "fr_FR", text: "Bonjour" },
  ]);
  expect(state.accountLinkingUrl).toBe("https://example.com/link");
  expect(state.commands).toEqual(OLD.commands);
  expect(state.pageAccessToken).toBe(TOKEN_1); // state needs it; it is marked secret by the resource
  const page = emulator().profile(PAGE_1)!;
  expect(page.greeting).toEqual([
    { locale: "default", text: "Hello again" },
    { locale: "fr_FR", text: "Bonjour" },
  ]);
  expect(page.account_linking_url).toBe("https://example.com/link");

  // Printing, inspecting or serializing the error shows no secret of the state it carries.
  for (const text of [
    util.inspect(error, { depth: 8, showHidden: true }),
    String(error),
    JSON.stringify(error),
    (error as Error).stack ?? "",
  ])
    expect(text).not.toContain(TOKEN_1);

  // The engine's next up, from the state it recorded: only the DELETE.
  emulator().clearRequests();
  const lc = lifecycle();
  expect((await lc.diff(PAGE_1, state, NEW)).changes).toBe(true);
  const outs = (await lc.update(PAGE_1, state, NEW)).outs!;
  expect(calls()).toEqual(["DELETE /v25.0/me/messenger_profile 200"]);
  expect(emulator().requests()[0].body).toBe(JSON.stringify({ fields: ["commands", "account_linking_url"] }));
  expect(outs.ownedFields).toEqual(["get_started", "greeting"]);
  expect(emulator().profile(PAGE_1)).toEqual({ get_started: { payload: "GET_STARTED" }, greeting: page.greeting });
});

test("a POST that fails changes nothing: the error carries no state (the engine keeps the old one)", async () => {
  const { error } = await failedUpdate("POST");
  expect(GraphApiError.isInstance(error)).toBe(true);
  expect(calls()).toEqual(["POST /v25.0/me/messenger_profile 400"]);
  expect(partialStateOf(error)).toBeUndefined();
  expect((error as Record<string, unknown>).properties).toBeUndefined();
});

test("the partial state keeps the host's serialized provider, which the host adds to results but not to errors", async () => {
  const lc = forDynamicHost(lifecycle());
  const withHost = {
    ...NEW,
    __provider: "exports.handler = 'serialized provider'",
  } as unknown as MessengerProfileInputs;
  const olds = (await lc.create(OLD)).outs!;
  emulator().injectFault({
    match: { method: "DELETE", path: "messenger_profile" },
    fault: { type: "graph", code: 10, status: 403, message: "(#10) The pages_messaging permission is required." },
    times: 1,
  });
  const error = await lc.update(PAGE_1, olds, withHost).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(partialStateOf(error)?.properties.__provider).toBe("exports.handler = 'serialized provider'");
});
