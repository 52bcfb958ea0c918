// A real JSON-RPC client connection to the language server, either in process over PassThrough
// streams or to the bundled server as a child process over stdio.
import { PassThrough } from 'node:stream';
import { spawn, ChildProcess } from 'node:child_process';
import {
  createProtocolConnection, ProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, InitializeResult, PublishDiagnosticsNotification, PublishDiagnosticsParams,
  DidOpenTextDocumentNotification, ShutdownRequest, ExitNotification,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { startServer } from '../../server/src/server';

export interface TestClient {
  connection: ProtocolConnection;
  /** `folders`: workspace folder paths (none by default). */
  initialize(initializationOptions?: unknown, folders?: readonly string[]): Promise<InitializeResult>;
  open(uri: string, languageId: string, text: string): Promise<void>;
  /** Resolves with the next diagnostics published for uri. */
  diagnostics(uri: string): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

/**
 * `processId` is null for the in-process server: with a pid the server would start a watchdog timer on
 * that process, which keeps the test process alive.
 */
function wrap(connection: ProtocolConnection, onClose: () => Promise<void>, processId: number | null): TestClient {
  const waiting = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
  const received = new Map<string, PublishDiagnosticsParams[]>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const w = waiting.get(p.uri);
    if (w && w.length) w.shift()!(p);
    else received.set(p.uri, [...(received.get(p.uri) ?? []), p]);
  });
  connection.listen();
  return {
    connection,
    async initialize(initializationOptions?: unknown, folders?: readonly string[]) {
      const workspaceFolders = folders ? folders.map((f) => ({ uri: URI.file(f).toString(), name: f })) : null;
      const r = await connection.sendRequest(InitializeRequest.type, { processId, rootUri: null, capabilities: {}, workspaceFolders, initializationOptions });
      await connection.sendNotification(InitializedNotification.type, {});
      return r;
    },
    async open(uri, languageId, text) {
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    },
    diagnostics(uri) {
      const early = received.get(uri);
      if (early && early.length) return Promise.resolve(early.shift()!);
      return new Promise((resolve) => waiting.set(uri, [...(waiting.get(uri) ?? []), resolve]));
    },
    close: onClose,
  };
}

export function inProcessClient(): TestClient {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(server);
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  return wrap(client, async () => {
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
    server.dispose();
  }, null);
}

export function childProcessClient(serverJs: string, env: NodeJS.ProcessEnv = process.env): TestClient & { child: ChildProcess } {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const client = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const c = wrap(client, async () => {
    await client.sendRequest(ShutdownRequest.type);
    await client.sendNotification(ExitNotification.type);
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    client.dispose();
  }, process.pid);
  return Object.assign(c, { child });
}
