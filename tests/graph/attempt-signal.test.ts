// The attempt signal that the Graph client gives node-fetch instead of Node's AbortController: node-fetch
// v2 accepts it, and aborting it cancels a real request in flight (over HTTP, to the emulator).
import fetch from "node-fetch";
import { makePages, startEmulator, type Emulator } from "../../emulator";
import { AttemptSignal } from "../../provider/graph/attempt-signal";

const pages = makePages(1);
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, pages, rateLimit: { calls: 1e9, windowMs: 100 } });
});
afterAll(() => emu.close());

const url = () => `${emu.url}/v25.0/me?fields=id,name&access_token=${pages[0].token}`;

describe("AttemptSignal", () => {
  it("calls each listener once, whatever the number of aborts, and forgets removed listeners", () => {
    const signal = new AttemptSignal();
    const calls: string[] = [];
    const a = () => calls.push("a");
    const b = () => calls.push("b");
    signal.addEventListener("abort", a);
    signal.addEventListener("abort", a);
    signal.addEventListener("abort", b);
    signal.removeEventListener("abort", b);
    expect(signal.aborted).toBe(false);
    expect(() => signal.throwIfAborted()).not.toThrow();
    signal.abort();
    signal.abort();
    expect(calls).toEqual(["a"]);
    expect(signal.aborted).toBe(true);
    expect(() => signal.throwIfAborted()).toThrow("This operation was aborted");
    expect((signal.reason as Error).name).toBe("AbortError");
  });

  it("is accepted by node-fetch v2, which completes a request when it is not aborted", async () => {
    const signal = new AttemptSignal();
    const res = await fetch(url(), { signal });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: pages[0].id, name: pages[0].name });
  });

  it("cancels a request in flight: node-fetch rejects with an AbortError at once", async () => {
    emu.injectFault({ fault: { type: "delay", ms: 0, hang: true }, times: 1 });
    const signal = new AttemptSignal();
    const started = Date.now();
    setTimeout(() => signal.abort(), 50);
    await expect(fetch(url(), { signal })).rejects.toMatchObject({ name: "AbortError", type: "aborted" });
    expect(Date.now() - started).toBeLessThan(2000);
    emu.clearFaults();
  });

  it("fails a request before it is sent when it is already aborted", async () => {
    const signal = new AttemptSignal();
    signal.abort();
    emu.clearRequests();
    await expect(fetch(url(), { signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(emu.requests()).toHaveLength(0);
  });
});
