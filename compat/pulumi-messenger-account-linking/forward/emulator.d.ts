export * from "pulumi-messenger/emulator";
