// SPDX-License-Identifier: MIT
// Wraps request handlers: a thrown error is logged and answered with a default value, never a crash;
// a cancelled request is answered as cancelled.

import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

export type Logger = (message: string) => void;

export function runSafe<T>(log: Logger, fn: () => T, fallback: T, what: string, token?: CancellationToken): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    return fn();
  } catch (e) {
    log(`Error while ${what}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return fallback;
  }
}
