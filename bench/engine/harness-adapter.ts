// The engine runs' BenchEngine on the project's Pulumi harness: its emulator (in this process), its
// throwaway file:// backend, its consumer project (the package installed from its npm pack
// tarball, in bench/.work/consumer, the install reused while the code is unchanged), and its CLI
// runs, each timed and counted by the harness. The benchmark program (bench/program/index.ts) is
// compiled by `npm run bench`; it runs as JavaScript so that no up pays for a TypeScript compile. The
// plugin's YAML program (./plugin-program.ts) and the Node SDK's program (./native-program.ts) are
// staged into the same consumer project, and find the plugin in the installed package, as a user's
// program would.
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_APPS, type PageSeed } from "../../emulator";
import {
  buildConsumerProject,
  engineEnv,
  PACKAGE_NAME,
  Harness,
  pinnedPulumiVersion,
  runPulumi,
  type HarnessStack,
  type Program,
} from "../../harness";
import { WORK, ROOT } from "../paths";
import { BENCH_VERIFY_TOKEN } from "../webhook-sync/receiver";
import type { BenchEngine, BenchStack, PreviewChoice, StackConfig, Timed } from "./driver";
import { writeNativeProgram } from "./native-program";
import { writePluginProgram } from "./plugin-program";

/** The program's sources: its Pulumi.yaml here, its index.js (and the module it requires) compiled next to this module. */
const PROGRAM_YAML = path.join(ROOT, "bench", "program", "Pulumi.yaml");
const COMPILED_PROGRAM_DIR = path.join(__dirname, "..", "program");
const PROGRAM_JS = path.join(COMPILED_PROGRAM_DIR, "index.js");
const PROGRAM_MODULES = ["full-profile.js"];

/**
 * A program folder of the compiled benchmark program, the Pages' tokens and the app's id, secret and
 * the receiver's verify token (the emulator's first app), for the consumer project to copy.
 */
function stageProgram(pages: readonly PageSeed[]): string {
  if (!fs.existsSync(PROGRAM_JS))
    throw new Error(`${PROGRAM_JS} is missing: run \`npm run bench\` (it compiles bench/)`);
  const dir = path.join(WORK, "program");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(PROGRAM_YAML, path.join(dir, "Pulumi.yaml"));
  fs.copyFileSync(PROGRAM_JS, path.join(dir, "index.js"));
  for (const f of PROGRAM_MODULES) fs.copyFileSync(path.join(COMPILED_PROGRAM_DIR, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, "tokens.json"), `${JSON.stringify(pages.map((p) => p.token))}\n`);
  const [app] = DEFAULT_APPS;
  const appFile = { appId: app.id, appSecret: app.secret, verifyToken: BENCH_VERIFY_TOKEN };
  fs.writeFileSync(path.join(dir, "app.json"), `${JSON.stringify(appFile)}\n`);
  return dir;
}

/** How many resources the plugin's YAML program declares (a YAML program has no loop). */
export const PLUGIN_PROGRAM_N = 50;

/** Where the plugin program, in a subfolder of the consumer project, finds the plugin's launcher. */
const INSTALLED_PLUGIN_DIR = `../node_modules/${PACKAGE_NAME}/bin`;

const skip = (choice: PreviewChoice): string[] => (choice.skipPreview ? ["--skip-preview"] : []);

/** A harness stack, driven with the Pulumi CLI. */
class CliBenchStack implements BenchStack {
  private steps = 0;

  constructor(
    private readonly stack: HarnessStack,
    private readonly harness: Harness,
    private readonly env: Record<string, string>,
  ) {}

  get name(): string {
    return this.stack.name;
  }

  setConfig(config: StackConfig): Promise<void> {
    return this.stack.setConfig(config);
  }

  private async cli(args: string[]): Promise<Timed> {
    const { ms, calls } = await this.stack.cli(`${++this.steps} ${args.join(" ")}`, args);
    return { ms, calls };
  }

  async up(config: StackConfig = {}): Promise<Timed> {
    await this.setConfig(config);
    return this.cli(["up", "--yes", "--skip-preview"]);
  }

  upTraced(traceFile: string): Promise<Timed> {
    return this.cli(["up", "--yes", "--skip-preview", "--otel-traces", `file://${traceFile}`]);
  }

  upRefresh(choice: PreviewChoice): Promise<Timed> {
    return this.cli(["up", "--refresh", "--yes", ...skip(choice)]);
  }

  async preview(config: StackConfig = {}): Promise<Timed> {
    await this.setConfig(config);
    return this.cli(["preview"]);
  }

  refresh(choice: PreviewChoice): Promise<Timed> {
    return this.cli(["refresh", "--yes", ...skip(choice)]);
  }

  destroy(): Promise<Timed> {
    return this.cli(["destroy", "--yes", "--skip-preview"]);
  }

  /** The exact text the CLI prints (the harness's step output holds more than the command's). */
  exportText(): Promise<string> {
    return runPulumi(
      ["stack", "export", "--stack", this.name, "--non-interactive"],
      this.stack.workDir,
      engineEnv(this.env),
    );
  }

  checkpointBytes(): number | undefined {
    const file = this.harness.backend.checkpointFile(this.stack.program.project, this.name);
    return fs.existsSync(file) ? fs.statSync(file).size : undefined;
  }

  remove(): Promise<void> {
    return this.stack.dispose({ destroy: false });
  }
}

/** What {@link startBenchEngine} needs. */
export interface BenchEngineOptions {
  /** The emulator's Pages. */
  readonly pages: readonly PageSeed[];
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** Starts the harness (engine, emulator, backend) and builds or reuses the consumer project. */
export async function startBenchEngine(o: BenchEngineOptions): Promise<BenchEngine> {
  const harness = await Harness.start({ label: "bench", emulator: { pages: [...o.pages] } });
  try {
    const consumer = await buildConsumerProject({
      dir: path.join(WORK, "consumer"),
      name: "messenger-bench-consumer",
      log: o.log,
    });
    const program: Program = consumer.addProgram(stageProgram(o.pages), "bench");
    const pluginProgram: Program = consumer.addProgram(
      writePluginProgram(path.join(WORK, "plugin-program"), o.pages, PLUGIN_PROGRAM_N, INSTALLED_PLUGIN_DIR),
      "bench-plugin",
    );
    const nativeProgram: Program = consumer.addProgram(
      writeNativeProgram(path.join(WORK, "native-program"), COMPILED_PROGRAM_DIR, o.pages, INSTALLED_PLUGIN_DIR),
      "bench-native",
    );
    const env = harness.backend.envVars();
    const pulumiVersion = (await runPulumi(["version"], ROOT, engineEnv(env))).trim();
    return {
      emu: harness.emu,
      pulumiVersion,
      pulumiNodeSdk: pinnedPulumiVersion(),
      consumer: {
        tarballSha256: consumer.tarball.sha256,
        reusedInstall: consumer.reused,
        installMs: consumer.installMs,
      },
      newStack: async (name) => new CliBenchStack(await harness.newStack({ program, name }), harness, env),
      newPluginStack: async (name) =>
        new CliBenchStack(await harness.newStack({ program: pluginProgram, name }), harness, env),
      newNativeStack: async (name) =>
        new CliBenchStack(await harness.newStack({ program: nativeProgram, name }), harness, env),
      close: async () => {
        await harness.close();
      },
    };
  } catch (e) {
    await harness.close();
    throw e;
  }
}
