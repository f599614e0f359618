/**
 * A throwaway Pulumi state backend: a `file://` directory and a Pulumi home in one temp dir,
 * secrets encrypted with a fixed test passphrase. Also reads what the engine wrote there.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The passphrase of every harness stack's secrets (a test value, not a secret). */
export const PASSPHRASE = "harness-passphrase-not-a-secret";

/** Pulumi's marker of a secret value in state (`{"4dabf18193072939515e22adb298388d": "1b47…"}`). */
export const SECRET_SIG = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

/**
 * A fresh directory under the OS temp dir.
 *
 * @param label - part of its name
 */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `messenger-${label}-`));
}

/**
 * Removes a directory tree, unless HARNESS_KEEP_TMP (or E2E_KEEP_TMP) is set, for debugging.
 *
 * @param dir - the tree, or undefined (nothing to do)
 */
export function removeDir(dir: string | undefined): void {
  if (!dir || process.env.HARNESS_KEEP_TMP || process.env.E2E_KEEP_TMP) return;
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Every regular file under `dir`, recursively.
 *
 * @param dir - a directory (missing: none)
 */
export function filesUnder(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    // Missing, or removed while listed (a running engine renames and removes its temporary files).
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: string[] = [];
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/**
 * A file's text, or undefined when it vanished after it was listed: other stacks of the same backend may
 * run at the same time, and the engine writes its checkpoints through temporary files that it renames.
 * What such a file held lands in the checkpoint, which a later read finds.
 *
 * @param file - a file listed by {@link filesUnder}
 */
export function readIfStillThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "latin1");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** One resource in state, raw or exported. */
export interface StateResource {
  /** Its URN. */
  readonly urn: string;
  /** Its type token. */
  readonly type: string;
  /** Its provider id. */
  readonly id?: string;
  /** Its inputs (secrets as envelopes). */
  readonly inputs?: Record<string, unknown>;
  /** Its outputs (secrets as envelopes). */
  readonly outputs?: Record<string, unknown>;
}

/** The parts of a raw checkpoint file the harness reads. */
export interface RawCheckpoint {
  /** The latest deployment. */
  readonly checkpoint: { readonly latest?: { readonly resources?: StateResource[] } };
}

/**
 * Whether `v` is Pulumi's encrypted secret envelope (`{sig, ciphertext}`, no plaintext).
 *
 * @param v - a property value from a raw state file
 */
export function isCiphertextEnvelope(v: unknown): v is { ciphertext: string } {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return o[SECRET_SIG.key] === SECRET_SIG.value && typeof o.ciphertext === "string" && o.ciphertext !== "";
}

/** A `file://` state backend and a Pulumi home in one directory. */
export class Backend {
  /** The backend's directory (`PULUMI_BACKEND_URL=file://<stateDir>`). */
  readonly stateDir: string;
  /** `PULUMI_HOME` of every command of this backend. */
  readonly pulumiHome: string;

  /**
   * @param root - a directory this backend owns (created if missing); {@link Backend.dispose} removes it
   */
  constructor(readonly root: string = tempDir("backend")) {
    this.stateDir = path.join(root, "state");
    this.pulumiHome = path.join(root, "pulumi-home");
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.mkdirSync(this.pulumiHome, { recursive: true });
  }

  /** Environment of every command against this backend (passphrase secrets, no update check). */
  envVars(): Record<string, string> {
    return {
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_HOME: this.pulumiHome,
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
  }

  /** Every file the backend holds (current state, backups, history). */
  stateFiles(): string[] {
    return filesUnder(this.stateDir);
  }

  /**
   * Path of a stack's current checkpoint file.
   *
   * @param project - the Pulumi project name
   * @param stack - the stack name
   */
  checkpointFile(project: string, stack: string): string {
    return path.join(this.stateDir, ".pulumi", "stacks", project, `${stack}.json`);
  }

  /**
   * The resources of a stack's current raw checkpoint (secrets still encrypted); none when the
   * stack has no checkpoint.
   *
   * @param project - the Pulumi project name
   * @param stack - the stack name
   */
  rawResources(project: string, stack: string): StateResource[] {
    const file = this.checkpointFile(project, stack);
    if (!fs.existsSync(file)) return [];
    const raw = JSON.parse(fs.readFileSync(file, "utf8")) as RawCheckpoint;
    return [...(raw.checkpoint.latest?.resources ?? [])];
  }

  /** Removes the backend's directory. */
  dispose(): void {
    removeDir(this.root);
  }
}
