/**
 * Validation of a persistent menu: its locales, items (postback and web_url, never the removed
 * nested menus), titles, payloads, URLs and the webview options Messenger has and Instagram has not.
 *
 * @packageDocumentation
 */
import { isUnknown } from "../core/unknown";
import { typeOf } from "../graph/url-rules";
import type { ProfilePlatform } from "../graph/profile-fields";
import { Checker, isAbsent, isObj, quote, type Obj } from "./checker";
import { PROFILE_LIMITS } from "./limits";
import { MAX_LOCALE_ENTRIES } from "./locales";
import { checkPayload, checkUrl } from "./value-checks";

/** The values `webviewHeightRatio` accepts. */
export const WEBVIEW_HEIGHT_RATIOS = ["compact", "tall", "full"] as const;

const MESSENGER_ONLY_ITEM_KEYS = ["webviewHeightRatio", "messengerExtensions", "fallbackUrl", "webviewShareButton"];

function checkMenuItem(c: Checker, p: string, item: unknown, platform: ProfilePlatform | undefined): void {
  if (isUnknown(item)) return;
  if (!isObj(item)) {
    c.fail(p, `must be an object (a menu item { type, title, … }), got ${typeOf(item)}`);
    return;
  }
  const type = item.type;
  if (isUnknown(type)) return;
  if (type === "nested") {
    c.fail(
      `${p}.type`,
      `is "nested": Meta removed nested menus on 2022-08-04. Flatten the sub-menu into this locale's callToActions (up to ${PROFILE_LIMITS.menuItems} items)`,
    );
    return;
  }
  if (type !== "postback" && type !== "web_url") {
    c.fail(
      `${p}.type`,
      isAbsent(type)
        ? 'is required: "postback" (sends payload to your webhook) or "web_url" (opens url)'
        : `must be "postback" or "web_url", got ${typeof type === "string" ? quote(type) : typeOf(type)}`,
    );
    return;
  }
  const allowed =
    type === "postback" ? ["type", "title", "payload"] : ["type", "title", "url", ...MESSENGER_ONLY_ITEM_KEYS];
  c.object(p, item, allowed, `a ${type} menu item`);
  if (isAbsent(item.title)) c.fail(`${p}.title`, "is required: the label shown in the menu (at most 30 characters)");
  else c.text(`${p}.title`, item.title, PROFILE_LIMITS.menuTitle, "the label shown in the menu");
  if (type === "postback") {
    if (isAbsent(item.payload))
      c.fail(`${p}.payload`, "is required for a postback item: the payload sent to your webhook");
    else checkPayload(c, `${p}.payload`, item.payload);
    return;
  }
  checkWebUrlItem(c, p, item, platform);
}

/** The properties of a `web_url` item, and the platform's restrictions on them. */
function checkWebUrlItem(c: Checker, p: string, item: Obj, platform: ProfilePlatform | undefined): void {
  if (isAbsent(item.url)) c.fail(`${p}.url`, "is required for a web_url item: the https URL of the page to open");
  else checkUrl(c, `${p}.url`, item.url, "webPage");
  if (platform === "instagram") {
    for (const key of MESSENGER_ONLY_ITEM_KEYS)
      if (!isAbsent(item[key]))
        c.fail(`${p}.${key}`, `does not exist on Instagram (Meta's Instagram menu has no webview options): remove it`);
    return;
  }
  if (!isAbsent(item.webviewHeightRatio))
    c.oneOf(`${p}.webviewHeightRatio`, item.webviewHeightRatio, WEBVIEW_HEIGHT_RATIOS);
  if (!isAbsent(item.messengerExtensions)) c.boolean(`${p}.messengerExtensions`, item.messengerExtensions);
  if (!isAbsent(item.webviewShareButton)) c.oneOf(`${p}.webviewShareButton`, item.webviewShareButton, ["hide", "show"]);
  if (!isAbsent(item.fallbackUrl)) {
    if (item.messengerExtensions !== true && !isUnknown(item.messengerExtensions))
      c.fail(
        `${p}.fallbackUrl`,
        "is only allowed with messengerExtensions: true (it is the page opened where Messenger Extensions are not supported): remove it or set messengerExtensions",
      );
    else checkUrl(c, `${p}.fallbackUrl`, item.fallbackUrl, "webPage");
  }
}

/**
 * Checks a persistent menu: every locale, item, title, payload and URL, and the platform's restrictions.
 *
 * @param c - the checker
 * @param v - the declared menu
 * @param platform - the profile's platform, when known
 */
export function checkPersistentMenu(c: Checker, v: unknown, platform: ProfilePlatform | undefined): void {
  if (!c.array("persistentMenu", v, 1, MAX_LOCALE_ENTRIES, "menus ({ locale, callToActions })")) return;
  v.forEach((l, i) => {
    const p = `persistentMenu[${i}]`;
    if (
      !c.object(
        p,
        l,
        ["locale", "composerInputDisabled", "callToActions"],
        "the menu of one locale ({ locale, composerInputDisabled, callToActions })",
      )
    )
      return;
    if (isAbsent(l.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
    const disabled = l.composerInputDisabled;
    if (!isAbsent(disabled)) {
      if (platform === "instagram")
        c.fail(
          `${p}.composerInputDisabled`,
          "does not exist on Instagram (the composer cannot be disabled there): remove it",
        );
      else c.boolean(`${p}.composerInputDisabled`, disabled);
    }
    const needItems = platform === "instagram" || disabled === true;
    const items = l.callToActions;
    if (isAbsent(items)) {
      if (needItems)
        c.fail(
          `${p}.callToActions`,
          platform === "instagram"
            ? "is required on Instagram: give 1 to 20 menu items"
            : "is required when composerInputDisabled is true (the menu is then the only way to talk to the bot): give 1 to 20 menu items",
        );
      return;
    }
    if (c.array(`${p}.callToActions`, items, needItems ? 1 : 0, PROFILE_LIMITS.menuItems, "menu items"))
      items.forEach((item, j) => checkMenuItem(c, `${p}.callToActions[${j}]`, item, platform));
  });
  c.locales("persistentMenu", v);
}
