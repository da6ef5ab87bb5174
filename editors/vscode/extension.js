// Starts `xinxi lsp` (the setting xinxi.command) for .xinxi files.
const { workspace } = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const [command, ...args] = workspace.getConfiguration("xinxi").get("command");
  client = new LanguageClient(
    "xinxi",
    "xinxi",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "xinxi" }, { scheme: "untitled", language: "xinxi" }] }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
