// The provider plugin's gRPC service over real gRPC: `resourceProviderService` on a grpc.Server bound
// to a loopback port, driven by the SDK's generated client (the stubs the engine's protocol is
// generated from), against the emulator on another loopback port. Every resource step states the
// exact requests the emulator received. The schema is checked against its generator and against
// the TypeScript args interfaces, read here with the compiler API on their own.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as ts from "typescript";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { DEFAULT_PAGES, type LoggedRequest } from "../../emulator";
import { resourceProviderService } from "../../provider/plugin/server";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../../provider/plugin/properties";
import { useEmulator } from "../support/emulator";

const ROOT = path.resolve(__dirname, "..", "..");
const [ONE, TWO] = DEFAULT_PAGES;
const PROFILE = "messenger:index:Profile";
const LINK = "messenger:index:AccountLinking";
const urn = (type: string, name: string) => `urn:pulumi:test::plugin-server::${type}::${name}`;
const secretOf = (value: unknown) => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value });
/** The schema the plugin serves (written by `npm run build`, as the launcher reads it). */
const SCHEMA_FILE = path.join(ROOT, "dist", "provider", "plugin", "schema.json");

const emu = useEmulator();

let printed: string | undefined;
/** What `npm run -s schema` prints: the generator, run once per file (it reads the TypeScript sources). */
function printedSchema(): string {
  printed ??= execFileSync(process.execPath, [path.join(ROOT, "dist", "scripts", "schema.js")], { encoding: "utf8" });
  return printed;
}

type Callback<Res> = (error: grpc.ServiceError | null, response: Res) => void;
type UnaryMethod<Req, Res> = (
  req: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  cb: Callback<Res>,
) => grpc.ClientUnaryCall;

/** A started service and a client of it. */
interface Plugin {
  readonly client: provrpc.ResourceProviderClient;
  /** The unary RPCs the tests call, as promises. */
  readonly call: ReturnType<typeof unaryCalls>;
  readonly close: () => Promise<void>;
}

/** One unary RPC as a promise (typed by the client method's last overload). */
function unary<Req, Res>(method: UnaryMethod<Req, Res>): (req: Req) => Promise<Res> {
  return (req) =>
    new Promise<Res>((resolve, reject) => {
      method(req, new grpc.Metadata(), {}, (e, r) => (e ? reject(e) : resolve(r)));
    });
}

/** The client's unary RPCs that the tests call. */
function unaryCalls(c: provrpc.ResourceProviderClient) {
  return {
    getPluginInfo: unary(c.getPluginInfo.bind(c)),
    getSchema: unary(c.getSchema.bind(c)),
    checkConfig: unary(c.checkConfig.bind(c)),
    diffConfig: unary(c.diffConfig.bind(c)),
    configure: unary(c.configure.bind(c)),
    check: unary(c.check.bind(c)),
    diff: unary(c.diff.bind(c)),
    create: unary(c.create.bind(c)),
    read: unary(c.read.bind(c)),
    update: unary(c.update.bind(c)),
    delete: unary(c.delete.bind(c)),
    invoke: unary(c.invoke.bind(c)),
  };
}

async function startPlugin(): Promise<Plugin> {
  const server = new grpc.Server();
  server.addService(
    provrpc.ResourceProviderService,
    resourceProviderService({ version: "0.0.0-test", schema: fs.readFileSync(SCHEMA_FILE, "utf8") }),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    client,
    call: unaryCalls(client),
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}

/** Starts a plugin for the tests of a describe block (closed after them). */
function usePlugin(): () => Plugin {
  let p: Plugin | undefined;
  beforeAll(async () => {
    p = await startPlugin();
  });
  afterAll(async () => {
    await p?.close();
  });
  return () => {
    if (!p) throw new Error("plugin not started");
    return p;
  };
}

async function rejection(p: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await p;
  } catch (e) {
    return e as grpc.ServiceError;
  }
  throw new Error("expected a rejection");
}

const struct = (v: Record<string, unknown>) => Struct.fromJavaScript(v as Parameters<typeof Struct.fromJavaScript>[0]);
const plain = (s: Struct | undefined) => (s === undefined ? undefined : s.toJavaScript());

/** Configure with these stack config variables. */
async function configure(p: Plugin, variables: Record<string, string>): Promise<provproto.ConfigureResponse> {
  const req = new provproto.ConfigureRequest();
  for (const [k, v] of Object.entries(variables)) req.getVariablesMap().set(k, v);
  return p.call.configure(req);
}

function check(p: Plugin, type: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const req = new provproto.CheckRequest()
    .setUrn(urn(type, "r"))
    .setType(type)
    .setOlds(struct(olds))
    .setNews(struct(news));
  return p.call.check(req);
}

/** Check that must pass; returns the checked inputs as a Struct. */
async function checked(p: Plugin, type: string, news: Record<string, unknown>): Promise<Struct> {
  const res = await check(p, type, news);
  expect(res.getFailuresList().map((f) => f.toObject())).toEqual([]);
  const inputs = res.getInputs();
  if (inputs === undefined) throw new Error("Check returned no inputs");
  return inputs;
}

function create(p: Plugin, type: string, properties: Struct) {
  return p.call.create(new provproto.CreateRequest().setUrn(urn(type, "r")).setType(type).setProperties(properties));
}

/** What the emulator received, in a comparable form (token values are redacted in its log). */
const requests = (): string[] =>
  emu()
    .requests()
    .map((r: LoggedRequest) => `${r.method} ${r.path}?${r.rawQuery} ${r.pageId} ${r.status} ${r.body}`);
const q = (query: string) => `${query}${query ? "&" : ""}access_token=[REDACTED]`;

describe("the plugin's identity", () => {
  const plugin = usePlugin();

  test("GetPluginInfo answers the version it was given", async () => {
    const p = plugin();
    const info = await p.call.getPluginInfo(new Empty());
    expect(info.getVersion()).toBe("0.0.0-test");
  });

  test("GetSchema answers exactly what `npm run -s schema` prints (the generator run now)", async () => {
    const p = plugin();
    const res = await p.call.getSchema(new provproto.GetSchemaRequest());
    const printed = printedSchema();
    expect(JSON.parse(res.getSchema())).toEqual(JSON.parse(printed));
    expect(JSON.parse(printed)).toMatchObject({ name: "messenger", resources: { [PROFILE]: {}, [LINK]: {} } });
  });

  test("GetSchema of an unknown schema version fails", async () => {
    const p = plugin();
    const e = await rejection(p.call.getSchema(new provproto.GetSchemaRequest().setVersion(7)));
    expect(e.details).toBe("unsupported schema version 7");
  });

  test("CheckConfig returns the config as given; DiffConfig reports no change", async () => {
    const p = plugin();
    const news = struct({ graphApiUrl: "http://127.0.0.1:1" });
    const res = await p.call.checkConfig(new provproto.CheckRequest().setUrn("urn:x").setNews(news));
    expect(plain(res.getInputs())).toEqual({ graphApiUrl: "http://127.0.0.1:1" });
    expect(res.getFailuresList()).toEqual([]);
    const diff = await p.call.diffConfig(new provproto.DiffRequest().setUrn("urn:x"));
    expect(diff.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  });

  test("DiffConfig: each changed setting is an in-place update (so the engine configures the new one), secrets unwrapped", async () => {
    const p = plugin();
    const olds = { pageAccessToken: secretOf(ONE.token), graphApiUrl: "http://127.0.0.1:1", maxRetries: "3" };
    const diffOf = async (news: Record<string, unknown>) => {
      const res = await p.call.diffConfig(
        new provproto.DiffRequest()
          .setUrn("urn:pulumi:test::plugin-server::pulumi:providers:messenger::default")
          .setOlds(struct(olds))
          .setOldInputs(struct(olds))
          .setNews(struct(news)),
      );
      const kinds: Record<string, number> = {};
      res.getDetaileddiffMap().forEach((v, k) => {
        kinds[k] = v.getKind();
      });
      return { changes: res.getChanges(), diffs: res.getDiffsList(), replaces: res.getReplacesList(), kinds };
    };
    expect(await diffOf({ ...olds, pageAccessToken: secretOf(ONE.token) })).toEqual({
      changes: provproto.DiffResponse.DiffChanges.DIFF_NONE,
      diffs: [],
      replaces: [],
      kinds: {},
    });
    const { maxRetries: _dropped, ...withoutRetries } = olds;
    expect(await diffOf({ ...withoutRetries, pageAccessToken: secretOf(TWO.token), appSecret: secretOf("s") })).toEqual(
      {
        changes: provproto.DiffResponse.DiffChanges.DIFF_SOME,
        diffs: ["appSecret", "maxRetries", "pageAccessToken"],
        replaces: [],
        kinds: {
          appSecret: provproto.PropertyDiff.Kind.ADD,
          maxRetries: provproto.PropertyDiff.Kind.DELETE,
          pageAccessToken: provproto.PropertyDiff.Kind.UPDATE,
        },
      },
    );
  });

  test("Configure accepts secrets and declines previews (so preview never calls Graph)", async () => {
    const p = plugin();
    const res = await configure(p, { "messenger:graphApiUrl": emu().url });
    expect(res.getAcceptsecrets()).toBe(true);
    expect(res.getSupportspreview()).toBe(false);
  });

  test("an unknown resource type fails, naming the types the plugin serves", async () => {
    const p = plugin();
    const e = await rejection(check(p, "messenger:index:Nope", {}));
    expect(e.code).toBe(grpc.status.UNKNOWN);
    expect(e.details).toBe(
      'Unknown resource type "messenger:index:Nope": the messenger provider serves messenger:index:AccountLinking, messenger:index:Profile, messenger:index:Webhook and messenger:index:PageSubscription.',
    );
  });

  test("Invoke, Call and Construct are UNIMPLEMENTED", async () => {
    const p = plugin();
    const e = await rejection(p.call.invoke(new provproto.InvokeRequest().setTok("messenger:index:x")));
    expect(e.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(e.details).toBe("Invoke is not supported by the messenger provider");
  });
});

describe("Configure: the stack config keys the dynamic resources read", () => {
  test.each([
    ["messenger:pageAccessToken", "messenger:graphApiUrl"],
    ["messenger:config:pageAccessToken", "messenger:config:graphApiUrl"],
  ])("%s and %s reach the lifecycle: a create calls this emulator with this token's Page", async (tokenKey, urlKey) => {
    const p = await startPlugin();
    try {
      await configure(p, { [tokenKey]: TWO.token, [urlKey]: emu().url });
      const inputs = await checked(p, LINK, { accountLinkingUrl: "https://example.com/configured" });
      expect(plain(inputs)).not.toHaveProperty("pageAccessToken");
      emu().clearRequests();
      const res = await create(p, LINK, inputs);
      expect(res.getId()).toBe(TWO.id);
      expect(requests()).toEqual([
        `GET /v25.0/me?${q("fields=id,name")} ${TWO.id} 200 `,
        `POST /v25.0/me/messenger_profile?${q("")} ${TWO.id} 200 {"account_linking_url":"https://example.com/configured"}`,
      ]);
      expect(plain(res.getProperties())).toMatchObject({ pageId: TWO.id, tokenSource: "config" });
      expect(plain(res.getProperties())).not.toHaveProperty("pageAccessToken");
      const del = new provproto.DeleteRequest()
        .setUrn(urn(LINK, "r"))
        .setType(LINK)
        .setId(res.getId())
        .setProperties(res.getProperties());
      await p.call.delete(del);
    } finally {
      await p.close();
    }
  });
});

test("Configure's args (newer engines: the provider's inputs, secrets wrapped) reach the lifecycle too", async () => {
  const p = await startPlugin();
  try {
    await p.call.configure(
      new provproto.ConfigureRequest().setArgs(
        struct({ pageAccessToken: secretOf(TWO.token), graphApiUrl: emu().url }),
      ),
    );
    const inputs = await checked(p, LINK, { accountLinkingUrl: "https://example.com/from-args" });
    emu().clearRequests();
    const res = await create(p, LINK, inputs);
    expect(requests()).toEqual([
      `GET /v25.0/me?${q("fields=id,name")} ${TWO.id} 200 `,
      `POST /v25.0/me/messenger_profile?${q("")} ${TWO.id} 200 {"account_linking_url":"https://example.com/from-args"}`,
    ]);
    await p.call.delete(
      new provproto.DeleteRequest()
        .setUrn(urn(LINK, "r"))
        .setType(LINK)
        .setId(res.getId())
        .setProperties(res.getProperties()),
    );
    expect(emu().page(TWO.id)?.accountLinkingUrl).toBeUndefined();
  } finally {
    await p.close();
  }
});

describe("Profile, step by step, with the token as a secret input", () => {
  const plugin = usePlugin();
  const hello = { greeting: [{ locale: "default", text: "Hello" }], pageAccessToken: secretOf(ONE.token) };
  let outs: Struct;
  let inputs: Struct;

  beforeAll(async () => {
    await configure(plugin(), { "messenger:graphApiUrl": emu().url });
  });

  test("Check of a bad profile: one failure per bad value, at its exact path", async () => {
    const res = await check(plugin(), PROFILE, {
      greeting: [{ locale: "default", text: "x".repeat(200) }],
      iceBreakers: [{ question: "", payload: "P" }],
      platform: "whatsapp",
      pageAccessToken: secretOf(ONE.token),
    });
    expect(res.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["platform", 'platform must be "messenger" or "instagram", got "whatsapp"'],
      ["greeting", "greeting[0].text is 200 characters long; the limit is 160: shorten it by 40"],
      ["iceBreakers", "iceBreakers[0].question must not be empty: give the question shown to the person"],
    ]);
  });

  test("Check returns the inputs with the token still wrapped as a secret", async () => {
    const res = await check(plugin(), PROFILE, hello);
    expect(res.getFailuresList()).toEqual([]);
    inputs = res.getInputs() as Struct;
    expect(plain(inputs)).toEqual({
      platform: "messenger",
      greeting: [{ locale: "default", text: "Hello" }],
      pageAccessToken: secretOf(ONE.token),
      apiVersion: "v25.0",
    });
  });

  test("Create: GET /me + 1 POST; the outputs carry the token as a secret", async () => {
    emu().clearRequests();
    const res = await create(plugin(), PROFILE, inputs);
    expect(requests()).toEqual([
      `GET /v25.0/me?${q("fields=id,name")} ${ONE.id} 200 `,
      `POST /v25.0/me/messenger_profile?${q("")} ${ONE.id} 200 {"greeting":[{"locale":"default","text":"Hello"}]}`,
    ]);
    expect(res.getId()).toBe(ONE.id);
    outs = res.getProperties() as Struct;
    expect(plain(outs)).toMatchObject({
      pageId: ONE.id,
      pageName: ONE.name,
      platform: "messenger",
      ownedFields: ["greeting"],
      tokenSource: "input",
      pageAccessToken: secretOf(ONE.token),
    });
    expect(emu().profile(ONE.id)).toEqual({ greeting: [{ locale: "default", text: "Hello" }] });
  });

  test("Diff: each changed field with its kind", async () => {
    const p = plugin();
    const next = await checked(p, PROFILE, {
      ...hello,
      greeting: [{ locale: "default", text: "Hello again" }],
      getStarted: { payload: "GO" },
    });
    emu().clearRequests();
    const res = await p.call.diff(
      new provproto.DiffRequest().setUrn(urn(PROFILE, "r")).setType(PROFILE).setId(ONE.id).setOlds(outs).setNews(next),
    );
    expect(requests()).toEqual([]);
    expect(res.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(res.getHasdetaileddiff()).toBe(true);
    const kinds: Record<string, number> = {};
    res.getDetaileddiffMap().forEach((v, k) => {
      kinds[k] = v.getKind();
    });
    expect(kinds).toEqual({
      greeting: provproto.PropertyDiff.Kind.UPDATE,
      getStarted: provproto.PropertyDiff.Kind.ADD,
    });
    expect(res.getDiffsList().sort()).toEqual(["getStarted", "greeting"]);
    expect(res.getReplacesList()).toEqual([]);
  });

  test("Diff of the same inputs: no change, no call", async () => {
    const p = plugin();
    emu().clearRequests();
    const res = await p.call.diff(
      new provproto.DiffRequest()
        .setUrn(urn(PROFILE, "r"))
        .setType(PROFILE)
        .setId(ONE.id)
        .setOlds(outs)
        .setNews(inputs),
    );
    expect(res.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
    expect(res.getDetaileddiffMap().getLength()).toBe(0);
    expect(requests()).toEqual([]);
  });

  test("Diff of a platform change: a replacement", async () => {
    const p = plugin();
    const next = await checked(p, PROFILE, {
      pageAccessToken: hello.pageAccessToken,
      platform: "instagram",
      iceBreakers: [{ question: "Q?", payload: "Q" }],
    });
    const res = await p.call.diff(
      new provproto.DiffRequest().setUrn(urn(PROFILE, "r")).setType(PROFILE).setId(ONE.id).setOlds(outs).setNews(next),
    );
    expect(res.getReplacesList()).toContain("platform");
    expect(res.getDetaileddiffMap().get("platform")?.getKind()).toBe(provproto.PropertyDiff.Kind.UPDATE_REPLACE);
  });

  test("Update: 1 POST with only the changed field", async () => {
    const p = plugin();
    const next = await checked(p, PROFILE, { ...hello, greeting: [{ locale: "default", text: "Hello again" }] });
    emu().clearRequests();
    const res = await p.call.update(
      new provproto.UpdateRequest()
        .setUrn(urn(PROFILE, "r"))
        .setType(PROFILE)
        .setId(ONE.id)
        .setOlds(outs)
        .setNews(next)
        .setOldInputs(inputs),
    );
    expect(requests()).toEqual([
      `POST /v25.0/me/messenger_profile?${q("")} ${ONE.id} 200 {"greeting":[{"locale":"default","text":"Hello again"}]}`,
    ]);
    outs = res.getProperties() as Struct;
    expect(plain(outs)).toMatchObject({ ownedFields: ["greeting"], pageAccessToken: secretOf(ONE.token) });
  });

  test("Read (refresh): 1 GET of the owned fields; drift is read", async () => {
    const p = plugin();
    emu().setProfileFields(ONE.id, { greeting: [{ locale: "default", text: "Changed by hand" }] });
    emu().clearRequests();
    const res = await p.call.read(
      new provproto.ReadRequest()
        .setUrn(urn(PROFILE, "r"))
        .setType(PROFILE)
        .setId(ONE.id)
        .setProperties(outs)
        .setInputs(inputs),
    );
    expect(requests()).toEqual([`GET /v25.0/me/messenger_profile?${q("fields=greeting")} ${ONE.id} 200 `]);
    expect(res.getId()).toBe(ONE.id);
    expect(plain(res.getProperties())).toMatchObject({
      greeting: [{ locale: "default", text: "Changed by hand" }],
      pageAccessToken: secretOf(ONE.token),
    });
    expect(plain(res.getInputs())).toEqual(plain(inputs));
    outs = res.getProperties() as Struct;
  });

  test("Delete: 1 DELETE of exactly the owned fields", async () => {
    const p = plugin();
    emu().setProfileFields(ONE.id, { get_started: { payload: "BY_HAND" } });
    emu().clearRequests();
    await p.call.delete(
      new provproto.DeleteRequest().setUrn(urn(PROFILE, "r")).setType(PROFILE).setId(ONE.id).setProperties(outs),
    );
    expect(requests()).toEqual([`DELETE /v25.0/me/messenger_profile?${q("")} ${ONE.id} 200 {"fields":["greeting"]}`]);
    expect(emu().profile(ONE.id)).toEqual({ get_started: { payload: "BY_HAND" } });
    emu().deleteProfileFields(ONE.id, ["get_started"]);
  });
});

describe("Read without properties: pulumi import", () => {
  const plugin = usePlugin();
  const read = (type: string, id: string) =>
    plugin().call.read(new provproto.ReadRequest().setUrn(urn(type, "adopted")).setType(type).setId(id));

  beforeAll(async () => {
    await configure(plugin(), { "messenger:pageAccessToken": TWO.token, "messenger:graphApiUrl": emu().url });
  });
  afterEach(() => {
    emu().deleteProfileFields(TWO.id, ["greeting", "get_started", "account_linking_url"]);
    emu().deleteProfileFields(TWO.id, ["ice_breakers"], "instagram");
  });

  test("Profile <pageId>: 1 GET (GET /me with field expansion); inputs that keep it unchanged, no token", async () => {
    emu().setProfileFields(TWO.id, {
      greeting: [{ locale: "default", text: "By hand" }],
      get_started: { payload: "GO" },
    });
    emu().clearRequests();
    const res = await read(PROFILE, TWO.id);
    expect(requests()).toEqual([
      `GET /v25.0/me?${q("fields=id,name,messenger_profile%7Bwhitelisted_domains,get_started,greeting,ice_breakers,persistent_menu,commands,account_linking_url%7D")} ${TWO.id} 200 `,
    ]);
    expect(res.getId()).toBe(TWO.id);
    expect(plain(res.getProperties())).toMatchObject({
      pageId: TWO.id,
      pageName: TWO.name,
      platform: "messenger",
      ownedFields: ["get_started", "greeting"],
      tokenSource: "config",
    });
    expect(plain(res.getInputs())).toEqual({
      platform: "messenger",
      getStarted: { payload: "GO" },
      greeting: [{ locale: "default", text: "By hand" }],
    });
  });

  test("Profile <pageId>/instagram: 1 GET of the Instagram profile", async () => {
    emu().setProfileFields(
      TWO.id,
      { ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Q?", payload: "Q" }] }] },
      "instagram",
    );
    emu().clearRequests();
    const res = await read(PROFILE, `${TWO.id}/instagram`);
    expect(requests()).toEqual([
      `GET /v25.0/me?${q("fields=id,name,messenger_profile.platform(instagram)%7Bice_breakers,persistent_menu%7D")} ${TWO.id} 200 `,
    ]);
    expect(plain(res.getProperties())).toMatchObject({ platform: "instagram", ownedFields: ["ice_breakers"] });
  });

  test("Profile <pageId>/messenger/<fields> (input or wire names): 1 GET of those fields only; the resource owns exactly them", async () => {
    emu().setProfileFields(TWO.id, {
      greeting: [{ locale: "default", text: "By hand" }],
      get_started: { payload: "GO" },
      account_linking_url: "https://by-hand.example.com/link",
    });
    emu().clearRequests();
    const res = await read(PROFILE, `${TWO.id}/messenger/greeting,getStarted`);
    expect(requests()).toEqual([
      `GET /v25.0/me?${q("fields=id,name,messenger_profile%7Bget_started,greeting%7D")} ${TWO.id} 200 `,
    ]);
    expect(plain(res.getProperties())).toMatchObject({ ownedFields: ["get_started", "greeting"] });
    expect(plain(res.getInputs())).toEqual({
      platform: "messenger",
      getStarted: { payload: "GO" },
      greeting: [{ locale: "default", text: "By hand" }],
    });
  });

  test("AccountLinking <pageId>: 1 GET", async () => {
    emu().setAccountLinkingUrl(TWO.id, "https://by-hand.example.com/link");
    emu().clearRequests();
    const res = await read(LINK, TWO.id);
    expect(requests()).toEqual([
      `GET /v25.0/me?${q("fields=id,name,messenger_profile%7Baccount_linking_url%7D")} ${TWO.id} 200 `,
    ]);
    expect(plain(res.getProperties())).toMatchObject({
      pageId: TWO.id,
      accountLinkingUrl: "https://by-hand.example.com/link",
    });
    expect(plain(res.getInputs())).toMatchObject({ accountLinkingUrl: "https://by-hand.example.com/link" });
  });

  test("a Page with nothing set: fails after its 1 GET, saying there is nothing to import", async () => {
    emu().clearRequests();
    const e = await rejection(read(PROFILE, TWO.id));
    expect(e.details).toBe(
      `Page ${TWO.id} has no messenger profile field set: there is nothing to import. Declare a MessengerProfile in the program and run \`pulumi up\` instead.`,
    );
    expect(requests()).toHaveLength(1);
  });

  test("no token in the stack config: fails before any call, naming messenger:pageAccessToken", async () => {
    const p = await startPlugin();
    try {
      await configure(p, { "messenger:graphApiUrl": emu().url });
      emu().clearRequests();
      const e = await rejection(
        p.call.read(new provproto.ReadRequest().setUrn(urn(PROFILE, "adopted")).setType(PROFILE).setId(TWO.id)),
      );
      expect(e.details).toBe(
        "No Page access token: pass pageAccessToken as an input, or run `pulumi config set --secret messenger:pageAccessToken <token>`, or set MESSENGER_PAGE_ACCESS_TOKEN.",
      );
      expect(requests()).toEqual([]);
    } finally {
      await p.close();
    }
  });

  test("a malformed id fails before any call, saying what an id looks like", async () => {
    emu().clearRequests();
    const e = await rejection(read(PROFILE, "not-a-page"));
    expect(e.details).toMatch(/not-a-page/);
    expect(requests()).toEqual([]);
  });

  test("the id of another Page than the token's: fails naming both Pages, after 1 GET", async () => {
    emu().setProfileFields(TWO.id, { greeting: [{ locale: "default", text: "By hand" }] });
    emu().clearRequests();
    const e = await rejection(read(PROFILE, ONE.id));
    expect(e.details).toContain(ONE.id);
    expect(e.details).toContain(TWO.id);
    expect(requests()).toHaveLength(1);
    const link = await rejection(read(LINK, ONE.id));
    expect(link.details).toContain(ONE.id);
    expect(link.details).toContain(TWO.id);
  });
});

// ---------------------------------------------------------------------------------------------
// The schema agrees with the TypeScript classes.

/** The property names of an interface, inherited ones included, read with the TypeScript compiler. */
function interfaceKeys(file: string, name: string): string[] {
  const program = ts.createProgram([path.join(ROOT, file)], { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(path.join(ROOT, file));
  const decl = sf?.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (decl === undefined) throw new Error(`${name} is not declared in ${file}`);
  return checker
    .getPropertiesOfType(checker.getTypeAtLocation(decl))
    .map((p) => p.getName())
    .sort();
}

describe("the schema agrees with the TypeScript classes", () => {
  // The generator run now (it reads the TypeScript sources, not a build output).
  const schema = () =>
    JSON.parse(printedSchema()) as {
      resources: Record<
        string,
        { inputProperties: Record<string, { secret?: boolean }>; properties: Record<string, { secret?: boolean }> }
      >;
    };

  test.each([
    [PROFILE, "provider/profile/resource.ts", "MessengerProfileArgs"],
    [LINK, "provider/account-linking/resource.ts", "MessengerAccountLinkingArgs"],
  ])("%s: every input of %s's %s is an input of the schema, and vice versa", (token, file, name) => {
    const keys = interfaceKeys(file, name);
    expect(keys.length).toBeGreaterThan(3);
    expect(Object.keys(schema().resources[token].inputProperties).sort()).toEqual(keys);
    expect(schema().resources[token].inputProperties.pageAccessToken.secret).toBe(true);
  });

  test.each([
    [PROFILE, "provider/profile/types.ts", "MessengerProfileOutputs"],
    [LINK, "provider/account-linking/types.ts", "AccountLinkingOutputs"],
  ])("%s: every output of %s's %s is an output of the schema, and vice versa", (token, file, name) => {
    const keys = interfaceKeys(file, name);
    expect(keys).toEqual(expect.arrayContaining(["pageId", "pageName", "tokenFingerprint"]));
    expect(Object.keys(schema().resources[token].properties).sort()).toEqual(keys);
    expect(schema().resources[token].properties.pageAccessToken.secret).toBe(true);
  });
});
