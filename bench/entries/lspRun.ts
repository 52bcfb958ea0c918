// One LSP session against the bundled server (node dist/server.js --stdio) with the full refpolicy
// source indexed: the time from initialize to a finished index, then completion and hover round trips
// on the largest .te and .if files. Prints one JSON line.
//   node lspRun.cjs SERVER_JS POLICY_ROOT FILE...
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  CompletionRequest, createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, HoverRequest,
  InitializedNotification, InitializeRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

const [serverJs, policyRoot, ...files] = process.argv.slice(2);

function positions(text: string): { completion: Array<[number, number]>; hover: Array<[number, number]> } {
  const lines = text.split('\n');
  const completion: Array<[number, number]> = [];
  const hover: Array<[number, number]> = [];
  lines.forEach((l, i) => {
    const colon = l.indexOf(':');
    if (/^\s*(allow|dontaudit)\s/.test(l) && colon > 0) {
      completion.push([i, colon + 1]); // classes
      const after = l.indexOf(' ', colon);
      if (after > 0) completion.push([i, after + 1]); // permissions
      completion.push([i, l.search(/\S/) + 6]); // types (after "allow ")
    }
    const call = /^\s*([a-z][a-z0-9_]+)\(/.exec(l);
    if (call) {
      hover.push([i, l.indexOf(call[1]) + 2]);
      completion.push([i, l.indexOf(call[1]) + 3]); // statement start with a 3-letter prefix
    }
    const t = /\b(\w+_t)\b/.exec(l);
    if (t) hover.push([i, l.indexOf(t[1]) + 1]);
  });
  return { completion: completion.slice(0, 400), hover: hover.slice(0, 400) };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main() {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  c.listen();
  const t0 = performance.now();
  await c.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null, initializationOptions: { policyPath: [policyRoot], indexCache: process.env.BENCH_INDEX_CACHE === '1' } });
  await c.sendNotification(InitializedNotification.type, {});
  const stats = (await c.sendRequest('selinux/indexStatus')) as Record<string, number>;
  const readyMs = performance.now() - t0;
  const readyRssKB = peakRssKB(child.pid);
  const completion: number[] = [];
  const hover: number[] = [];
  let items = 0;
  let hovers = 0;
  for (const f of files) {
    const uri = URI.file(f).toString();
    const text = readFileSync(f, 'utf8');
    await c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: f.endsWith('.if') ? 'selinux-if' : 'selinux-te', version: 1, text } });
    const pos = positions(text);
    // Warm-up requests (JIT), not measured.
    for (const [line, character] of pos.completion.slice(0, 20)) await c.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
    for (const [line, character] of pos.completion) {
      const s = performance.now();
      const r = await c.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
      completion.push(performance.now() - s);
      items += Array.isArray(r) ? r.length : r?.items.length ?? 0;
    }
    for (const [line, character] of pos.hover) {
      const s = performance.now();
      const r = await c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
      hover.push(performance.now() - s);
      if (r) hovers++;
    }
  }
  const endRssKB = peakRssKB(child.pid);
  await c.sendRequest(ShutdownRequest.type);
  await c.sendNotification(ExitNotification.type);
  c.dispose();
  process.stdout.write(JSON.stringify({
    readyMs, stats,
    completion: { n: completion.length, p50: pct(completion, 50), p95: pct(completion, 95), items },
    hover: { n: hover.length, p50: pct(hover, 50), p95: pct(hover, 95), answered: hovers },
    rssKB: process.resourceUsage().maxRSS,
    server: { readyRssKB, endRssKB },
  }) + '\n');
}

/** The server process's peak RSS so far (VmHWM from /proc, Linux), or -1 when it cannot be read. */
function peakRssKB(pid: number | undefined): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : -1;
  } catch {
    return -1;
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
