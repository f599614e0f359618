export * from "pulumi-messenger";
