/**
 * The language server's packages, in one module: vscode-languageserver (the
 * JSON-RPC connection and the protocol's types and constants) and
 * vscode-languageserver-textdocument (the synced documents, with
 * incremental updates and offset/position conversion).
 *
 * `npm run build` replaces the compiled `dist/src/lsp/vendor.js` with one
 * esbuild bundle of this file (scripts/build-vendor.mjs), about 430 KiB (CommonJS, so not tree-shaken),
 * so neither package (nor the protocol, JSON-RPC and types packages they
 * pull in, 1.8 MB installed) is a runtime dependency: they are
 * devDependencies, and only `speclint lsp` loads the bundle. Run from the
 * TypeScript sources (vitest, tsx) these are plain re-exports.
 */
export {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  MessageType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
export {TextDocument} from 'vscode-languageserver-textdocument';
