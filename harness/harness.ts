/**
 * A harness session: the Pulumi engine activated, a Graph API emulator started in this process,
 * a throwaway `file://` backend, and a record of every step (calls table, command output) of the
 * stacks made from it. {@link Harness.close} cleans up all of it.
 *
 * @packageDocumentation
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../emulator";
import { Backend, tempDir } from "./backend";
import { CallTable } from "./calls";
import { activateEngine } from "./engine";
import { HarnessStack, type CommandOutput, type ConfigInput, type StepRecorder } from "./stack";
import type { Program } from "./program";

/** How to start a {@link Harness}. */
export interface HarnessOptions {
  /** Names this session in the call table and in stack names. */
  readonly label: string;
  /** Options of the emulator the harness starts (port 0 unless given). */
  readonly emulator?: EmulatorOptions;
  /** A backend to use (not removed on close); default: a fresh one in a temp dir, removed on close. */
  readonly backend?: Backend;
  /** Sets `MESSENGER_DEBUG=1` for every command: the provider logs each HTTP attempt. @defaultValue false */
  readonly providerDebug?: boolean;
  /** Streams every command's output as it comes (e.g. to the terminal). */
  readonly echo?: (text: string) => void;
}

/** What a new stack of a session needs. */
export interface NewStackOptions {
  /** The program folder (any runtime) or program. */
  readonly program: string | Program;
  /** The stack's name; default: `<label>-<kind>-<pid>-<n>`. */
  readonly name?: string;
  /** A short word for the default name. */
  readonly kind?: string;
  /** Config set at creation (after `messenger:graphApiUrl`). */
  readonly config?: ConfigInput;
  /** More environment for every command. */
  readonly env?: Readonly<Record<string, string>>;
  /** Count only calls authenticated as these Pages (stacks sharing the emulator concurrently). */
  readonly pageIds?: readonly string[];
}

/** A harness session. */
export class Harness implements StepRecorder {
  /** The call table of every step of this session. */
  readonly table = new CallTable();
  /** Output of every command of this session. */
  readonly outputs: CommandOutput[] = [];
  /** Every stack made from this session (disposed on close). */
  readonly stacks: HarnessStack[] = [];
  private counter = 0;

  private constructor(
    /** The session's label. */
    readonly label: string,
    /** The Graph API emulator. */
    readonly emu: Emulator,
    /** The state backend. */
    readonly backend: Backend,
    private readonly ownsBackend: boolean,
    private readonly env: Readonly<Record<string, string>>,
    /** Streams command output. */
    readonly echo: ((text: string) => void) | undefined,
  ) {}

  /**
   * Activates the engine (throws when it is missing), starts the emulator and makes the backend.
   *
   * @param options - label, emulator options, backend, provider debug log, echo
   */
  static async start(options: HarnessOptions): Promise<Harness> {
    activateEngine();
    const emu = await startEmulator({ port: 0, ...options.emulator });
    const backend = options.backend ?? new Backend(tempDir(`${options.label}-backend`));
    const env: Record<string, string> = options.providerDebug ? { MESSENGER_DEBUG: "1" } : {};
    return new Harness(options.label, emu, backend, options.backend === undefined, env, options.echo);
  }

  /**
   * A stack name unique in this process: `<label>-<kind>-<pid>-<n>`.
   *
   * @param kind - a short word
   */
  stackName(kind = "stack"): string {
    return `${this.label}-${kind}-${process.pid}-${++this.counter}`;
  }

  /**
   * Creates a stack of a program on this session's backend and emulator.
   *
   * @param o - program, name, config, env, Pages to count
   */
  async newStack(o: NewStackOptions): Promise<HarnessStack> {
    const s = await HarnessStack.create({
      program: o.program,
      name: o.name ?? this.stackName(o.kind),
      backend: this.backend,
      emulator: this.emu,
      recorder: this,
      config: o.config,
      env: { ...this.env, ...o.env },
      pageIds: o.pageIds,
    });
    this.stacks.push(s);
    return s;
  }

  /**
   * Selects an existing stack of this backend from a program folder (e.g. a copy of the project).
   * It is not disposed on close (dispose the original).
   *
   * @param name - the stack's name
   * @param program - the program folder
   */
  selectStack(name: string, program: string | Program): Promise<HarnessStack> {
    return HarnessStack.select({
      program,
      name,
      backend: this.backend,
      emulator: this.emu,
      recorder: this,
      env: this.env,
    });
  }

  /**
   * Destroys what the stacks left, removes them, stops the emulator, removes the backend if the
   * harness made it, and returns the call table.
   *
   * @param title - first line of the returned table
   */
  async close(title = `Graph calls per step: ${this.label}`): Promise<string> {
    await Promise.all(this.stacks.map((s) => s.dispose()));
    await this.emu.close();
    if (this.ownsBackend) this.backend.dispose();
    return this.table.render(title);
  }
}
