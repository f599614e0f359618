// The messenger-profile-export bin, run as the built CLI in a child process against the emulator on
// loopback: the program it prints is type-checked with the TypeScript compiler API against the
// package's own types, parsed to prove it is one import and one declaration (no text from the Page
// can become code), then run to capture the args it declares, whose normalization must equal the
// Page's profile. Both platforms, the exit codes, and the token never printed.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as vm from "vm";
import { renderProfileProgram, renderValue, tsString } from "../../provider/profile/export-program";
import { normalizeProfileArgs } from "../../provider/profile/normalize";
import { validateProfile } from "../../provider/profile/validate";
import { FULL, INSTAGRAM } from "../support/profile-fixtures";
import { PAGE_1, TOKEN_1, runNodeScript, useEmulator, type ScriptRun } from "../support/emulator";
import { fromWire, toWire } from "../../provider/profile/wire-form";
import type { DeclaredProfile } from "../../provider/profile/types";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "dist/provider/cli/export.js");
const HOSTILE_PAGE = "7000000000000001";
const HOSTILE_TOKEN = "EMULATOR-HOSTILE-PAGE-TOKEN-not-real";
/** Text that would end a comment, a template or a string, or a line, if printed raw. */
const HOSTILE =
  "*/ `t` ${process.exit(7)} \"dq\" 'sq' \\ back\nx = 1; // new line\u2028sep\u2029para\u202ebidi\u0000nul </script>";

const emulator = useEmulator({
  pages: [
    { id: PAGE_1, name: "Demo Page One", token: TOKEN_1 },
    { id: HOSTILE_PAGE, name: `Evil\nexport const pwned = 1; // ${HOSTILE}`, token: HOSTILE_TOKEN },
  ],
});

/** Runs the built bin with only the given environment. */
function runBin(args: readonly string[], env: Record<string, string>): Promise<ScriptRun> {
  return runNodeScript(CLI, args, { env, timeoutMs: 20_000 });
}

const envFor = (token = TOKEN_1): Record<string, string> => ({
  MESSENGER_PAGE_ACCESS_TOKEN: token,
  MESSENGER_GRAPH_API_URL: emulator().url,
  MESSENGER_MAX_RETRIES: "0",
});

/** The package's own `MessengerProfile`, when its entry point exports it (the lead's resource). */
const INDEX_DTS = path.join(ROOT, "dist/provider/index.d.ts");
const RESOURCE_EXPORTED = fs.existsSync(INDEX_DTS) && /\bMessengerProfile\b/.test(fs.readFileSync(INDEX_DTS, "utf8"));

/**
 * The compiler's diagnostics for `source` as a module of this repository (held in memory, never
 * written). With `stub`, the package name resolves to a declaration whose constructor takes the
 * package's `DeclaredProfile`; without, to the package itself (node_modules, linked by the build).
 */
function typeErrors(source: string, stub: boolean): string[] {
  const file = path.join(ROOT, "tests", "__exported_program__.ts");
  const stubBase = path.join(ROOT, "tests", "__exported_stub__", "index");
  const virtual = new Map<string, string>([[file, source]]);
  if (stub)
    virtual.set(
      `${stubBase}.d.ts`,
      [
        'import type { DeclaredProfile } from "../../provider/profile/types";',
        "export declare class MessengerProfile {",
        "  constructor(name: string, args: DeclaredProfile);",
        "}",
      ].join("\n"),
    );
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
    ...(stub ? { baseUrl: ROOT, paths: { "pulumi-messenger": [stubBase] } } : {}),
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest);
  };
  host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) =>
    [...virtual.keys()].some((f) => f.startsWith(`${path.resolve(dir)}${path.sep}`)) ||
    (directoryExists?.(dir) ?? true);
  host.readFile = (name) => virtual.get(path.resolve(name)) ?? readFile(name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
}

/** The kinds of top-level statements, and every node kind inside them (code would show up here). */
function shape(source: string): { statements: ts.SyntaxKind[]; kinds: Set<ts.SyntaxKind> } {
  const sf = ts.createSourceFile("p.ts", source, ts.ScriptTarget.ES2022, true);
  const kinds = new Set<ts.SyntaxKind>();
  const walk = (n: ts.Node): void => {
    kinds.add(n.kind);
    n.forEachChild(walk);
  };
  sf.statements.forEach(walk);
  return { statements: sf.statements.map((s) => s.kind), kinds };
}

const K = ts.SyntaxKind;
/** What a printed program may be: one import, then one exported `new` call of literal data. */
const PROGRAM_STATEMENTS = [K.ImportDeclaration, K.VariableStatement];
/** Node kinds a printed declaration may contain. */
const DATA_KINDS = new Set<ts.SyntaxKind>([
  K.ImportDeclaration,
  K.ImportClause,
  K.NamedImports,
  K.ImportSpecifier,
  K.Identifier,
  K.StringLiteral,
  K.VariableStatement,
  K.ExportKeyword,
  K.VariableDeclarationList,
  K.VariableDeclaration,
  K.NewExpression,
  K.ObjectLiteralExpression,
  K.PropertyAssignment,
  K.ArrayLiteralExpression,
  K.TrueKeyword,
  K.FalseKeyword,
]);
const notData = (kinds: Set<ts.SyntaxKind>): string[] =>
  [...kinds].filter((k) => !DATA_KINDS.has(k)).map((k) => ts.SyntaxKind[k]);

/** Runs the printed program with a `MessengerProfile` that records what it is given. */
function declared(source: string): Array<{ name: string; args: DeclaredProfile }> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const created: Array<{ name: string; args: DeclaredProfile }> = [];
  class MessengerProfile {
    constructor(name: string, args: DeclaredProfile) {
      created.push({ name, args: JSON.parse(JSON.stringify(args)) as DeclaredProfile });
    }
  }
  const requireStub = (id: string) => {
    if (id === "pulumi-messenger") return { MessengerProfile };
    throw new Error(`the program requires ${id}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(js, { require: requireStub, module, exports: module.exports });
  return created;
}

/** Sets a profile on a Page out of band (wire form, as another tool would have) and returns the Page's normalized profile. */
function seed(args: DeclaredProfile, pageId = PAGE_1) {
  const platform = args.platform ?? "messenger";
  const emu = emulator();
  emu.setProfileFields(pageId, { ...toWire(normalizeProfileArgs(args, platform)) }, platform);
  return fromWire(emu.profile(pageId, platform), platform);
}

beforeEach(() => {
  const emu = emulator();
  for (const id of [PAGE_1, HOSTILE_PAGE])
    for (const platform of ["messenger", "instagram"] as const) {
      const set = Object.keys(emu.profile(id, platform) ?? {}).filter((k) => k !== "subject_to_new_eu_privacy_rules");
      if (set.length > 0) emu.deleteProfileFields(id, set, platform);
    }
  emu.clearRequests();
});

/** Single locales (the shorthands), and a menu with every option away from its default. */
const SHORTHANDS: DeclaredProfile = {
  getStarted: { payload: "START" },
  greeting: "Hello {{user_full_name}}",
  iceBreakers: [
    { question: "Price?", payload: "PRICE" },
    { question: "Hours?", payload: "HOURS" },
  ],
  persistentMenu: [
    {
      locale: "default",
      composerInputDisabled: true,
      callToActions: [
        {
          type: "web_url",
          title: "Cart",
          url: "https://shop.example.com/cart",
          webviewHeightRatio: "compact",
          messengerExtensions: true,
          fallbackUrl: "https://shop.example.com/cart-lite",
          webviewShareButton: "hide",
        },
        { type: "postback", title: "Help", payload: "HELP" },
      ],
    },
    { locale: "de_DE", callToActions: [] },
  ],
  whitelistedDomains: ["https://shop.example.com"],
};

describe("messenger-profile-export on the emulator", () => {
  it.each<[string, DeclaredProfile]>([
    ["every field, two locales (Messenger)", FULL],
    ["the shorthands and every menu option (Messenger)", SHORTHANDS],
    ["both fields (Instagram)", INSTAGRAM],
  ])("%s: prints a program that type-checks, declares the Page's values, and reads with 1 GET", async (_what, args) => {
    const platform = args.platform ?? "messenger";
    const onPage = seed(args);
    const run = await runBin(platform === "instagram" ? ["--platform", "instagram"] : [], envFor());

    expect(run.stderr).toMatch(/^messenger-profile-export: exported .* of Page 1000000000000001 /);
    expect(run.code).toBe(0);
    const log = emulator()
      .requests()
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(log).toEqual(["GET /v25.0/me", "GET /v25.0/me/messenger_profile"]);

    expect(run.stdout).toMatch(
      /^\/\/ Exported by messenger-profile-export from Page 1000000000000001 \("Demo Page One"\)/,
    );
    expect(run.stdout).toContain("re-sets these same values with 1 POST");
    expect(run.stdout).toContain("pulumi#16175");
    expect(typeErrors(run.stdout, true)).toEqual([]);
    if (RESOURCE_EXPORTED) expect(typeErrors(run.stdout, false)).toEqual([]);

    const { statements, kinds } = shape(run.stdout);
    expect(statements).toEqual(PROGRAM_STATEMENTS);
    expect(notData(kinds)).toEqual([]);

    const made = declared(run.stdout);
    expect(made).toHaveLength(1);
    expect(made[0].name).toBe("profile");
    expect(made[0].args.platform).toBe(platform);
    // The round trip: the declared args normalize to exactly the Page's profile, and pass check.
    expect(normalizeProfileArgs(made[0].args, platform)).toEqual(onPage);
    expect(onPage).toEqual(normalizeProfileArgs(args, platform));
    expect(validateProfile(made[0].args as Readonly<Record<string, unknown>>)).toEqual([]);

    expect(run.stdout + run.stderr).not.toContain(TOKEN_1);
  });

  it("the shorthands are used where they mean the same thing, and API defaults are left out", async () => {
    seed(SHORTHANDS);
    const run = await runBin([], envFor());
    const [made] = declared(run.stdout);
    expect(made.args.greeting).toBe("Hello {{user_full_name}}");
    expect(made.args.iceBreakers).toEqual([
      { question: "Price?", payload: "PRICE" },
      { question: "Hours?", payload: "HOURS" },
    ]);
    expect(made.args.persistentMenu).toEqual([
      {
        locale: "default",
        composerInputDisabled: true,
        callToActions: [
          {
            type: "web_url",
            title: "Cart",
            url: "https://shop.example.com/cart",
            webviewHeightRatio: "compact",
            messengerExtensions: true,
            fallbackUrl: "https://shop.example.com/cart-lite",
            webviewShareButton: "hide",
          },
          { type: "postback", title: "Help", payload: "HELP" },
        ],
      },
      { locale: "de_DE" },
    ]);
  });

  it("text from the Page cannot become code: quotes, backticks, ${, */, line breaks, U+2028 and bidi in values, the Page name and --name", async () => {
    const hostileProfile: DeclaredProfile = {
      getStarted: { payload: HOSTILE },
      greeting: [
        { locale: "default", text: HOSTILE.slice(0, 160) },
        { locale: "fr_FR", text: "Salut à toi ✨" },
      ],
      persistentMenu: [
        { locale: "default", callToActions: [{ type: "postback", title: "*/ ${x}`", payload: HOSTILE }] },
      ],
      commands: [{ locale: "default", commands: [{ name: "go", description: "\u2028*/`${1}`" }] }],
    };
    const onPage = seed(hostileProfile, HOSTILE_PAGE);
    const name = 'p"); process.exit(9); ("*/`${x}`\\';
    const run = await runBin(["--name", name], envFor(HOSTILE_TOKEN));
    expect(run.code).toBe(0);
    for (const ch of ["\u2028", "\u2029", "\u202e", "\u0000"]) expect(run.stdout).not.toContain(ch);
    // Every comment line is one line: the Page name (with a newline and */ in it) stays inside it.
    const lines = run.stdout.split("\n");
    const firstCode = lines.findIndex((l) => !l.startsWith("//"));
    expect(lines[firstCode]).toBe('import { MessengerProfile } from "pulumi-messenger";');
    expect(run.stdout).toContain(`(${tsString(`Evil\nexport const pwned = 1; // ${HOSTILE}`)})`);

    const { statements, kinds } = shape(run.stdout);
    expect(statements).toEqual(PROGRAM_STATEMENTS);
    expect(notData(kinds)).toEqual([]);
    expect(typeErrors(run.stdout, true)).toEqual([]);

    const [made] = declared(run.stdout);
    expect(made.name).toBe(name);
    expect(made.args.getStarted).toEqual({ payload: HOSTILE });
    expect(normalizeProfileArgs(made.args, "messenger")).toEqual(onPage);
  });

  it("tsString gives back the exact text, and renderValue prints deterministic 2-space literals", () => {
    for (const text of [HOSTILE, "", "\u{1F600}\u{E0001}", "\ud800 lone", "a\u0085b\u00adc"]) {
      const literal = tsString(text);
      expect(literal).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      expect(vm.runInNewContext(literal)).toBe(text);
    }
    expect(renderValue({ a: ["x", true], b: { c: [] }, d: undefined, "e-f": 1 })).toBe(
      '{\n  a: [\n    "x",\n    true,\n  ],\n  b: {\n    c: [],\n  },\n  "e-f": 1,\n}',
    );
  });

  it("a mistyped program does not type-check (the check can fail)", async () => {
    seed(FULL);
    const run = await runBin([], envFor());
    expect(typeErrors(run.stdout, true)).toEqual([]);
    expect(typeErrors(run.stdout.replace('payload: "GET_STARTED"', 'paylod: "GET_STARTED"'), true).join("\n")).toMatch(
      /paylod/,
    );
    expect(typeErrors(run.stdout.replace('type: "postback"', 'type: "nested"'), true)).not.toEqual([]);
  });

  it("--fields exports only those fields; a Page with none of them set prints a program that declares nothing, exit 3", async () => {
    seed(FULL);
    const some = await runBin(["--fields", "persistentMenu,getStarted", "--name", "menu"], envFor());
    expect(some.code).toBe(0);
    const [made] = declared(some.stdout);
    expect(made.name).toBe("menu");
    expect(Object.keys(made.args)).toEqual(["getStarted", "persistentMenu", "platform"]);
    expect(
      emulator()
        .requests()
        .map((r) => r.rawQuery),
    ).toContain("fields=get_started,persistent_menu&access_token=[REDACTED]");

    const none = await runBin(["--platform", "instagram"], envFor());
    expect(none.code).toBe(3);
    expect(none.stdout).toContain(
      "// Nothing is set: none of the fields read (ice_breakers, persistent_menu) has a value",
    );
    expect(none.stderr).toBe(
      "messenger-profile-export: nothing to export: none of ice_breakers, persistent_menu is set on Page 1000000000000001 (instagram)\n",
    );
    expect(declared(none.stdout)).toEqual([]);
    expect(typeErrors(none.stdout, true)).toEqual([]);
  });

  it("values the package would refuse are exported with a WARNING comment that says what preview will refuse", async () => {
    // A menu with no Get Started on the Page: the emulator's out-of-band setter, like a hand edit
    // in an old tool, does not apply the rules between fields.
    emulator().setProfileFields(PAGE_1, {
      persistent_menu: [{ locale: "default", call_to_actions: [{ type: "postback", title: "Help", payload: "HELP" }] }],
    });
    const run = await runBin([], envFor());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "// WARNING: `pulumi preview` will refuse these values as they are on the Page; fix them first:\n" +
        '//   - persistentMenu needs a Get Started button (Meta refuses a persistent menu without one), and none is declared here or set on the Page: add getStarted: { payload: "GET_STARTED" } to this resource\n',
    );
    expect(typeErrors(run.stdout, true)).toEqual([]);
    expect(shape(run.stdout).statements).toEqual(PROGRAM_STATEMENTS);

    // A field-level refusal (a greeting over 160 characters, set before the limit was checked).
    const text = "x".repeat(161);
    const program = renderProfileProgram({
      name: "profile",
      pageId: PAGE_1,
      pageName: "Demo Page One",
      platform: "messenger",
      apiVersion: "v25.0",
      fieldsRead: ["greeting"],
      profile: { greeting: [{ locale: "default", text }] },
    });
    expect(program).toMatch(/\n\/\/ {3}- greeting is 161 characters long; the limit is 160/);
    expect(declared(program)[0].args.greeting).toBe(text);
  });

  it("a refused token: exit 1 with the GraphApiError message, never the token", async () => {
    const bad = "EMULATOR-UNKNOWN-TOKEN-not-real-4567";
    const run = await runBin([], envFor(bad));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^messenger-profile-export: GET \/v25\.0\/me(\/messenger_profile)? failed: HTTP 400, Graph error 190/,
    );
    expect(run.stderr).not.toContain(bad);
  });

  it.each<[string, string[], Record<string, string>, RegExp]>([
    [
      "a token on the command line",
      ["--token", TOKEN_1],
      {},
      /^--token is not accepted: a secret on the command line is visible/,
    ],
    ["a stray argument (a pasted token)", [TOKEN_1], {}, /^Unexpected argument '…'/],
    [
      "no token",
      ["--token-env", "NO_SUCH_VAR"],
      {},
      /^no Page access token: the environment variable NO_SUCH_VAR is not set/,
    ],
    ["a bad variable name", ["--token-env", "1X"], {}, /^--token-env must name an environment variable/],
    [
      "plain http to another host",
      ["--graph-api-url", "http://graph.example.com"],
      {},
      /^--graph-api-url uses plain http with the non-loopback host "graph\.example\.com"/,
    ],
    [
      "a refused endpoint in the environment",
      [],
      { MESSENGER_GRAPH_API_URL: "http://graph.example.com" },
      /^environment variable MESSENGER_GRAPH_API_URL uses plain http/,
    ],
    [
      "a field of the other platform",
      ["--platform", "instagram", "--fields", "greeting"],
      {},
      /^--fields "greeting" does not exist on Instagram: with --platform "instagram" only iceBreakers and persistentMenu can be read$/,
    ],
    ["a wire name", ["--fields", "get_started"], {}, /^--fields "get_started" is the wire name: write "getStarted"$/],
    ["a bad platform", ["--platform", "web"], {}, /^--platform must be "messenger" or "instagram", got "web"$/],
    ["a bad version", ["--api-version", "25"], {}, /^--api-version must look like "v25\.0"/],
    ["a name with a line break", ["--name", "a\nb"], {}, /^--name must be 1 to 200 printable characters/],
  ])("%s: exit 2, one line naming the problem, no call, no token", async (_what, args, extra, message) => {
    const run = await runBin(args, { ...envFor(), ...extra });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const first = run.stderr.split("\n")[0];
    expect(first.replace(/^messenger-profile-export: /, "")).toMatch(message);
    expect(run.stderr).not.toContain(TOKEN_1);
    expect(emulator().requests()).toEqual([]);
  });

  it("--help: exit 0, the flags, why the token is never an argument, and the exit codes", async () => {
    const run = await runBin(["--help"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: messenger-profile-export/);
    expect(run.stdout).toContain("--token-env NAME");
    expect(run.stdout).toContain("The token is never taken as a command-line value");
    expect(run.stdout).toContain("Exit codes: 0 the program was printed; 1 a Graph call failed");
  });
});
