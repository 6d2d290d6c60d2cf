/** Reading user files for the CLI, with one-line errors. */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** A user's input could not be used; the CLI prints the message and exits with status 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function readError(error: unknown, path: string, what: string): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
  return new UsageError(`cannot read ${what} ${path}: ${reason}`);
}

export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw readError(error, path, what);
  }
}

/** Where readline (with `crlfDelay: Infinity`) ends a line. */
const LINE_BREAK = /\r\n|\n|\r/;

/** Bytes read at a time by `forEachLine`. */
const CHUNK_BYTES = 65536;

/**
 * Calls `onLine` with each line of a UTF-8 text file and its 1-based number, ending lines where
 * readline does (`\n`, `\r\n` or a lone `\r`; no empty line after a final break). The file is read
 * in chunks into one buffer: a whole large file would cost a buffer and a string of its size, whose
 * fresh pages a cold process pays for one by one. `chunkBytes` is the size of a read.
 */
export function forEachLine(path: string, what: string, onLine: (line: string, lineNumber: number) => void, chunkBytes = CHUNK_BYTES): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw readError(error, path, what);
  }
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let lineNumber = 0;
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, chunkBytes, null);
      } catch (error) {
        throw readError(error, path, what);
      }
      const text = bytes === 0 ? pending + decoder.end() : pending + decoder.write(buffer.subarray(0, bytes));
      const pieces = text.split(LINE_BREAK);
      // The last piece may go on in the next chunk, and so may a final "\r" (as the "\r\n" it may be).
      let complete = pieces.length - 1;
      pending = pieces[complete]!;
      if (bytes > 0 && pending.length === 0 && text.endsWith('\r')) {
        complete--;
        pending = `${pieces[complete]!}\r`;
      }
      for (let i = 0; i < complete; i++) onLine(pieces[i]!, ++lineNumber);
      if (bytes === 0) {
        if (pending.length > 0) onLine(pending, ++lineNumber);
        return;
      }
    }
  } finally {
    closeSync(fd);
  }
}
