// The full Messenger profile (every field, two locales) that the benchmark programs declare on Page
// `i`: MessengerProfile's inputs in bench/program/index.ts (`profileUp50`, `botUp`) and the native
// SDK's Profile in bench/program/native.ts (`nativeProfileUp50`), the same object for both doors.
// Only types are imported: the compiled module requires nothing, and is staged beside both programs.
import type { MessengerProfileArgs } from "pulumi-messenger";
import type { ProfileArgs } from "pulumi-messenger/native";

/** A profile's inputs without its token, as both doors take them (the SDK's arrays are mutable, the class's readonly). */
type ProfileInputs = Omit<MessengerProfileArgs, "pageAccessToken"> & Omit<ProfileArgs, "pageAccessToken">;

/** A full Messenger profile, its texts and payloads numbered for Page `i`; the account linking URL `<baseUrl>?page=<i>`. */
export function fullProfile(i: number, baseUrl: string): ProfileInputs {
  const shop = "https://shop.example.com";
  return {
    whitelistedDomains: [shop, "https://help.example.com"],
    getStarted: { payload: `GET_STARTED_${i}` },
    greeting: [
      { locale: "default", text: `Hi {{user_first_name}}, welcome to shop ${i}!` },
      { locale: "fr_FR", text: `Bonjour {{user_first_name}}, bienvenue dans la boutique ${i} !` },
    ],
    iceBreakers: [
      { locale: "default", callToActions: [{ question: "Where is my order?", payload: `ORDER_${i}` }] },
      { locale: "fr_FR", callToActions: [{ question: "Où est ma commande ?", payload: `ORDER_${i}` }] },
    ],
    persistentMenu: [
      {
        locale: "default",
        callToActions: [
          { type: "postback", title: "Talk to a person", payload: `HUMAN_${i}` },
          { type: "web_url", title: "Shop", url: `${shop}/?page=${i}`, webviewHeightRatio: "full" },
        ],
      },
      { locale: "fr_FR", callToActions: [{ type: "postback", title: "Parler à quelqu'un", payload: `HUMAN_${i}` }] },
    ],
    commands: [
      { locale: "default", commands: [{ name: "order", description: "Track an order" }] },
      { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
    ],
    accountLinkingUrl: `${baseUrl}?page=${i}`,
  };
}
