// Where the benchmark reads and writes: the repository root (found from this file, compiled or
// not), the committed outputs, and the git-ignored work directory.
import * as fs from "fs";
import * as path from "path";

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, "bench", "goals.ts"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

/** The repository root. */
export const ROOT = findRoot(__dirname);

/** The committed results, written only by `npm run bench`. */
export const RESULTS_JSON = path.join(ROOT, "bench", "results.json");

/** The committed report, written only by `npm run bench`. */
export const PERFORMANCE_MD = path.join(ROOT, "docs", "performance.md");

/** Scratch space of the engine runs and of trial runs (git-ignored). */
export const WORK = path.join(ROOT, "bench", ".work");
