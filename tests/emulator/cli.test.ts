// The emulator's command line, run as the built CLI in a child process: strict flags, one line of
// error and the usage on stderr with exit code 2, --help with exit code 0, the control token.
import fetch from "node-fetch";
import { runCli, spawnEmulator } from "../support/emulator-process";

describe("messenger-graph-emulator flags", () => {
  it.each([
    [["--port", "abc"], /--port must be an integer from 0 to 65535 \(got "abc"\)/],
    [["--port", "70000"], /--port must be an integer from 0 to 65535/],
    [["--port=-1"], /--port must be an integer/],
    [["--port", "-1"], /--port' argument is ambiguous/],
    [["--port", "1e3"], /--port must be an integer/],
    [["--port"], /--port <value>' argument missing/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["stray"], /Unexpected argument 'stray'/],
    [["--rate-limit-calls", "0"], /--rate-limit-calls must be an integer from 1/],
    [["--rate-limit-window-ms", "ten"], /--rate-limit-window-ms must be an integer/],
    [["--latency-ms", "4294967296"], /--latency-ms must be an integer from 0 to 2147483647/],
    [["--max-body-bytes", "0"], /--max-body-bytes must be an integer from 1/],
    [["--max-log-entries", "-5"], /argument is ambiguous/],
    [["--log-body-bytes", "x"], /--log-body-bytes must be an integer/],
    [["--control-token", "two words"], /--control-token must be 1 to 1024 visible ASCII characters/],
    [["--pages", "no-such-file.json"], /--pages no-such-file.json: cannot read it \(ENOENT\)/],
    [["--show-tokens=yes"], /does not take an argument/],
  ])("%j prints one line of error and the usage, and exits 2", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const [first, second] = r.stderr.split("\n");
    expect(first).toMatch(/^messenger-graph-emulator: /);
    expect(first).toMatch(message);
    expect(second).toMatch(/^usage: messenger-graph-emulator/);
    expect(r.stderr).toContain("--max-body-bytes N");
  });

  it.each([["--help"], ["-h"]])("%s prints the usage and exits 0", async (flag) => {
    const r = await runCli([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: messenger-graph-emulator/);
    expect(r.stdout).toContain("--control-token T");
    expect(r.stderr).toBe("");
  });

  it("starts with the flags given and says who may use the control API", async () => {
    const emu = await spawnEmulator(["--max-log-entries", "2", "--show-tokens"]);
    try {
      const out = emu.output().stdout;
      expect(out).toContain("token EMULATOR-PAGE-TOKEN-1-not-a-real-token");
      expect(out).toContain("Control API: loopback peers only");
      for (let i = 0; i < 3; i++) await fetch(`${emu.url}/v25.0/me?i=${i}`).then((r) => r.text());
      const log = (await fetch(`${emu.url}/__emulator/requests`).then((r) => r.json())) as Array<{ seq: number }>;
      expect(log.map((r) => r.seq)).toEqual([2, 3]);
    } finally {
      await emu.stop();
    }
  });

  it("requires the given control token on the control API, loopback peers included", async () => {
    const token = "cli-test-control-token-0123456789";
    const emu = await spawnEmulator(["--control-token", token]);
    try {
      expect(emu.output().stdout).toContain(`Control API token: ${token}`);
      const status = (headers: Record<string, string>) =>
        fetch(`${emu.url}/__emulator/pages`, { headers }).then((r) => r.status);
      expect(await status({})).toBe(401);
      expect(await status({ "x-emulator-control-token": token })).toBe(200);
      expect(await status({ authorization: `Bearer ${token}` })).toBe(200);
    } finally {
      await emu.stop();
    }
  });

  it("on a non-loopback address, warns and generates a control token (only loopback traffic is sent)", async () => {
    const emu = await spawnEmulator(["--host", "0.0.0.0"]);
    try {
      const { stdout, stderr } = emu.output();
      expect(stderr).toMatch(/warning: .*0\.0\.0\.0, a non-loopback address.*requires the control token/);
      const token = /Control API token: (\S+)/.exec(stdout)?.[1];
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const local = `http://127.0.0.1:${emu.port}`;
      const status = (headers: Record<string, string>) =>
        fetch(`${local}/__emulator/pages`, { headers }).then((r) => r.status);
      expect(await status({})).toBe(401);
      expect(await status({ "x-emulator-control-token": token ?? "" })).toBe(200);
    } finally {
      await emu.stop();
    }
  });
});
