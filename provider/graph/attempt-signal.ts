/**
 * The cancel handle of one HTTP attempt: an abort signal for node-fetch v2 that costs next to nothing.
 *
 * node-fetch v2 reads a request's `signal` only through `aborted`, `addEventListener("abort", f)` and
 * `removeEventListener("abort", f)`, and accepts any object whose class is named `AbortSignal` (so that
 * polyfills such as the `abort-controller` package work; it checks the constructor's name, not the
 * class). Node's own `AbortController` costs some 15 µs per request there (its EventTarget and signal
 * bookkeeping), about 6% of a call to a local emulator; this one a few hundred nanoseconds. It is used
 * for one attempt and dropped: abort it to cancel the attempt (timeout, a redirect not followed, an
 * answer too large).
 *
 * @packageDocumentation
 */

type AbortListener = (event: { readonly type: "abort" }) => unknown;

/**
 * An abort signal for one node-fetch v2 request, and its own controller (`abort()`). Exported as
 * `AttemptSignal`; its class name is `AbortSignal` (shadowing the global in this module only), which
 * node-fetch v2 requires.
 */
class AbortSignal {
  /** Whether {@link abort} was called. */
  aborted = false;
  /** Why it was aborted (`undefined` before). */
  reason: unknown = undefined;
  /** Not used by node-fetch; present for the AbortSignal interface. */
  onabort: null = null;
  private listeners: AbortListener[] = [];

  /**
   * Registers a listener, called once on abort.
   *
   * @param type - only `"abort"` is dispatched
   * @param listener - the function to call
   */
  addEventListener(type: "abort", listener: AbortListener): void {
    if (type === "abort" && !this.listeners.includes(listener)) this.listeners.push(listener);
  }

  /**
   * Unregisters a listener.
   *
   * @param type - `"abort"`
   * @param listener - the function registered
   */
  removeEventListener(type: "abort", listener: AbortListener): void {
    const i = type === "abort" ? this.listeners.indexOf(listener) : -1;
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /**
   * Calls the listeners of an `abort` event (what {@link abort} does); other events are ignored.
   *
   * @param event - the event
   * @returns true
   */
  dispatchEvent(event: { readonly type: string }): boolean {
    if (event.type === "abort") for (const listener of [...this.listeners]) listener({ type: "abort" });
    return true;
  }

  /** Throws {@link reason} once aborted, as AbortSignal does. */
  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  /**
   * Aborts: marks the signal and calls every listener once. Later calls do nothing.
   *
   * @param reason - why (default: an `AbortError`)
   */
  abort(reason: unknown = Object.assign(new Error("This operation was aborted"), { name: "AbortError" })): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.dispatchEvent({ type: "abort" });
    this.listeners = [];
  }
}

export { AbortSignal as AttemptSignal };
