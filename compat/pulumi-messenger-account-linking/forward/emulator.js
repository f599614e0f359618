// The emulator entry, under the old name.
module.exports = require("pulumi-messenger/emulator");
