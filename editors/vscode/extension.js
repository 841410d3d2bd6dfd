// A minimal VS Code client for `speclint lsp` (see docs/editors.md).
// Runs the workspace's own speclint (node_modules/speclint) when there is one,
// so the editor lints with the version and config CI uses; else `speclint`
// from the PATH, or the script `speclint.path` names.
'use strict';
const {existsSync} = require('node:fs');
const {join} = require('node:path');
const {workspace, window} = require('vscode');
const {LanguageClient, TransportKind} = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** bin/speclint.js to run: the setting, else the first workspace folder's node_modules/speclint. */
function speclintScript() {
  const configured = workspace.getConfiguration('speclint').get('path');
  if (configured) return configured;
  for (const folder of workspace.workspaceFolders ?? []) {
    const script = join(folder.uri.fsPath, 'node_modules', 'speclint', 'bin', 'speclint.js');
    if (existsSync(script)) return script;
  }
  return undefined;
}

async function activate(context) {
  const script = speclintScript();
  // The client adds --stdio (and --clientProcessId), which `speclint lsp` accepts.
  const serverOptions = script
    ? {module: script, args: ['lsp'], transport: TransportKind.stdio}
    : {command: 'speclint', args: ['lsp'], transport: TransportKind.stdio, options: {shell: process.platform === 'win32'}};
  client = new LanguageClient('speclint', 'speclint', serverOptions, {
    documentSelector: [
      {scheme: 'file', language: 'markdown'},
      {scheme: 'untitled', language: 'markdown'},
    ],
    initializationOptions: {debounceMs: workspace.getConfiguration('speclint').get('debounceMs', 200)},
  });
  try {
    await client.start();
  } catch (error) {
    window.showErrorMessage(`speclint: cannot start the language server (${error instanceof Error ? error.message : error}); install speclint in the workspace or set speclint.path`);
    return;
  }
  context.subscriptions.push({dispose: () => client?.stop()});
}

async function deactivate() {
  if (client) await client.stop();
  client = undefined;
}

module.exports = {activate, deactivate};
