/**
 * A language client for the tests: spawns `node bin/speclint.js lsp` as an
 * editor does and speaks JSON-RPC to it over stdio with
 * vscode-languageserver-protocol (the client side of the same library).
 */
import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import {TextDocument, type TextEdit} from 'vscode-languageserver-textdocument';
import type {FileResult, LintMessage} from '../src/engine/lint.js';

export const repo = join(import.meta.dirname, '..');
export const bin = join(repo, 'bin', 'speclint.js');

export const uriOf = (path: string): string => pathToFileURL(path).href;

/** Capabilities an editor like VS Code announces for what the server uses. */
export const EDITOR_CAPABILITIES: ClientCapabilities = {
  workspace: {didChangeWatchedFiles: {dynamicRegistration: true}, workspaceEdit: {documentChanges: true}},
  textDocument: {
    publishDiagnostics: {relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true},
    codeAction: {codeActionLiteralSupport: {codeActionKind: {valueSet: ['quickfix', 'source', 'source.fixAll']}}},
    synchronization: {didSave: true},
  },
};

interface Waiter {
  uri: string;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  /** Every window/logMessage and window/showMessage the server sent. */
  readonly logs: string[] = [];
  readonly shown: Array<{type: number; message: string}> = [];
  readonly registrations: unknown[] = [];
  stderr = '';
  private readonly waiters: Waiter[] = [];
  private readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const i = this.waiters.findIndex((w) => w.uri === p.uri && w.accept(p));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(p);
    });
    this.connection.onNotification('window/logMessage', (p: {message: string}) => void this.logs.push(p.message));
    this.connection.onNotification('window/showMessage', (p: {type: number; message: string}) => void this.shown.push(p));
    this.connection.onRequest('client/registerCapability', (p: unknown) => {
      this.registrations.push(p);
      return null;
    });
    this.connection.listen();
  }

  /** Start `speclint lsp` and initialize it with `root` as the workspace folder. */
  static async start(root: string, options: {capabilities?: ClientCapabilities; initializationOptions?: unknown} = {}): Promise<{client: LspClient; init: InitializeResult}> {
    const child = spawn(process.execPath, [bin, 'lsp'], {cwd: root, stdio: ['pipe', 'pipe', 'pipe']});
    const client = new LspClient(child);
    const init = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{uri: uriOf(root), name: 'test'}],
      capabilities: options.capabilities ?? EDITOR_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return {client, init};
  }

  /**
   * The next diagnostics published for `uri` (from now on) that `accept`
   * takes. Call before sending what triggers them.
   */
  diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${this.stderr}; log: ${this.logs.join('\n')}`)), timeoutMs);
      this.waiters.push({uri, accept, resolve: (p) => (clearTimeout(timer), resolve(p))});
    });
  }

  async open(uri: string, text: string, version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.diagnostics(uri, (p) => p.version === undefined || p.version === version);
    await this.connection.sendNotification('textDocument/didOpen', {textDocument: {uri, languageId: 'markdown', version, text}});
    return published;
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const published = this.diagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification('textDocument/didChange', {textDocument: {uri, version}, contentChanges});
    return published;
  }

  /** shutdown, then exit: the server's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    return this.exited;
  }

  exitCode(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }
}

/** What the CLI reports for files, as `speclint -f json` prints it (run in `cwd`). */
export function cliJson(files: string[], cwd = repo): FileResult[] {
  const r = spawnSync(process.execPath, [bin, '-f', 'json', ...files], {cwd, encoding: 'utf8'});
  if (r.status !== 0 && r.status !== 1) throw new Error(`speclint exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as FileResult[];
}

/** A CLI finding as the diagnostic the server should publish for it (end: see `expectSameFindings`). */
export function expectedDiagnostic(m: LintMessage) {
  return {
    code: m.ruleId,
    severity: m.severity === 2 ? 1 : 2,
    source: 'speclint',
    start: {line: m.line - 1, character: m.column - 1},
    end: m.endLine !== undefined && m.endColumn !== undefined ? {line: m.endLine - 1, character: m.endColumn - 1} : 'end of word or line',
    message: m.hint ? `${m.message}\nhint: ${m.hint}` : m.message,
    href: m.url,
  };
}

/** A published diagnostic in the shape of `expectedDiagnostic`; `text` is the document, to check ends the CLI does not give. */
export function actualDiagnostic(d: Diagnostic, expectedEnd: unknown, text: string) {
  let end: unknown = d.range.end;
  if (expectedEnd === 'end of word or line') {
    const line = text.split(/\r?\n/)[d.range.start.line] ?? '';
    const word = /^\S+/.exec(line.slice(d.range.start.character));
    const wordEnd = word ? d.range.start.character + word[0].length : line.length;
    if (d.range.end.line === d.range.start.line && d.range.end.character === wordEnd) end = 'end of word or line';
  }
  return {
    code: d.code,
    severity: d.severity,
    source: d.source,
    start: d.range.start,
    end,
    message: d.message,
    href: d.codeDescription?.href,
  };
}

/** Apply LSP text edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), edits);
}
