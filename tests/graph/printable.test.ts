// printable(): what a server sends is shown on one line, in the order it was written.
import { hasActingCharacter, printable } from "../../provider/graph/printable";

describe("printable", () => {
  it.each([
    ["ESC", "a\u001b[2Kb", "a\\u001b[2Kb"],
    ["CR LF", "Shop\r\nDeployment succeeded.", "Shop\\r\\nDeployment succeeded."],
    ["tab", "a\tb", "a\\tb"],
    ["DEL and a C1 control", "a\u007fb\u0085c", "a\\u007fb\\u0085c"],
    ["a right-to-left override", "abc\u202efed", "abc\\u202efed"],
    ["bidi marks", "a\u200eb\u200fc\u061cd", "a\\u200eb\\u200fc\\u061cd"],
    ["isolates", "a\u2066b\u2069", "a\\u2066b\\u2069"],
    ["line and paragraph separators", "a\u2028b\u2029", "a\\u2028b\\u2029"],
    ["interlinear annotation marks", "a\ufff9b\ufffb", "a\\ufff9b\\ufffb"],
    ["a lone surrogate", "a\ud83d", "a\\ud83d"],
  ])("escapes %s", (_name, text, shown) => {
    expect(hasActingCharacter(text)).toBe(true);
    expect(printable(text)).toBe(shown);
    expect(hasActingCharacter(printable(text))).toBe(false);
  });

  it("keeps printable text, other scripts and emoji as they are", () => {
    const text = "Café 東京 مرحبا \u{1F600} \u00ad soft";
    expect(printable(text)).toBe(text);
    expect(hasActingCharacter(text)).toBe(false);
  });
});
