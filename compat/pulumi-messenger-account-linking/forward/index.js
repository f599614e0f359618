// The package entry: everything pulumi-messenger exports, under the old name.
module.exports = require("pulumi-messenger");
