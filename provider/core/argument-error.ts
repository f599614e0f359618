/**
 * Arguments refused before any call: a function's (`getMessengerProfile`) or a command line's (the
 * export CLI). The message names the argument and says what to write instead.
 *
 * @packageDocumentation
 */

/** Arguments refused before any call. */
export class ArgumentError extends Error {
  /**
   * @param property - the argument concerned (`fields`, `--fields`, …; "" when it is the whole call)
   * @param message - the whole message: what is wrong and what to write instead
   */
  constructor(
    readonly property: string,
    message: string,
  ) {
    super(message);
    this.name = "ArgumentError";
  }
}
