// Every step of MessengerPageSubscription's lifecycle over real HTTP, with the exact requests.
import { DEFAULT_APPS, type Emulator, type LoggedRequest } from "../../emulator";
import { retryEnv } from "../../harness/retry";
import { readProviderSettings } from "../../provider/core/settings";
import { PageSubscriptionLifecycle } from "../../provider/page-subscription/lifecycle";
import type { PageSubscriptionInputs, PageSubscriptionOutputs } from "../../provider/page-subscription/types";
import { IN_PROCESS_RETRY, PAGE_1, PAGE_2, rejection, TOKEN_1, TOKEN_2, useEmulator } from "../support/emulator";

const APP = DEFAULT_APPS[0];
const emulator = useEmulator();
const APPS_PATH = `/v25.0/${PAGE_1}/subscribed_apps`;

beforeEach(() => {
  const emu = emulator();
  for (const p of [PAGE_1, PAGE_2]) emu.setPageSubscription(p, APP.id, undefined);
  emu.clearRequests();
});

function lifecycle(emu: Emulator, token = TOKEN_1): PageSubscriptionLifecycle {
  return new PageSubscriptionLifecycle({
    settings: readProviderSettings(undefined, {
      MESSENGER_GRAPH_API_URL: emu.url,
      MESSENGER_PAGE_ACCESS_TOKEN: token,
      MESSENGER_APP_ID: APP.id,
      ...retryEnv(IN_PROCESS_RETRY),
    }),
  });
}

async function checked(lc: PageSubscriptionLifecycle, raw: Record<string, unknown>): Promise<PageSubscriptionInputs> {
  const r = await lc.check({} as PageSubscriptionInputs, raw as never);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as PageSubscriptionInputs;
}

const wire = (r: LoggedRequest) => ({
  method: r.method,
  path: r.path,
  query: r.rawQuery.replace(/&?access_token=[^&]*/g, ""),
  body: r.body ? (JSON.parse(r.body) as unknown) : undefined,
});

test("create: GET /me and one POST of the sorted fields; the id is <page id>/<app id>", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const { id, outs } = await lc.create(await checked(lc, { subscribedFields: ["messaging_postbacks", "messages"] }));
  expect(id).toBe(`${PAGE_1}/${APP.id}`);
  expect(emu.requests().map(wire)).toEqual([
    { method: "GET", path: "/v25.0/me", query: "fields=id,name", body: undefined },
    { method: "POST", path: APPS_PATH, query: "", body: { subscribed_fields: "messages,messaging_postbacks" } },
  ]);
  expect(emu.pageSubscriptions(PAGE_1)).toEqual([{ appId: APP.id, fields: ["messages", "messaging_postbacks"] }]);
  expect(outs).toMatchObject({ pageId: PAGE_1, appId: APP.id, subscribedFields: ["messages", "messaging_postbacks"] });
});

test("a change of fields is one POST; their order makes no diff; destroy is one DELETE", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const created = await lc.create(await checked(lc, { subscribedFields: ["messages", "messaging_postbacks"] }));
  const olds = created.outs as PageSubscriptionOutputs;
  const same = await lc.diff(
    created.id,
    olds,
    await checked(lc, { subscribedFields: ["messaging_postbacks", "messages"] }),
  );
  expect(same.changes).toBe(false);
  const next = await checked(lc, { subscribedFields: ["messages"] });
  expect((await lc.diff(created.id, olds, next)).detailedDiff).toEqual({ subscribedFields: "update" });
  emu.clearRequests();
  const updated = await lc.update(created.id, olds, next);
  expect(emu.requests().map(wire)).toEqual([
    { method: "POST", path: APPS_PATH, query: "", body: { subscribed_fields: "messages" } },
  ]);
  emu.clearRequests();
  await lc.delete(created.id, updated.outs as PageSubscriptionOutputs);
  expect(emu.requests().map(wire)).toEqual([{ method: "DELETE", path: APPS_PATH, query: "", body: undefined }]);
  expect(emu.pageSubscriptions(PAGE_1)).toEqual([]);
});

test("refresh shows drift: a field removed by hand, then the Page unsubscribed; the next diff repairs", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const created = await lc.create(await checked(lc, { subscribedFields: ["messages", "messaging_postbacks"] }));
  emu.setPageSubscription(PAGE_1, APP.id, ["messages"]);
  emu.clearRequests();
  const read = await lc.read(created.id, created.outs);
  expect(emu.requests().map(wire)).toEqual([{ method: "GET", path: APPS_PATH, query: "", body: undefined }]);
  expect(read.props?.subscribedFields).toEqual(["messages"]);
  const d = await lc.diff(
    created.id,
    read.props as PageSubscriptionOutputs,
    await checked(lc, { subscribedFields: ["messages", "messaging_postbacks"] }),
  );
  expect(d.detailedDiff).toEqual({ subscribedFields: "update" });
  emu.setPageSubscription(PAGE_1, APP.id, undefined);
  expect((await lc.read(created.id, read.props as PageSubscriptionOutputs)).props?.subscribedFields).toEqual([]);
});

test("another Page's token replaces the resource (one GET /me tells)", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const created = await lc.create(await checked(lc, { subscribedFields: ["messages"] }));
  emu.clearRequests();
  const d = await lc.diff(
    created.id,
    created.outs as PageSubscriptionOutputs,
    await checked(lc, { subscribedFields: ["messages"], pageAccessToken: TOKEN_2 }),
  );
  expect(d.replaces).toEqual(["pageAccessToken"]);
  expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v25.0/me"]);
});

test("import (id <page id>/<app id>) adopts the fields; a token of another Page is refused", async () => {
  const emu = emulator();
  emu.setPageSubscription(PAGE_1, APP.id, ["messages", "feed"]);
  const imported = await lifecycle(emu).importResource(`${PAGE_1}/${APP.id}`);
  expect(imported.inputs).toEqual({ appId: APP.id, subscribedFields: ["feed", "messages"] });
  expect(imported.outs).toMatchObject({ pageId: PAGE_1, subscribedFields: ["feed", "messages"] });
  const wrong = await rejection(lifecycle(emu, TOKEN_2).importResource(`${PAGE_1}/${APP.id}`));
  expect(wrong.message).toContain(`now belongs to Page ${PAGE_2}`);
  expect((await rejection(lifecycle(emu).importResource(PAGE_1))).message).toContain("<page id>/<app id>");
});
