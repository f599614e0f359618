/**
 * The built emulator CLI as a child process (so that a crash is a dead process, not a failed test
 * worker), and raw loopback sockets for requests no HTTP client would send.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { runNodeScript, type ScriptRun } from "./emulator";

/** The built CLI (`npm test` builds it first). */
export const CLI = path.resolve(__dirname, "../../dist/emulator/cli.js");

/** What a finished CLI run printed. */
export type CliRun = ScriptRun;

function cliPath(): string {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return CLI;
}

/** Runs the CLI to its end (for argument errors and --help). */
export function runCli(args: readonly string[], timeoutMs = 10_000): Promise<CliRun> {
  return runNodeScript(cliPath(), args, { timeoutMs });
}

/** A running emulator process. */
export interface EmulatorProcess {
  /** Base URL, as printed. */
  readonly url: string;
  /** Port. */
  readonly port: number;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /** Whether the process is still running. */
  alive(): boolean;
  /** Stops it (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Starts the CLI with `args` and waits for its "listening on" line. */
export function spawnEmulator(args: readonly string[] = []): Promise<EmulatorProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [cliPath(), "--port", "0", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let exited = false;
    const exitedPromise = new Promise<void>((r) =>
      child.on("exit", () => {
        exited = true;
        r();
      }),
    );
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the emulator did not start: ${stderr}`));
    }, 15_000);
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
      const m = /listening on (http:\/\/\S+:(\d+))/.exec(stdout);
      if (m && stdout.includes("Control API")) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          port: Number(m[2]),
          output: () => ({ stdout, stderr }),
          alive: () => !exited,
          stop: async () => {
            if (exited) return;
            child.kill("SIGTERM");
            const t = setTimeout(() => child.kill("SIGKILL"), 5000);
            await exitedPromise;
            clearTimeout(t);
          },
        });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before listening: ${stderr}`));
    });
  });
}

/** What a raw exchange produced: the bytes answered, and how the exchange ended. */
export interface RawExchange {
  /** Everything the server sent. */
  readonly response: string;
  /** The status of the first response line, if any. */
  readonly status: number | undefined;
  /** Bytes of `payload` the socket accepted before the server closed (or all of them). */
  readonly written: number;
  /** How it ended: the server closed, an error, or our timeout. */
  readonly ended: "closed" | "error" | "timeout";
}

/**
 * Sends raw bytes to 127.0.0.1:port and collects the answer until the server closes the
 * connection (or `timeoutMs`). `payload` may be a generator of chunks, written with backpressure
 * until the server stops reading.
 */
export function rawExchange(
  port: number,
  head: string | Buffer,
  payload?: () => Buffer | undefined,
  timeoutMs = 5000,
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    let written = 0;
    let done = false;
    const finish = (ended: RawExchange["ended"]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const response = Buffer.concat(chunks).toString("latin1");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(response);
      resolve({ response, status: m ? Number(m[1]) : undefined, written, ended });
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("end", () => finish("closed"));
    socket.on("close", () => finish("closed"));
    socket.on("error", () => finish("error"));
    const pump = () => {
      for (;;) {
        const next = payload?.();
        if (next === undefined) return;
        written += next.length;
        if (!socket.write(next)) return void socket.once("drain", pump);
      }
    };
    socket.on("connect", () => {
      socket.write(head);
      pump();
    });
  });
}
