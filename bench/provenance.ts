// What a run was measured on: the machine, the commit and its uncommitted source edits; and the
// scrubbing of this machine's paths from what gets committed.
import { execFile } from "child_process";
import * as os from "os";
import { ROOT } from "./paths";
import type { BenchResults } from "./results";
import { round } from "./stats";

function git(args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd: ROOT }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

/** The commit measured, and which source files differed from it (uncommitted edits are measured too). */
export async function sourceState(): Promise<BenchResults["source"]> {
  const [status, head] = await Promise.all([
    git(["status", "--porcelain", "--", "provider", "emulator", "package.json", "package-lock.json"]),
    git(["rev-parse", "HEAD"]),
  ]);
  return {
    commit: head === undefined ? "unknown" : head.trim(),
    uncommittedSourceChanges:
      status === undefined
        ? ["unknown"]
        : status
            .split("\n")
            .filter(Boolean)
            .map((l) => l.slice(3)),
  };
}

/** This machine, Node and the engine versions. */
export function machineInfo(pulumi: string, pulumiNodeSdk: string): BenchResults["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumi,
    pulumiNodeSdk,
  };
}

/** Replaces this machine's paths (the repository, the temporary directory, home) in `text`. */
export function scrub(text: string): string {
  let out = text;
  for (const [p, name] of [
    [ROOT, "."],
    [os.tmpdir(), "<tmp>"],
    [os.homedir(), "~"],
  ] as const)
    if (p && p !== "/") out = out.split(p).join(name);
  return out;
}
