/**
 * `speclint lsp`: a language server over stdio (docs/editors.md).
 *
 * - Diagnostics on open and save at once, on change after a pause
 *   (`initializationOptions.debounceMs`, default 200 ms); each carries the
 *   rule id as `code`, the rule's docs as `codeDescription` and the hint
 *   after the message.
 * - Code actions: a quickfix per finding `--fix` can repair (that finding's
 *   fix), and "Fix all speclint problems" (`source.fixAll.speclint`), which
 *   makes exactly the changes `speclint --fix` makes.
 * - Config: per document, found as the CLI finds it (see workspace.ts), and
 *   loaded again when it changes: on a file-watch notification, on the save
 *   of a config file, or when its modification time changed.
 * - One bad document never stops the server: a config error becomes one
 *   diagnostic and one message, a failure while linting one diagnostic and a
 *   log entry, and the server keeps serving.
 */
import {basename} from 'node:path';
import {fileURLToPath} from 'node:url';
import {CONFIG_FILES} from '../config/load.js';
import {describeError} from '../lib/errors.js';
import {packageVersion} from '../lib/paths.js';
import {editsBetween, fileDiagnostic, fixToTextEdit, toDiagnostic} from './convert.js';
import {fixAll, Workspace, type EditorLint} from './workspace.js';
import type {CodeAction, Connection, Diagnostic, InitializeParams, TextEdit, WorkspaceEdit} from './vendor.js';

export const FIX_ALL_KIND = 'source.fixAll.speclint';
export const DEFAULT_DEBOUNCE_MS = 200;

/** `speclint lsp [--stdio]`: start the server; it runs until the client sends exit (or closes stdin). Its options are parsed in src/cli/main.ts. */
export async function lspCommand(): Promise<number> {
  await startServer(process.stdin, process.stdout);
  // The connection keeps the process alive; the server library exits on the client's `exit` or when stdin closes.
  return 0;
}

interface Linted {
  version: number;
  /** The text linted, BOM removed. */
  text: string;
  bom: number;
  lint: EditorLint | {kind: 'failed'};
  diagnostics: Diagnostic[];
}

function isMarkdown(uri: string, languageId: string): boolean {
  return languageId === 'markdown' || /\.(md|markdown)$/i.test(uri);
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function rootOf(params: InitializeParams): string {
  const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  return (uri && pathOf(uri)) || params.rootPath || process.cwd();
}

/** Whether position ranges overlap (touching counts: a cursor at a diagnostic's edge asks for it). */
function overlaps(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  const before = (p: {line: number; character: number}, q: {line: number; character: number}) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export async function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<Connection> {
  const {CodeActionKind, createConnection, DidChangeWatchedFilesNotification, MessageType, TextDocument, TextDocuments, TextDocumentSyncKind} = await import(
    './vendor.js'
  );
  const connection = createConnection(input, output);
  // stdout is the protocol: anything a dependency prints goes to the client's log instead.
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  // A bug must not take the editor's diagnostics down with it: log it and keep serving.
  process.on('uncaughtException', (error) => connection.console.error(`speclint: internal error: ${error?.stack ?? describeError(error)}`));
  process.on('unhandledRejection', (error) => connection.console.error(`speclint: internal error: ${(error as Error)?.stack ?? describeError(error)}`));

  const documents = new TextDocuments(TextDocument);
  let workspace = new Workspace(process.cwd());
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let watchFiles = false;
  let versionedEdits = false;
  let resolveEdits = false;
  const states = new Map<string, Linted>();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, {version: number; promise: Promise<Linted | undefined>}>();
  /** The version of each document a lint was last started for (so the didOpen content event is not linted twice). */
  const requested = new Map<string, number>();
  /** Config errors already shown (once each until the config changes). */
  const shown = new Set<string>();

  connection.onInitialize((params): import('./vendor.js').InitializeResult => {
    workspace = new Workspace(rootOf(params));
    const options = params.initializationOptions as {debounceMs?: unknown} | undefined;
    if (typeof options?.debounceMs === 'number' && options.debounceMs >= 0) debounceMs = options.debounceMs;
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    versionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    resolveEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    return {
      capabilities: {
        textDocumentSync: {openClose: true, change: TextDocumentSyncKind.Incremental, save: {includeText: false}},
        codeActionProvider: {codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true},
      },
      serverInfo: {name: 'speclint', version: packageVersion()},
    };
  });

  connection.onInitialized(() => {
    if (!watchFiles) return;
    // Config files, and the profile files and shared configs they name (YAML or JSON, anywhere).
    const watchers = [{globPattern: `**/{${CONFIG_FILES.join(',')}}`}, {globPattern: '**/*.{json,yaml,yml}'}];
    connection.client.register(DidChangeWatchedFilesNotification.type, {watchers}).catch((error: unknown) => {
      connection.console.warn(`speclint: cannot watch config files (${describeError(error)}); a config change is seen at the next edit`);
    });
  });

  async function lintDocument(uri: string, version: number, raw: string): Promise<Linted> {
    let text = '';
    let bom = 0;
    try {
      bom = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
      text = bom ? raw.slice(1) : raw;
      const doc = TextDocument.create(uri, 'markdown', version, raw);
      const lint = await workspace.lint(pathOf(uri), text);
      let diagnostics: Diagnostic[] = [];
      if (lint.kind === 'result') diagnostics = lint.messages.map((m) => toDiagnostic(m, doc, bom));
      else if (lint.kind === 'too-large') diagnostics = [fileDiagnostic('max-file-size', lint.message, 'warning')];
      else if (lint.kind === 'config-error') {
        const message = `speclint: invalid config, not linted: ${lint.message}`;
        diagnostics = [fileDiagnostic('config', message)];
        if (!shown.has(lint.message)) {
          shown.add(lint.message);
          connection.console.error(message);
          void connection.sendNotification('window/showMessage', {type: MessageType.Error, message});
        }
      }
      return {version, text, bom, lint, diagnostics};
    } catch (error) {
      connection.console.error(`speclint: cannot lint ${uri}: ${(error as Error)?.stack ?? describeError(error)}`);
      const message = `speclint could not lint this file: ${describeError(error)} (an internal error; please report it)`;
      return {version, text, bom, lint: {kind: 'failed'}, diagnostics: [fileDiagnostic('internal-error', message)]};
    }
  }

  /** Lint a document now (or join the lint of this version already running), publish, and return the result. */
  function validate(uri: string): Promise<Linted | undefined> {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    const doc = documents.get(uri);
    if (!doc || !isMarkdown(uri, doc.languageId)) return Promise.resolve(undefined);
    const version = doc.version;
    const inflight = running.get(uri);
    if (inflight?.version === version) return inflight.promise;
    requested.set(uri, version);
    const promise = lintDocument(uri, version, doc.getText()).then((linted) => {
      // A newer version is on its way (or the document was closed): this result is stale.
      if (documents.get(uri)?.version !== version) return linted;
      states.set(uri, linted);
      void connection.sendDiagnostics({uri, version, diagnostics: linted.diagnostics});
      return linted;
    });
    running.set(uri, {version, promise});
    void promise.finally(() => {
      if (running.get(uri)?.promise === promise) running.delete(uri);
    });
    return promise;
  }

  function schedule(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => void validate(uri), debounceMs));
  }

  /** The lint of a document's current text, linting it first when an edit has not been linted yet. */
  async function current(uri: string): Promise<Linted | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const state = states.get(uri);
    return state?.version === doc.version ? state : validate(uri);
  }

  function revalidateAll(): void {
    workspace.reload();
    shown.clear();
    for (const doc of documents.all()) void validate(doc.uri);
  }

  documents.onDidOpen((event) => void validate(event.document.uri));
  documents.onDidChangeContent((event) => {
    if (requested.get(event.document.uri) === event.document.version) return;
    schedule(event.document.uri);
  });
  documents.onDidSave((event) => {
    const path = pathOf(event.document.uri);
    const name = path ? basename(path) : '';
    if (path && (CONFIG_FILES.includes(name) || name === 'package.json' || workspace.configFiles().has(path))) revalidateAll();
    else void validate(event.document.uri);
  });
  documents.onDidClose((event) => {
    const {uri} = event.document;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    states.delete(uri);
    requested.delete(uri);
    void connection.sendDiagnostics({uri, diagnostics: []});
  });
  connection.onDidChangeWatchedFiles(() => revalidateAll());

  function workspaceEdit(uri: string, version: number, edits: TextEdit[]): WorkspaceEdit {
    return versionedEdits ? {documentChanges: [{textDocument: {uri, version}, edits}]} : {changes: {[uri]: edits}};
  }

  /** The edit making the changes `speclint --fix` makes to the document's current text (undefined: nothing to fix). */
  async function fixAllEdit(uri: string): Promise<WorkspaceEdit | undefined> {
    const state = await current(uri);
    if (!state || state.lint.kind !== 'result' || !state.lint.messages.some((m) => m.fix)) return undefined;
    const output = await fixAll(state.text, state.lint);
    if (output === state.text) return undefined;
    const {diffLines} = await import('diff');
    const doc = TextDocument.create(uri, 'markdown', state.version, (state.bom ? '\ufeff' : '') + state.text);
    return workspaceEdit(uri, state.version, editsBetween(diffLines(state.text, output), doc, state.bom));
  }

  connection.onCodeAction(async (params) => {
    const {uri} = params.textDocument;
    try {
      const state = await current(uri);
      if (!state || state.lint.kind !== 'result') return [];
      const wants = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const doc = TextDocument.create(uri, 'markdown', state.version, (state.bom ? '\ufeff' : '') + state.text);
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        state.lint.messages.forEach((m, index) => {
          const diagnostic = state.diagnostics[index]!;
          if (!m.fix || !overlaps(diagnostic.range, params.range)) return;
          actions.push({
            title: `Fix: ${m.message}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: true,
            edit: workspaceEdit(uri, state.version, [fixToTextEdit(m.fix, doc, state.bom)]),
          });
        });
      }
      if (wants(FIX_ALL_KIND) && state.lint.messages.some((m) => m.fix)) {
        const action: CodeAction = {title: 'Fix all speclint problems', kind: FIX_ALL_KIND, data: {uri}};
        if (resolveEdits) actions.push(action);
        else {
          const edit = await fixAllEdit(uri);
          if (edit) actions.push({...action, edit});
        }
      }
      return actions;
    } catch (error) {
      connection.console.error(`speclint: code actions for ${uri} failed: ${(error as Error)?.stack ?? describeError(error)}`);
      return [];
    }
  });

  connection.onCodeActionResolve(async (action) => {
    const uri = (action.data as {uri?: unknown} | undefined)?.uri;
    if (action.edit || action.kind !== FIX_ALL_KIND || typeof uri !== 'string') return action;
    try {
      const edit = await fixAllEdit(uri);
      return edit ? {...action, edit} : action;
    } catch (error) {
      connection.console.error(`speclint: fix all for ${uri} failed: ${(error as Error)?.stack ?? describeError(error)}`);
      return action;
    }
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
