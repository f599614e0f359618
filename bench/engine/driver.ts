// What the engine runs need from the Pulumi harness: throwaway stacks of the benchmark program on
// a consumer project that installed the package from its tarball, driven with the Pulumi CLI,
// each command timed (spawn to exit), against the Graph API emulator the harness runs in this
// process. ./harness-adapter.ts implements it on the harness.
import type { Emulator, LoggedRequest } from "../../emulator";

/** Stack config: key (`bench:n`, `messenger:graphApiUrl`, …) to plain value. */
export type StackConfig = Readonly<Record<string, string>>;

/** A finished CLI command. */
export interface Timed {
  /** Wall time, spawn to exit. */
  readonly ms: number;
  /** The Graph calls it made, in order of arrival (from the emulator's log). */
  readonly calls: readonly LoggedRequest[];
}

/** How a command that may run a preview first is run. */
export interface PreviewChoice {
  /** `--skip-preview` (true) or the CLI's default preview first (false). */
  readonly skipPreview: boolean;
}

/** One stack of the benchmark program. Every command rejects when the CLI exits non-zero. */
export interface BenchStack {
  /** The stack's name. */
  readonly name: string;
  /** Saves plain config values to the stack. */
  setConfig(config: StackConfig): Promise<void>;
  /** `pulumi up --yes --skip-preview`, saving `config` to the stack first. */
  up(config?: StackConfig): Promise<Timed>;
  /**
   * `pulumi up --yes --skip-preview` exporting the engine's OpenTelemetry spans (its gRPC calls to
   * the language host and the providers, plugin launches) to the JSON file `traceFile`.
   */
  upTraced(traceFile: string): Promise<Timed>;
  /** `pulumi up --refresh --yes`, with or without the CLI's preview. */
  upRefresh(choice: PreviewChoice): Promise<Timed>;
  /** `pulumi preview`, saving `config` to the stack first. */
  preview(config?: StackConfig): Promise<Timed>;
  /** `pulumi refresh --yes`, with or without the CLI's preview. */
  refresh(choice: PreviewChoice): Promise<Timed>;
  /** `pulumi destroy --yes --skip-preview`. */
  destroy(): Promise<Timed>;
  /** The deployment exactly as `pulumi stack export` prints it (secrets encrypted). */
  exportText(): Promise<string>;
  /** Bytes of the checkpoint file the file:// backend holds for the stack, if it can tell. */
  checkpointBytes(): number | undefined;
  /** `pulumi stack rm --force` (best effort). */
  remove(): Promise<void>;
}

/** The consumer project the stacks run on. */
export interface ConsumerInfo {
  /** SHA-256 of the installed tarball. */
  readonly tarballSha256: string;
  /** Whether an earlier install of the same code was reused. */
  readonly reusedInstall: boolean;
  /** Time the install took (0 when reused). */
  readonly installMs: number;
}

/** The engine the figures are measured on. */
export interface BenchEngine {
  /** The emulator every stack talks to (its URL is each stack's `messenger:graphApiUrl`). */
  readonly emu: Emulator;
  /** `pulumi version`. */
  readonly pulumiVersion: string;
  /** The pinned `@pulumi/pulumi` the consumer runs. */
  readonly pulumiNodeSdk: string;
  /** The consumer project. */
  readonly consumer: ConsumerInfo;
  /** Creates an empty stack of the benchmark program. */
  newStack(name: string): Promise<BenchStack>;
  /**
   * Creates an empty stack of the plugin's YAML program: 50 `messenger:index:AccountLinking`, resource
   * i on Page i, tokens as inputs (bench/engine/plugin-program.ts).
   */
  newPluginStack(name: string): Promise<BenchStack>;
  /**
   * Creates an empty stack of the Node SDK's program (bench/program/native.ts): `bench:n` full
   * `messenger.Profile`, resource i on Page i, tokens as inputs, through the provider plugin.
   */
  newNativeStack(name: string): Promise<BenchStack>;
  /** Removes what the engine left behind (stacks, backend) and stops the emulator. */
  close(): Promise<void>;
}
